import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, redactUri, redactUrisDeep, redactUrisInText } from '../../src/util/redact.js';

const R = REDACTED;

describe('redactUri', () => {
  const cases: [string, string, string][] = [
    ['a plain URL stays as it is', 'https://backend.example.com/v1/items/{id}', 'https://backend.example.com/v1/items/{id}'],
    ['host and port stay', 'http://10.0.0.1:8080/x', 'http://10.0.0.1:8080/x'],
    ['IPv6 host and port stay', 'http://[fd00::1]:8443/x', 'http://[fd00::1]:8443/x'],
    ['user and password both go', 'https://svc:s3cret@backend.example.com/x', `https://${R}@backend.example.com/x`],
    ['a user name alone goes (tokens are passed that way)', 'https://ghp_token@backend.example.com/', `https://${R}@backend.example.com/`],
    ['an unencoded @ in the password: up to the last @ of the authority', 'https://u:p@ss@host.example.com/x', `https://${R}@host.example.com/x`],
    ['a password with an unencoded /', 'https://u:pa/ss@host.example.com/x', `https://${R}@host.example.com/x`],
    ['a password with an unencoded ?', 'https://u:pa?ss@host.example.com/x', `https://${R}?${R}`],
    ['a password with an unencoded / and nothing after the host', 'https://u:pa/ss@host.example.com?q=1', `https://${R}@host.example.com?q=${R}`],
    ['an upper-case scheme', 'HTTPS://U:P@HOST.EXAMPLE.COM/', `HTTPS://${R}@HOST.EXAMPLE.COM/`],
    [
      'every query value goes, names stay',
      'https://h.example.com/x?api_key=k1&X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F&page=2',
      `https://h.example.com/x?api_key=${R}&X-Amz-Signature=${R}&X-Amz-Credential=${R}&page=${R}`,
    ],
    ['; separates parameters too', 'https://h.example.com/?a=1;sig=abc', `https://h.example.com/?a=${R};sig=${R}`],
    ['a bare query item goes', 'https://h.example.com/?AKIAIOSFODNN7EXAMPLE', `https://h.example.com/?${R}`],
    ['an empty query value stays empty', 'https://h.example.com/?flag=&x', `https://h.example.com/?flag=&${R}`],
    ['the fragment is treated like a query', 'https://h.example.com/cb#access_token=eyJabc&state=1', `https://h.example.com/cb#access_token=${R}&state=${R}`],
    [
      'a key in the path goes, the rest of the path stays',
      'https://hooks.slack.com/services/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',
      `https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/${R}`,
    ],
    ['a known token format in the path goes', 'https://api.example.com/hook/ghp_abcdefghijklmnopqrstuvwxyz0123456789', `https://api.example.com/hook/${R}`],
    ['words in the path stay', 'https://h.example.com/LambdaFunctionAlias2024/orders-v2', 'https://h.example.com/LambdaFunctionAlias2024/orders-v2'],
    [
      'stage-variable references stay wherever they are',
      'http${stageVariables.s}://${stageVariables.user}:${stageVariables.pass}@${stageVariables.host}:${stageVariables.port}/x?key=${stageVariables.key}',
      'http${stageVariables.s}://${stageVariables.user}:${stageVariables.pass}@${stageVariables.host}:${stageVariables.port}/x?key=${stageVariables.key}',
    ],
    ['a literal value mixed with a reference goes', 'https://h.example.com/?key=abc${stageVariables.k}', `https://h.example.com/?key=${R}`],
    ['user info after a scheme taken from a stage variable', 'http${stageVariables.s}://admin:pw@h.example.com/d', `http\${stageVariables.s}://${R}@h.example.com/d`],
    ['a whole URL from a stage variable, with a query', '${stageVariables.url}/c?token=t0k', `\${stageVariables.url}/c?token=${R}`],
    ['user info without a scheme (a stage variable value)', 'user:pass@h.example.com/x', `${R}@h.example.com/x`],
    [
      'an ARN stays',
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations',
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations',
    ],
    ['an S3 URI stays', 's3://bucket/truststore.pem', 's3://bucket/truststore.pem'],
    ['a path with @ after the host stays', 'https://h.example.com/users/@me', 'https://h.example.com/users/@me'],
    ['a query with @ stays a query', 'https://h.example.com?email=a@b.example.com', `https://h.example.com?email=${R}`],
  ];
  for (const [name, uri, expected] of cases) {
    it(name, () => {
      assert.equal(redactUri(uri), expected);
      assert.equal(redactUri(expected), expected, 'redacting twice changes nothing');
    });
  }
});

describe('redactUrisInText', () => {
  it('redacts every URI in a sentence and leaves the words and punctuation around it', () => {
    assert.equal(
      redactUrisInText('jwt: issuer http://u:p@idp.example.com/?client_secret=x is not an https URL; see (https://h.example.com/?k=v).'),
      `jwt: issuer http://${R}@idp.example.com/?client_secret=${R} is not an https URL; see (https://h.example.com/?k=${R}).`,
    );
  });

  it('redacts URIs that start with a stage-variable reference', () => {
    assert.equal(redactUrisInText('PUT /c → ${stageVariables.url}/c?token=t (stage dev)'), `PUT /c → \${stageVariables.url}/c?token=${R} (stage dev)`);
  });

  it('leaves text without URIs alone', () => {
    const text = 'arn:aws:iam::123456789012:role/x has Allow *:* (user@example.com)';
    assert.equal(redactUrisInText(text), text);
  });
});

describe('redactUrisDeep', () => {
  it('redacts strings in nested evidence, keeps other values and __proto__ keys', () => {
    const evidence = JSON.parse('{"list":["https://u:p@h.example.com/"],"n":3,"nested":{"__proto__":"https://h.example.com/?k=v"}}') as object;
    const out = redactUrisDeep(evidence) as Record<string, unknown>;
    assert.deepEqual(out['list'], [`https://${R}@h.example.com/`]);
    assert.equal(out['n'], 3);
    assert.ok(Object.hasOwn(out['nested'] as object, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(out['nested'], '__proto__')?.value, `https://h.example.com/?k=${R}`);
  });
});

describe('redactUrisInText, word by word from a memo', () => {
  it('gives the same text the first time and every time after, on URI-ish edges', () => {
    const texts = [
      'http:',
      'see http: and https:',
      '${stageVariables.x}',
      '${stageVariables.x}/a?k=v',
      'user:pass@host',
      'https://user:pass@host/x',
      'https://user:pass@host/x.',
      '(https://user:pass@host/x?k=v).',
      'https://host/x?k=v and https://host/x?k=v; https://host/x?k=v,',
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      'arn:aws:apigateway:us-east-1::/restapis/a1',
    ];
    const first = texts.map(redactUrisInText);
    assert.deepEqual(texts.map(redactUrisInText), first);
    assert.deepEqual(first.slice(0, 5), texts.slice(0, 5).map((text, i) => (i === 3 ? '${stageVariables.x}/a?k=[redacted]' : text)));
    assert.equal(first[5], 'https://[redacted]@host/x');
    assert.equal(first[6], 'https://[redacted]@host/x.');
    assert.equal(first[7], '(https://[redacted]@host/x?k=[redacted]).');
    assert.equal(first[8], 'https://host/x?k=[redacted] and https://host/x?k=[redacted]; https://host/x?k=[redacted],');
    // Each word is redacted as a whole, whatever was redacted before it.
    for (let i = 0; i < texts.length; i++) assert.equal(redactUrisInText(first[i]!), first[i]);
  });
});

describe('redactUrisInText, words found from their marks', () => {
  /** The slow path it replaces: every word (a run of `[^\s"'<>]`) holding `://` or `${stageVariables.`, by RegExp. */
  const URI_WORD = /[^\s"'<>]*(?::\/\/|\$\{stageVariables\.)[^\s"'<>]*/g;
  const TRAILING = /[).,;:!]+$/;
  const slow = (text: string) =>
    text.replace(URI_WORD, (word) => {
      const trailing = TRAILING.exec(word)?.[0] ?? '';
      return redactUri(word.slice(0, word.length - trailing.length)) + trailing;
    });

  it('ends a word exactly where the RegExp does, at every UTF-16 code unit', () => {
    for (let code = 0; code < 0x10000; code++) {
      const ch = String.fromCharCode(code);
      const text = `a${ch}https://u:p@h/x?k=v${ch}b`;
      assert.equal(redactUrisInText(text), slow(text), `U+${code.toString(16)}`);
    }
  });

  it('agrees with the RegExp on marks at the edges, side by side, overlapping and split', () => {
    const texts = [
      '://',
      'a://',
      '://b',
      ':///',
      'x://y://z',
      '${stageVariables.',
      '${stageVariables.${stageVariables.a}://h',
      'https://u:p@h "https://u:p@h" <https://u:p@h>\'https://u:p@h\'',
      'https://u:p@h https://u:p@h\thttps://u:p@h\nhttps://u:p@h',
      'https:/ /h ${stageVariables x} $ {stageVariables.x}',
      'a https://u:p@h/x?k=v, b ${stageVariables.u}/c?token=t; (http://u:p@h2).',
      '\u00a0https://u:p@h\u2028${stageVariables.s}?a=b\ufeff',
    ];
    for (const text of texts) assert.equal(redactUrisInText(text), slow(text), text);
  });

  it('agrees with the RegExp on random texts of URI-ish pieces', () => {
    const pieces = ['://', '${stageVariables.', 'x', '}', ' ', '"', "'", '<', '>', '\n', '\u3000', 'u:p@', 'h', '/', '?', 'k=v', '&', '#', ').', ':', '$', '{'];
    let seed = 42;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % pieces.length;
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const length = 1 + (n % 24);
      for (let i = 0; i < length; i++) text += pieces[next()];
      assert.equal(redactUrisInText(text), slow(text), JSON.stringify(text));
    }
  });
});
