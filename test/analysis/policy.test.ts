import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allowRestrictions,
  allowsEveryone,
  analysePublicAccess,
  coversInvoke,
  deniesEveryone,
  coversFamily,
  isExecuteApiResource,
  methodArn,
  methodTarget,
  parsePolicy,
  patternsOverlap,
  wildcardMatch,
  type CallerOptions,
  type PolicyDocument,
  type PolicyStatement,
} from '../../src/analysis/policy.js';
import { API, CTX, doc } from './policy-fixtures.js';


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
  const restrictedBy = (Condition: object, options?: CallerOptions) =>
    allowRestrictions(stmt({ ...publicAllow, Condition }), options).map((c) => `${c.operator} ${c.key}`);
  const viaVpce: CallerOptions = { caller: 'any-vpc-endpoint' };

  const restricting: Array<[string, object]> = [
    ['IpAddress aws:SourceIp', { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }],
    ['IpAddress aws:SourceIp, half the address space', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '::/1'] } }],
    ['StringEquals aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-0123' } }],
    ['StringEquals aws:sourcevpce (keys are case-insensitive)', { StringEquals: { 'aws:sourcevpce': 'vpce-0123' } }],
    ['stringequals (operators are case-insensitive)', { stringequals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['StringEquals aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['ArnLike aws:PrincipalArn, one account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } }],
    ['ForAnyValue:StringLike aws:PrincipalOrgPaths', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-abc/r-1/ou-1/*' } }],
    ['StringEquals aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111111111111' } }],
    ['StringLike aws:PrincipalAccount, a prefix', { StringLike: { 'aws:PrincipalAccount': '1111*' } }],
    ['StringEquals aws:PrincipalAccount "*" (no wildcards in StringEquals)', { StringEquals: { 'aws:PrincipalAccount': '*' } }],
    ['StringLike aws:SourceVpce vpce-* (an internet caller has no VPC endpoint)', { StringLike: { 'aws:SourceVpce': 'vpce-*' } }],
    ['StringLike aws:SourceVpce * (a missing key makes the condition false)', { StringLike: { 'aws:SourceVpce': '*' } }],
    ['Null aws:SourceVpce false (an internet caller has no VPC endpoint)', { Null: { 'aws:SourceVpce': 'false' } }],
    ['Null aws:SourceIp true (an internet caller has a source address)', { Null: { 'aws:SourceIp': 'true' } }],
  ];
  for (const [name, condition] of restricting) {
    it(`restricts: ${name}`, () => assert.equal(restrictedBy(condition).length, 1));
  }

  const open: Array<[string, object]> = [
    ['IpAddress 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '0.0.0.0/0'] } }],
    ['IpAddress 0.0.0.0/1 + 128.0.0.0/1 (together the whole IPv4 space)', { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } }],
    ['IpAddress ::/0', { IpAddress: { 'aws:SourceIp': '::/0' } }],
    ['IpAddress ::/1 + 8000::/1', { IpAddress: { 'aws:SourceIp': ['::/1', '8000::/1'] } }],
    ['StringLike aws:PrincipalOrgID o-*', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }],
    ['ForAnyValue:StringLike aws:PrincipalOrgID ?*', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgID': '?*' } }],
    ['StringLike aws:PrincipalAccount ????????????', { StringLike: { 'aws:PrincipalAccount': '????????????' } }],
    ['ArnLike aws:PrincipalArn arn:aws:iam::*:*', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:*' } }],
    ['ArnLike aws:PrincipalArn, any account, a role name the caller can choose', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Deploy' } }],
    ['StringEquals aws:username (the caller names its own user)', { StringEquals: { 'aws:username': 'alice' } }],
    ['StringEqualsIfExists', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-0123' } }],
    ['ForAllValues:StringEquals', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['a negated operator in an Allow', { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123' } }],
    ['NotIpAddress in an Allow', { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }],
    ['a non-restricting key', { Bool: { 'aws:SecureTransport': 'true' } }],
    ['a spoofable header', { StringEquals: { 'aws:Referer': 'https://example.com' } }],
    ['Null aws:PrincipalOrgID false (a caller may sign with its own credentials)', { Null: { 'aws:PrincipalOrgID': 'false' } }],
  ];
  for (const [name, condition] of open) {
    it(`does not restrict: ${name}`, () => assert.deepEqual(restrictedBy(condition), []));
  }

  it('through any VPC endpoint: wildcard endpoint, VPC and account values pin nothing; specific ones and organisations do', () => {
    for (const condition of [
      { StringLike: { 'aws:SourceVpce': 'vpce-*' } },
      { 'ForAnyValue:StringLike': { 'aws:SourceVpc': 'vpc-*' } },
      { StringLikeIfExists: { 'aws:SourceVpce': 'vpce-?*' } },
      { StringLike: { 'aws:VpceAccount': '*' } },
      { Null: { 'aws:SourceVpce': 'false' } },
      { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } },
    ]) {
      assert.deepEqual(restrictedBy(condition, viaVpce), [], JSON.stringify(condition));
    }
    for (const condition of [
      { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } },
      { StringEquals: { 'aws:SourceVpc': 'vpc-0a1b' } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      { StringEquals: { 'aws:VpceOrgID': 'o-abc' } },
      { StringEquals: { 'aws:VpceAccount': '111122223333' } },
    ]) {
      assert.equal(restrictedBy(condition, viaVpce).length, 1, JSON.stringify(condition));
    }
  });

  it('ForAllValues: (IAM\'s plural spelling) is true on a missing key, and tests a present one', () => {
    assert.deepEqual(restrictedBy({ 'ForAllValues:StringLike': { 'aws:SourceVpce': 'vpce-1*' } }), []);
    assert.deepEqual(restrictedBy({ 'ForAllValues:StringLike': { 'aws:SourceVpce': 'vpce-1*' } }, viaVpce), ['ForAllValues:StringLike aws:SourceVpce']);
  });

  it('an IPv6 range covers nothing on an IPv4-only endpoint', () => {
    assert.deepEqual(restrictedBy({ IpAddress: { 'aws:SourceIp': '::/0' } }, { families: ['ipv4'] }), ['IpAddress aws:SourceIp']);
  });
});

describe('address coverage', () => {
  it('unions ranges per family', () => {
    assert.ok(coversFamily(['0.0.0.0/0'], 'ipv4'));
    assert.ok(coversFamily(['128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2'], 'ipv4'));
    assert.ok(!coversFamily(['0.0.0.0/1', '128.0.0.0/2'], 'ipv4'));
    assert.ok(!coversFamily(['0.0.0.0/0'], 'ipv6'));
    assert.ok(coversFamily(['::/1', '8000::/1'], 'ipv6'));
    assert.ok(coversFamily(['0::0/0'], 'ipv6'));
    assert.ok(!coversFamily(['not-an-address', '0.0.0.0/33'], 'ipv4'));
    // A host address with a zero prefix still covers everything.
    assert.ok(coversFamily(['203.0.113.9/0'], 'ipv4'));
  });
});

describe('patternsOverlap', () => {
  it('finds a string both patterns match', () => {
    assert.ok(patternsOverlap(`${API}/*/GET/public`, `${API}/prod/GET/public`));
    assert.ok(patternsOverlap(`${API}/prod/GET/pets/7`, `${API}/prod/GET/pets/*`));
    assert.ok(!patternsOverlap(`${API}/*/GET/public`, `${API}/prod/POST/orders`));
    assert.ok(!patternsOverlap(`${API}/prod/GET/pets`, `${API}/prod/GET/pets/*`));
    assert.ok(patternsOverlap('a*c', '?b?'));
    assert.ok(!patternsOverlap('a?', 'b*'));
    // A path parameter never holds a slash: `/*/GET/public` does not reach GET /pets/{id}.
    assert.ok(!patternsOverlap(`${API}/*/GET/public`, methodTarget(CTX, 'prod', 'GET', '/pets/{id}').requests));
    assert.ok(patternsOverlap(`${API}/*/GET/pets/?`, methodTarget(CTX, 'prod', 'GET', '/pets/{id}').requests));
    assert.ok(!patternsOverlap(`${API}/*/GET/pets/`, methodTarget(CTX, 'prod', 'GET', '/pets/{id}').requests));
    assert.ok(patternsOverlap(`${API}/*/GET/files/a/b/c`, methodTarget(CTX, 'prod', 'GET', '/files/{proxy+}').requests));
    assert.ok(!patternsOverlap(`${API}/*/GET/x/POST/y`, methodTarget(CTX, 'prod', 'ANY', '/y').requests));
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
    const targets = (verb: string, path: string, stages = ['dev', 'prod']) => stages.map((s) => methodTarget(CTX, s, verb, path));
    assert.deepEqual(summary(d, { targets: targets('POST', '/pets') }).neutralised, ['Public (Statement[0])']);
    assert.deepEqual(summary(d, { targets: targets('GET', '/pets') }).open, ['Public (Statement[0])']);
    const prodOnly = doc(publicAllow, { ...deny, Resource: 'execute-api:/prod/POST/pets' });
    const r = analysePublicAccess(prodOnly, CTX, { targets: targets('POST', '/pets') });
    assert.deepEqual(r.open, [{ statement: 'Public (Statement[0])', stages: ['dev'] }]);
  });

  it('per method: a Deny on one item does not cover a path parameter', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/pets/123' };
    assert.deepEqual(summary(doc(publicAllow, deny), { targets: [methodTarget(CTX, 'prod', 'GET', '/pets/{id}')] }).open, ['Public (Statement[0])']);
  });

  it('per method: an Allow scoped to other methods does not reach this one (implicit deny)', () => {
    const allow = { ...publicAllow, Resource: `${API}/prod/GET/health` };
    const r = analysePublicAccess(doc(allow), CTX, { targets: [methodTarget(CTX, 'prod', 'POST', '/orders')] });
    assert.deepEqual(r, { open: [], restricted: [], neutralised: [], elsewhere: ['Public (Statement[0])'] });
    assert.deepEqual(summary(doc(allow), { targets: [methodTarget(CTX, 'prod', 'GET', '/health')] }).open, ['Public (Statement[0])']);
  });

  it('per method: resource scope follows wildcards, the shorthand, stages, verbs, ANY and path parameters', () => {
    const reaches = (resource: object, verb: string, path: string, stage = 'prod') =>
      summary(doc({ ...publicAllow, Resource: undefined, ...resource }), { targets: [methodTarget(CTX, stage, verb, path)] }).open.length === 1;
    assert.ok(reaches({ Resource: 'execute-api:/*/GET/public' }, 'GET', '/public'));
    assert.ok(!reaches({ Resource: 'execute-api:/*/GET/public' }, 'POST', '/orders'));
    assert.ok(!reaches({ Resource: 'execute-api:/dev/*' }, 'GET', '/public'));
    assert.ok(reaches({ Resource: 'execute-api:/prod/*/public' }, 'DELETE', '/public'));
    assert.ok(reaches({ Resource: 'execute-api:/prod/GET/pets/7' }, 'GET', '/pets/{id}'));
    assert.ok(reaches({ Resource: 'execute-api:/prod/GET/files/a/b' }, 'GET', '/files/{proxy+}'));
    assert.ok(reaches({ Resource: 'execute-api:/prod/POST/pets' }, 'ANY', '/pets'));
    assert.ok(!reaches({ Resource: `arn:aws:execute-api:eu-west-1:123456789012:otherapi0/*` }, 'GET', '/public'));
    assert.ok(reaches({ Resource: '*' }, 'GET', '/public'));
    assert.ok(reaches({ NotResource: 'execute-api:/*/POST/*' }, 'GET', '/public'));
    assert.ok(!reaches({ NotResource: 'execute-api:/*/GET/*' }, 'GET', '/public'));
    // NotResource excluding one item of a parameterised path still reaches the others.
    assert.ok(reaches({ NotResource: 'execute-api:/*/GET/pets/7' }, 'GET', '/pets/{id}'));
  });

  it('per method: a Deny with NotResource does not cover a method it leaves partly reachable', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', NotResource: 'execute-api:/*/GET/pets/7' };
    const target = [methodTarget(CTX, 'prod', 'GET', '/pets/{id}')];
    assert.deepEqual(summary(doc(publicAllow, deny), { targets: target }).open, ['Public (Statement[0])']);
    const denyOthers = { ...deny, NotResource: 'execute-api:/prod/GET/public' };
    assert.deepEqual(summary(doc(publicAllow, denyOthers), { targets: target }).neutralised, ['Public (Statement[0])']);
  });

  it('as a whole: an Allow naming only another API is elsewhere, not public', () => {
    const r = analysePublicAccess(doc({ ...publicAllow, Resource: 'arn:aws:execute-api:eu-west-1:123456789012:otherapi0/*' }), CTX);
    assert.deepEqual(r, { open: [], restricted: [], neutralised: [], elsewhere: ['Public (Statement[0])'] });
  });

  it('wildcard pins: a Deny unless aws:SourceVpce like vpce-* blocks internet callers but no VPC endpoint caller', () => {
    const deny = { Sid: 'AnyVpce', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } } };
    assert.deepEqual(summary(doc(publicAllow, deny)).neutralised, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc(publicAllow, deny), { caller: 'any-vpc-endpoint' }).open, ['Public (Statement[0])']);
    const specific = { ...deny, Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } };
    assert.deepEqual(summary(doc(publicAllow, specific), { caller: 'any-vpc-endpoint' }).neutralised, ['Public (Statement[0])']);
  });

  it('address Denies: NotIpAddress over everything denies no one; IpAddress over both families denies everyone', () => {
    const deny = (Condition: object) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition });
    assert.deepEqual(summary(doc(publicAllow, deny({ NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }))).open, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc(publicAllow, deny({ NotIpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } }))).open, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc(publicAllow, deny({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }))).neutralised, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc(publicAllow, deny({ IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } }))).neutralised, ['Public (Statement[0])']);
    // Only IPv4 denied: an IPv6 caller gets through a dual-stack endpoint, not an IPv4-only one.
    const v4 = doc(publicAllow, deny({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }));
    assert.deepEqual(summary(v4).open, ['Public (Statement[0])']);
    assert.deepEqual(summary(v4, { families: ['ipv4'] }).neutralised, ['Public (Statement[0])']);
  });

  it('Principal {"AWS": "*"} is everyone; a wildcard inside a principal ARN is no one', () => {
    assert.deepEqual(summary(doc({ ...publicAllow, Principal: { AWS: '*' } })).open, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc({ ...publicAllow, Principal: { AWS: 'arn:aws:iam::*:root' } })), none);
  });

  it('a Deny on organisation membership blocks outsiders only when it cannot be dodged', () => {
    const deny = (Condition: object) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition });
    assert.deepEqual(summary(doc(publicAllow, deny({ StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } }))).neutralised, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc(publicAllow, deny({ StringNotLike: { 'aws:PrincipalOrgID': 'o-*' } }))).open, ['Public (Statement[0])']);
    assert.deepEqual(summary(doc(publicAllow, deny({ Null: { 'aws:PrincipalOrgID': 'true' } }))).open, ['Public (Statement[0])']);
  });
  it('any VPC endpoint: an Allow restricted by organisation or pinned to an endpoint is not open; a wildcard pin is', () => {
    const org = { ...publicAllow, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } };
    const vpce = { ...publicAllow, Sid: 'Vpce', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } };
    const anyVpce = { ...publicAllow, Sid: 'AnyVpce', Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } };
    assert.deepEqual(summary(doc(org, vpce, anyVpce), { caller: 'any-vpc-endpoint' }), {
      open: ['AnyVpce (Statement[2])'],
      restricted: ['Public (Statement[0])', 'Vpce (Statement[1])'],
      neutralised: [],
    });
  });
});
