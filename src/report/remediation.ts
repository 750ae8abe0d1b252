/**
 * A check's remediation command with the failing resource's own values in place of its
 * placeholders (`<api-id>`, `<stage>`, `<region>`…), ready to copy. Each value comes from the
 * result's resource reference (its ARN, type and name) and becomes one inert shell word,
 * whatever quotes, `$()`, `;` or spaces it holds. A placeholder the reference cannot fill stays as
 * written, so the reader sees what is still theirs to choose.
 */
import type { ResourceRef } from '../model/results.js';
import { parseArn } from './console-links.js';

const PLACEHOLDER = /<([A-Za-z][A-Za-z0-9-]*)>/y;
/** Characters that mean nothing to a POSIX shell, in or out of quotes. */
const INERT = /^[A-Za-z0-9_.,:/@%+=-]+$/;

/** One shell word: as is when inert, else in single quotes (`'` written `'\''`). */
export function shellQuote(value: string): string {
  return INERT.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function apiGatewayParts(arnText: string | undefined): { apiId?: string; stage?: string; domain?: string } {
  const arn = arnText === undefined ? undefined : parseArn(arnText);
  if (arn?.service !== 'apigateway') return {};
  const api = /^\/(?:restapis|apis)\/([^/]+)(?:\/stages\/(.+))?$/s.exec(arn.resource);
  if (api) return { apiId: api[1], ...(api[2] === undefined ? {} : { stage: api[2] }) };
  const domain = /^\/domainnames\/([^/]+)$/.exec(arn.resource);
  return domain ? { domain: domain[1] } : {};
}

/** The API a shared resource (a Lambda function, a user pool) is reported for, when it is one API. */
function owningApiArn(ref: ResourceRef): string | undefined {
  return ref.linkedApiArns !== undefined && ref.linkedApiArns.length > 1 ? undefined : ref.apiArn;
}

function resourceParts(ref: ResourceRef): Record<string, string> {
  const arn = parseArn(ref.arn);
  const resource = arn?.resource ?? '';
  switch (ref.type) {
    case 'user-pool': {
      const id = /^userpool\/(.+)$/s.exec(resource)?.[1];
      return id === undefined ? {} : { 'user-pool-id': id };
    }
    case 'identity-pool': {
      const id = /^identitypool\/(.+)$/s.exec(resource)?.[1];
      return id === undefined ? {} : { 'identity-pool-id': id };
    }
    case 'lambda-function': {
      const name = /^function:([^:]+)/.exec(resource)?.[1];
      return name === undefined ? {} : { 'function-name': name };
    }
    case 'kms-key':
      return { 'key-arn': ref.arn };
    case 'web-acl': {
      const acl = /^regional\/webacl\/([^/]+)\/([^/]+)$/.exec(resource);
      return acl ? { 'web-acl-arn': ref.arn, 'web-acl-name': acl[1]!, 'web-acl-id': acl[2]! } : {};
    }
    case 'dns-record': {
      const zone = /^hostedzone\/([^/]+)/.exec(resource)?.[1];
      return zone === undefined ? {} : { 'zone-id': zone };
    }
    default:
      return {};
  }
}

/** What the placeholders stand for, as far as this resource tells. */
export function placeholderValues(ref: ResourceRef): Record<string, string> {
  const own = apiGatewayParts(ref.arn);
  const api = own.apiId !== undefined ? own : apiGatewayParts(owningApiArn(ref));
  const values: Record<string, string> = { ...resourceParts(ref) };
  if (ref.region !== '' && ref.region !== 'global') values.region = ref.region;
  if (/^\d{12}$/.test(ref.account)) values['account-id'] = ref.account;
  if (api.apiId !== undefined) values['api-id'] = api.apiId;
  if (own.stage !== undefined) {
    values.stage = own.stage;
    // `orders-api/prod` names the stage `prod` of `orders-api`.
    const suffix = `/${own.stage}`;
    if (ref.name.endsWith(suffix) && ref.name.length > suffix.length) values['api-name'] = ref.name.slice(0, -suffix.length);
  } else if (ref.type === 'rest-api' || ref.type === 'http-api' || ref.type === 'websocket-api') {
    values['api-name'] = ref.name;
  }
  if (values['api-name'] !== undefined) values.api = values['api-name'];
  if (own.domain !== undefined) values.domain = own.domain;
  return values;
}

/** `arn:aws:` in a template, for a resource of another partition (`aws-cn`, `aws-us-gov`). */
function partitionOf(ref: ResourceRef): string | undefined {
  const partition = parseArn(ref.arn)?.partition;
  return partition !== undefined && /^aws(-[a-z]+)*$/.test(partition) ? partition : undefined;
}

/**
 * A value written where the template is: out of quotes it is one quoted word; inside a quoted
 * string the quotes close around it and reopen, so the value never reads as shell syntax.
 */
function insert(value: string, quote: "'" | '"' | undefined): string {
  if (INERT.test(value)) return value;
  const word = shellQuote(value);
  return quote === undefined ? word : `${quote}${word}${quote}`;
}

/** A template's text between placeholders, and each placeholder with the quote it stands in. */
type TemplatePiece = string | { name: string; quote: "'" | '"' | undefined; written: string };

/**
 * The template cut at its placeholders, read as `fillCommand` reads it: a placeholder is `<name>`
 * where no backslash escapes its `<`; quotes change only outside placeholders.
 */
function templatePieces(source: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let text = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < source.length; ) {
    const char = source[i]!;
    // A placeholder starts with `<`: the sticky match is tried only there.
    PLACEHOLDER.lastIndex = i;
    const match = char === '<' ? PLACEHOLDER.exec(source) : null;
    if (match) {
      if (text !== '') pieces.push(text);
      text = '';
      pieces.push({ name: match[1]!, quote, written: match[0] });
      i += match[0].length;
      continue;
    }
    if (char === '\\' && quote !== "'" && i + 1 < source.length) {
      text += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    if ((char === "'" || char === '"') && (quote === undefined || quote === char)) quote = quote === undefined ? char : undefined;
    text += char;
    i += 1;
  }
  if (text !== '') pieces.push(text);
  return pieces;
}

/** What a resource fills in: its placeholder values and its ARN's partition. */
interface Filling {
  values: Record<string, string>;
  partition: string | undefined;
}

/**
 * Memos for a page's commands: a template is cut once per partition it is written for, and a
 * resource reference (one object per resource, shared by its results) read once.
 */
const piecesOfTemplate = new Map<string, TemplatePiece[]>();
const MAX_TEMPLATES = 1_000;
const fillingOfRef = new WeakMap<ResourceRef, Filling>();

function fillingOf(ref: ResourceRef): Filling {
  let filling = fillingOfRef.get(ref);
  if (filling === undefined) fillingOfRef.set(ref, (filling = { values: placeholderValues(ref), partition: partitionOf(ref) }));
  return filling;
}

function piecesOf(source: string): TemplatePiece[] {
  let pieces = piecesOfTemplate.get(source);
  if (pieces === undefined) {
    if (piecesOfTemplate.size >= MAX_TEMPLATES) piecesOfTemplate.clear();
    piecesOfTemplate.set(source, (pieces = templatePieces(source)));
  }
  return pieces;
}

/** The command with every placeholder the resource can fill filled in; the template's own quoting kept. */
export function fillCommand(template: string, ref: ResourceRef): string {
  const { values, partition } = fillingOf(ref);
  const source = partition !== undefined && partition !== 'aws' ? template.replace(/\barn:aws:/g, `arn:${partition}:`) : template;
  let out = '';
  for (const piece of piecesOf(source)) {
    if (typeof piece === 'string') {
      out += piece;
      continue;
    }
    const value = values[piece.name];
    out += value === undefined ? piece.written : insert(value, piece.quote);
  }
  return out;
}
