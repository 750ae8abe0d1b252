import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowRestrictions,
  allowsEveryone,
  analysePublicAccess,
  coversInvoke,
  deniesEveryone,
  isExecuteApiResource,
  methodArn,
  parsePolicy,
  VPC_KEYS,
  wildcardMatch,
  type ApiContext,
  type PolicyDocument,
  type PolicyStatement,
} from '../../src/inventory/policy.js';

const CTX: ApiContext = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' };
const API = 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5';

function doc(...Statement: object[]): PolicyDocument {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement }));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.document;
}

function stmt(s: object): PolicyStatement {
  return doc(s).Statement[0]!;
}

const publicAllow = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };

describe('parsePolicy', () => {
  it('parses a plain JSON policy and normalises single values to lists', () => {
    const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: publicAllow }));
    assert.deepEqual(parsed, {
      ok: true,
      document: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: ['execute-api:Invoke'], Resource: ['execute-api:/*'] }],
      },
    });
  });

  it('parses the escaped form AWS returns (\\" and \\/)', () => {
    const raw =
      '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"*\\"},' +
      '\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5\\/*\\",' +
      '\\"Condition\\":{\\"IpAddress\\":{\\"aws:SourceIp\\":\\"203.0.113.0\\/24\\"}}}]}';
    const parsed = parsePolicy(raw);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const s = parsed.document.Statement[0]!;
    assert.deepEqual(s.Principal, { AWS: ['*'] });
    assert.deepEqual(s.Resource, [`${API}/*`]);
    assert.deepEqual(s.Condition, { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } });
  });

  it('parses a policy serialised twice', () => {
    const parsed = parsePolicy(JSON.stringify(JSON.stringify({ Statement: [publicAllow] })));
    assert.ok(parsed.ok);
    assert.equal(parsed.document.Statement.length, 1);
  });

  it('keeps numbers and booleans in conditions as strings', () => {
    const s = stmt({ ...publicAllow, Condition: { Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } });
    assert.deepEqual(s.Condition, { Bool: { 'aws:SecureTransport': ['true'] }, NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] } });
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['not JSON', '{"Statement": [', /not valid JSON/],
    ['not an object', '[1,2]', /must be a JSON object/],
    ['no Statement', '{"Version":"2012-10-17"}', /no Statement/],
    ['bad Effect', JSON.stringify({ Statement: [{ ...publicAllow, Effect: 'allow' }] }), /Statement\[0\]\.Effect/],
    ['no principal', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), /neither Principal nor NotPrincipal/],
    ['both principals', JSON.stringify({ Statement: [{ ...publicAllow, NotPrincipal: '*' }] }), /both Principal and NotPrincipal/],
    ['no action', JSON.stringify({ Statement: { Effect: 'Deny', Principal: '*', Resource: '*' } }), /Statement has neither Action nor NotAction/],
    ['both resources', JSON.stringify({ Statement: [{ ...publicAllow, NotResource: '*' }] }), /both Resource and NotResource/],
    ['non-string action', JSON.stringify({ Statement: [{ ...publicAllow, Action: ['execute-api:Invoke', 3] }] }), /Action\[1\] must be a string/],
    ['empty action list', JSON.stringify({ Statement: [{ ...publicAllow, Action: [] }] }), /Action is an empty list/],
    ['bad principal', JSON.stringify({ Statement: [{ ...publicAllow, Principal: 'everyone' }] }), /Principal must be "\*" or an object/],
    ['bad condition', JSON.stringify({ Statement: [{ ...publicAllow, Condition: { IpAddress: 'x' } }] }), /Condition\.IpAddress must be an object/],
    ['nested condition value', JSON.stringify({ Statement: [{ ...publicAllow, Condition: { IpAddress: { 'aws:SourceIp': [{}] } } }] }), /must be a string, number or boolean/],
  ];
  for (const [name, raw, reason] of malformed) {
    it(`reports a malformed policy (${name}) instead of throwing`, () => {
      const parsed = parsePolicy(raw);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.reason, reason);
    });
  }
});

describe('wildcardMatch', () => {
  it('* spans any characters, ? one, everything else is literal', () => {
    assert.ok(wildcardMatch('arn:aws:execute-api:*:*:a1b2c3d4e5/*', `${API}/prod/GET/pets`));
    assert.ok(wildcardMatch('a?c', 'abc'));
    assert.ok(!wildcardMatch('a?c', 'abbc'));
    assert.ok(!wildcardMatch('a.c', 'abc'));
    assert.ok(!wildcardMatch('Execute-api:Invoke', 'execute-api:Invoke'));
    assert.ok(wildcardMatch('Execute-api:Invoke', 'execute-api:Invoke', true));
  });
});

describe('statement predicates', () => {
  it('coversInvoke handles wildcards, case and NotAction', () => {
    const covers = (a: object) => coversInvoke(stmt({ Effect: 'Allow', Principal: '*', Resource: '*', ...a }));
    assert.ok(covers({ Action: 'execute-api:Invoke' }));
    assert.ok(covers({ Action: 'execute-api:*' }));
    assert.ok(covers({ Action: '*' }));
    assert.ok(covers({ Action: 'execute-api:Inv*' }));
    assert.ok(covers({ Action: 'EXECUTE-API:invoke' }));
    assert.ok(!covers({ Action: ['execute-api:ManageConnections', 'execute-api:InvalidateCache'] }));
    assert.ok(covers({ NotAction: 'execute-api:InvalidateCache' }));
    assert.ok(!covers({ NotAction: 'execute-api:*' }));
  });

  it('allowsEveryone: "*", {AWS:"*"}, arrays holding "*", NotPrincipal', () => {
    const everyone = (p: object) => allowsEveryone(stmt({ Effect: 'Allow', Action: '*', Resource: '*', ...p }));
    assert.ok(everyone({ Principal: '*' }));
    assert.ok(everyone({ Principal: { AWS: '*' } }));
    assert.ok(everyone({ Principal: { AWS: ['arn:aws:iam::111111111111:root', '*'] } }));
    assert.ok(!everyone({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } }));
    assert.ok(!everyone({ Principal: { Service: 'lambda.amazonaws.com' } }));
    assert.ok(everyone({ NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } }));
    assert.ok(!everyone({ NotPrincipal: '*' }));
  });

  it('deniesEveryone: "*" and NotPrincipal without "*" reach anonymous callers', () => {
    const denies = (p: object) => deniesEveryone(stmt({ Effect: 'Deny', Action: '*', Resource: '*', ...p }));
    assert.ok(denies({ Principal: '*' }));
    assert.ok(denies({ NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/app' } }));
    assert.ok(!denies({ Principal: { AWS: 'arn:aws:iam::111111111111:role/app' } }));
  });

  it('isExecuteApiResource accepts shorthand, ARNs and catch-alls', () => {
    assert.ok(isExecuteApiResource('execute-api:/*'));
    assert.ok(isExecuteApiResource(`${API}/prod/GET/pets`));
    assert.ok(isExecuteApiResource('*'));
    assert.ok(isExecuteApiResource('arn:aws:*'));
    assert.ok(!isExecuteApiResource('arn:aws:s3:::bucket/*'));
  });

  it('methodArn makes path parameters and ANY opaque', () => {
    assert.equal(methodArn(CTX, 'prod', 'get', '/'), `${API}/prod/GET/`);
    assert.equal(methodArn(CTX, 'prod', 'GET', '/pets'), `${API}/prod/GET/pets`);
    assert.ok(!wildcardMatch(`${API}/prod/GET/pets/123`, methodArn(CTX, 'prod', 'GET', '/pets/{id}')));
    assert.ok(wildcardMatch(`${API}/prod/GET/pets/*`, methodArn(CTX, 'prod', 'GET', '/pets/{id}')));
    assert.ok(wildcardMatch(`${API}/*/GET/files/*`, methodArn(CTX, 'prod', 'GET', '/files/{proxy+}')));
    assert.ok(!wildcardMatch(`${API}/*/GET/*`, methodArn(CTX, 'prod', 'ANY', '/pets')));
    assert.ok(wildcardMatch(`${API}/*/*/pets`, methodArn(CTX, 'prod', 'ANY', '/pets')));
  });
});

describe('allowRestrictions', () => {
  const restrictedBy = (Condition: object, keys?: ReadonlySet<string>) =>
    allowRestrictions(stmt({ ...publicAllow, Condition }), keys).map((c) => `${c.operator} ${c.key}`);

  const restricting: Array<[string, object]> = [
    ['IpAddress aws:SourceIp', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }],
    ['StringEquals aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-0123' } }],
    ['StringEquals aws:sourcevpce (keys are case-insensitive)', { StringEquals: { 'aws:sourcevpce': 'vpce-0123' } }],
    ['StringEquals aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['ArnLike aws:PrincipalArn', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } }],
    ['ForAnyValue:StringLike aws:PrincipalOrgPaths', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc/r-1/ou-1/*' } }],
    ['StringEquals aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111111111111' } }],
  ];
  for (const [name, condition] of restricting) {
    it(`restricts: ${name}`, () => assert.equal(restrictedBy(condition).length, 1));
  }

  const open: Array<[string, object]> = [
    ['IpAddress 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } }],
    ['IpAddress ::/0', { IpAddress: { 'aws:SourceIp': '::/0' } }],
    ['StringLike aws:SourceVpce *', { StringLike: { 'aws:SourceVpce': '*' } }],
    ['StringEqualsIfExists', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-0123' } }],
    ['ForAllValues:StringEquals', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['a negated operator in an Allow', { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123' } }],
    ['NotIpAddress in an Allow', { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }],
    ['a non-restricting key', { Bool: { 'aws:SecureTransport': 'true' } }],
    ['a spoofable header', { StringEquals: { 'aws:Referer': 'https://example.com' } }],
    ['Null', { Null: { 'aws:SourceVpce': 'false' } }],
  ];
  for (const [name, condition] of open) {
    it(`does not restrict: ${name}`, () => assert.deepEqual(restrictedBy(condition), []));
  }

  it('with VPC_KEYS only aws:SourceVpce / aws:SourceVpc restrict', () => {
    assert.deepEqual(restrictedBy({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }, VPC_KEYS), []);
    assert.equal(restrictedBy({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, VPC_KEYS).length, 1);
  });
});

describe('analysePublicAccess', () => {
  const summary = (document: PolicyDocument, options = {}) => {
    const a = analysePublicAccess(document, CTX, options);
    return { open: a.open.map((x) => x.statement), restricted: a.restricted.map((x) => x.statement), neutralised: a.neutralised.map((x) => x.statement) };
  };
  const none = { open: [], restricted: [], neutralised: [] };

  it('an unconditioned Allow for "*" is open', () => {
    assert.deepEqual(summary(doc(publicAllow)), { ...none, open: ['Public (Statement[0])'] });
  });

  it('statements without a Sid are named by index', () => {
    const noSid = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
    assert.deepEqual(summary(doc(noSid)).open, ['Statement[0]']);
  });

  it('an Allow to named principals, for other actions or other services grants the public nothing', () => {
    assert.deepEqual(
      summary(
        doc(
          { ...publicAllow, Principal: { AWS: 'arn:aws:iam::111111111111:root' } },
          { ...publicAllow, Action: 'execute-api:InvalidateCache' },
          { ...publicAllow, Resource: 'arn:aws:s3:::bucket/*' },
        ),
      ),
      none,
    );
  });

  it('an Allow with a restricting condition is restricted', () => {
    const r = analysePublicAccess(doc({ ...publicAllow, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }), CTX);
    assert.deepEqual(r.restricted, [{ statement: 'Public (Statement[0])', restrictedBy: ['IpAddress aws:SourceIp 203.0.113.0/24'] }]);
    assert.deepEqual(r.open, []);
  });

  it('a Deny for everyone with StringNotEquals aws:SourceVpce neutralises the Allow', () => {
    const deny = { Sid: 'OnlyVpce', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123' } } };
    const r = analysePublicAccess(doc(publicAllow, deny), CTX);
    assert.deepEqual(r.neutralised, [{ statement: 'Public (Statement[0])', deniedBy: 'OnlyVpce (Statement[1])' }]);
    assert.deepEqual(r.open, []);
  });

  it('an unconditional Deny for everyone on the whole API neutralises; a full ARN and the shorthand both work', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'execute-api:*', Resource: `${API}/*` };
    assert.deepEqual(summary(doc(publicAllow, deny)).neutralised, ['Public (Statement[0])']);
  });

  it('a Deny does not neutralise when it names a principal, adds another condition, or covers less', () => {
    const base = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' };
    const notPinned = [
      { ...base, Principal: { AWS: 'arn:aws:iam::111111111111:root' } },
      { ...base, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:SecureTransport': 'false' } } },
      { ...base, Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.7/32' } } },
      { ...base, Condition: { 'ForAnyValue:StringNotEquals': { 'aws:PrincipalOrgID': 'o-abc' } } },
      { ...base, Resource: 'execute-api:/prod/*' },
      { ...base, Action: 'execute-api:InvalidateCache' },
    ];
    for (const deny of notPinned) {
      assert.deepEqual(summary(doc(publicAllow, deny)).open, ['Public (Statement[0])'], JSON.stringify(deny));
    }
  });

  it('a Deny covering exactly the Allow\'s resources neutralises it', () => {
    const allow = { ...publicAllow, Resource: 'execute-api:/prod/GET/pets' };
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/*' };
    assert.deepEqual(summary(doc(allow, deny)).neutralised, ['Public (Statement[0])']);
  });

  it('per method: a Deny scoped to one method only neutralises that method, in every stage', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/POST/pets' };
    const d = doc(publicAllow, deny);
    const arns = (verb: string, path: string, stages = ['dev', 'prod']) => stages.map((s) => methodArn(CTX, s, verb, path));
    assert.deepEqual(summary(d, { arns: arns('POST', '/pets') }).neutralised, ['Public (Statement[0])']);
    assert.deepEqual(summary(d, { arns: arns('GET', '/pets') }).open, ['Public (Statement[0])']);
    const prodOnly = doc(publicAllow, { ...deny, Resource: 'execute-api:/prod/POST/pets' });
    assert.deepEqual(summary(prodOnly, { arns: arns('POST', '/pets') }).open, ['Public (Statement[0])']);
  });

  it('per method: a Deny on one item does not cover a path parameter', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets/123' };
    assert.deepEqual(summary(doc(publicAllow, deny), { arns: [methodArn(CTX, 'prod', 'GET', '/pets/{id}')] }).open, ['Public (Statement[0])']);
  });

  it('an Allow scoped to one method still counts for the whole API (loose)', () => {
    const allow = { ...publicAllow, Resource: `${API}/prod/GET/health` };
    assert.deepEqual(summary(doc(allow), { arns: [methodArn(CTX, 'prod', 'POST', '/orders')] }).open, ['Public (Statement[0])']);
  });

  it('VPC_KEYS: an Allow restricted by organisation only is open; one pinned to a VPC endpoint is not', () => {
    const org = { ...publicAllow, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } };
    const vpce = { ...publicAllow, Sid: 'Vpce', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } };
    assert.deepEqual(summary(doc(org, vpce), { keys: VPC_KEYS }), { ...none, open: ['Public (Statement[0])'], restricted: ['Vpce (Statement[1])'] });
    assert.deepEqual(summary(doc(org)).restricted, ['Public (Statement[0])']);
  });
});
