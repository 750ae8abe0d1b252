/**
 * Strict readers for the per-result formats' tests: an RFC 4180 CSV parser and a minimal XML 1.0
 * parser. Written here rather than added as dependencies: each is a few dozen lines, and being
 * strict (any malformed input throws) is what the tests need — a lenient library would accept
 * what a CI dashboard might reject.
 */

/** RFC 4180: CRLF records, fields quoted with `"`, `""` inside quotes. Throws on anything else. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    if (text[i] === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('an unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
      if (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (text[i] === ',') {
      endField();
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else if (text[i] === '\r' || text[i] === '\n') {
      throw new Error(`a bare line break in an unquoted field at ${i}`);
    } else {
      field += text[i];
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new Error(`'<' in character data at ${at}`);
  return raw.replace(/&([^;]*);|&/g, (match, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`a bare '&' at ${at}`);
    if (ENTITIES[ref] !== undefined) return ENTITIES[ref]!;
    const code = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
    if (code === undefined) throw new Error(`an unknown entity ${match} at ${at}`);
    const char = String.fromCodePoint(parseInt(code, ref.startsWith('#x') ? 16 : 10));
    if (!XML_CHAR.test(char)) throw new Error(`a reference to a character XML cannot carry at ${at}`);
    return char;
  });
}

/**
 * Parses a document with an optional `<?xml …?>` declaration and one root element: elements,
 * double-quoted attributes, character data and references. No comments, CDATA, DTD or processing
 * instructions (the renderers write none). Throws on anything not well-formed.
 */
export function parseXml(text: string): XmlElement {
  if (!XML_CHAR.test(text)) throw new Error('a character XML 1.0 cannot carry');
  let i = 0;
  const rest = () => text.slice(i);
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? '')) i += 1;
  };
  if (text.startsWith('<?xml', 0)) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('an unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();

  function element(): XmlElement {
    if (text[i] !== '<') throw new Error(`expected an element at ${i}`);
    i += 1;
    const name = NAME.exec(rest())?.[0];
    if (!name) throw new Error(`expected an element name at ${i}`);
    i += name.length;
    const node: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (text[i] === '>') {
        i += 1;
        break;
      }
      if (i === before) throw new Error(`expected whitespace before an attribute at ${i}`);
      const attribute = NAME.exec(rest())?.[0];
      if (!attribute) throw new Error(`expected an attribute name at ${i}`);
      i += attribute.length;
      if (text[i] !== '=' || text[i + 1] !== '"') throw new Error(`expected ="…" after ${attribute} at ${i}`);
      const end = text.indexOf('"', i + 2);
      if (end < 0) throw new Error(`an unterminated attribute value at ${i}`);
      if (attribute in node.attributes) throw new Error(`attribute ${attribute} given twice at ${i}`);
      node.attributes[attribute] = decode(text.slice(i + 2, end), i);
      i = end + 1;
    }
    for (;;) {
      const next = text.indexOf('<', i);
      if (next < 0) throw new Error(`element ${name} is not closed`);
      node.text += decode(text.slice(i, next), i);
      i = next;
      if (text.startsWith('</', i)) {
        const close = `</${name}>`;
        if (!text.startsWith(close, i)) throw new Error(`expected ${close} at ${i}`);
        i += close.length;
        return node;
      }
      if (text.startsWith('<!', i) || text.startsWith('<?', i)) throw new Error(`unsupported markup at ${i}`);
      node.children.push(element());
    }
  }

  const root = element();
  skipSpace();
  if (i !== text.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

/** The element's children of one name. */
export function childrenNamed(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((child) => child.name === name);
}
