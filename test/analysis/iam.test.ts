import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseApiWildcards, parseIdentityPolicy } from '../../src/analysis/iam.js';
import type { PolicyDocument } from '../../src/analysis/policy.js';

function doc(...Statement: object[]): PolicyDocument {
  const parsed = parseIdentityPolicy(JSON.stringify({ Version: '2012-10-17', Statement }));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.document;
}

describe('parseIdentityPolicy', () => {
  it('normalises single values to lists and keeps conditions', () => {
    const parsed = parseIdentityPolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: { Sid: 'A', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': true } } },
      }),
    );
    assert.deepEqual(parsed, {
      ok: true,
      document: {
        Version: '2012-10-17',
        Statement: [{ Sid: 'A', Effect: 'Allow', Action: ['execute-api:Invoke'], Resource: ['*'], Condition: { Bool: { 'aws:SecureTransport': ['true'] } } }],
      },
    });
  });

  it('reads URL-encoded, escaped and doubly serialised documents', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'Deny', NotAction: 's3:*', NotResource: 'arn:aws:s3:::b/*' }] });
    for (const form of [encodeURIComponent(text), text.replace(/"/g, '\\"').replace(/\//g, '\\/'), JSON.stringify(text)]) {
      const parsed = parseIdentityPolicy(form);
      assert.ok(parsed.ok, form);
      assert.deepEqual(parsed.document.Statement[0], { Effect: 'Deny', NotAction: ['s3:*'], NotResource: ['arn:aws:s3:::b/*'] });
    }
  });

  it('rejects what IAM would not store, with the place of the problem', () => {
    const reasons = [
      'not json',
      '[]',
      '{"Version":"2012-10-17"}',
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: [1], Resource: '*' }] }),
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { k: { nested: true } } } }] }),
      '%7B%E0%A4%A',
    ].map((text) => {
      const parsed = parseIdentityPolicy(text);
      assert.equal(parsed.ok, false, text);
      return parsed.ok ? '' : parsed.reason;
    });
    assert.match(reasons[0]!, /not valid JSON/);
    assert.match(reasons[1]!, /must be a JSON object/);
    assert.match(reasons[2]!, /no Statement/);
    assert.match(reasons[3]!, /Statement\[0\] has neither Resource nor NotResource/);
    assert.match(reasons[4]!, /both Action and NotAction/);
    assert.match(reasons[5]!, /Action is an empty list/);
    assert.match(reasons[6]!, /Action\[0\] must be a string/);
    assert.match(reasons[7]!, /Condition\.Bool\.k must be a string, number or boolean/);
    assert.match(reasons[8]!, /URL-encoded/);
  });
});

describe('analyseApiWildcards', () => {
  it('names the statements that together grant a service in full', () => {
    const analysis = analyseApiWildcards(
      doc(
        { Sid: 'Call', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
        { Sid: 'Admin', Effect: 'Allow', Action: ['execute-api:InvalidateCache', 'execute-api:ManageConnections'], Resource: 'arn:aws:execute-api:*' },
      ),
    );
    assert.deepEqual(analysis.services, [{ service: 'execute-api', statements: ['Call (Statement[0])', 'Admin (Statement[1])'] }]);
    assert.equal(analysis.admin, undefined);
    assert.deepEqual(analysis.apiStatements, ['Call (Statement[0])', 'Admin (Statement[1])']);
  });

  it('does not count a service granted on some resources only', () => {
    const analysis = analyseApiWildcards(
      doc(
        { Effect: 'Allow', Action: 'execute-api:*', Resource: 'arn:aws:execute-api:eu-west-1:*:*' },
        { Effect: 'Allow', Action: 'apigateway:*', Resource: 'arn:aws:apigateway:*::/restapis/*' },
      ),
    );
    assert.deepEqual(analysis.services, []);
    assert.deepEqual(analysis.neutralised, []);
    assert.deepEqual(analysis.apiStatements, ['Statement[0]', 'Statement[1]']);
  });

  it('reports Invoke, ManageConnections and write verbs on every API, in every region or the regions named', () => {
    const analysis = analyseApiWildcards(
      doc(
        { Effect: 'Allow', Action: 'execute-api:*', Resource: 'arn:aws:execute-api:eu-west-1:*:*' },
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-*:123456789012:*' },
        { Sid: 'Rest', Effect: 'Allow', Action: 'apigateway:*', Resource: 'arn:aws:apigateway:*::/restapis/*' },
      ),
      'aws',
      '123456789012',
    );
    assert.deepEqual(
      analysis.broad.map((b) => `${b.action} on ${b.scope} by ${b.statements.join(', ')}`),
      [
        'execute-api:Invoke on every API in eu-west-1 and us-* by Statement[0], Statement[1]',
        'execute-api:ManageConnections on every API in eu-west-1 by Statement[0]',
        'apigateway:POST on every REST API by Rest (Statement[2])',
        'apigateway:PUT on every REST API by Rest (Statement[2])',
        'apigateway:PATCH on every REST API by Rest (Statement[2])',
        'apigateway:DELETE on every REST API by Rest (Statement[2])',
      ],
    );
  });

  it('matches the execute-api account segment against the scanned account', () => {
    const statement = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:123456789012:*' };
    assert.equal(analyseApiWildcards(doc(statement), 'aws', '123456789012').broad.length, 1);
    assert.equal(analyseApiWildcards(doc(statement), 'aws', '999999999999').broad.length, 0);
    assert.equal(analyseApiWildcards(doc(statement)).broad.length, 0, 'no account given: only a wildcard account is every account');
  });

  it('names the Deny that takes a broad grant back', () => {
    const analysis = analyseApiWildcards(
      doc({ Effect: 'Allow', Action: 'apigateway:DELETE', Resource: '*' }, { Sid: 'Keep', Effect: 'Deny', Action: 'apigateway:DELETE', Resource: 'arn:aws:apigateway:*::/apis/*' }),
    );
    assert.deepEqual(analysis.broad.map((b) => `${b.action} on ${b.scope}`), ['apigateway:DELETE on every REST API']);
    assert.deepEqual(analysis.neutralised, [{ grant: 'apigateway:DELETE on every HTTP and WebSocket API', deniedBy: ['Keep (Statement[1])'] }]);
  });

  it('matches ARNs of the scanned partition', () => {
    const statement = { Effect: 'Allow', Action: 'execute-api:*', Resource: 'arn:aws-cn:execute-api:*' };
    assert.equal(analyseApiWildcards(doc(statement), 'aws-cn').services.length, 1);
    assert.equal(analyseApiWildcards(doc(statement), 'aws').services.length, 0);
  });

  it('reports administrator access, which a Deny of the API services does not end (IAM still grants them back)', () => {
    const admin = analyseApiWildcards(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:*' }));
    assert.deepEqual(admin.admin, { statements: ['Statement[0]'] });
    const denied = analyseApiWildcards(doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoApis', Effect: 'Deny', Action: ['execute-api:*', 'apigateway:*'], Resource: '*' }));
    assert.deepEqual(denied.admin, { statements: ['Statement[0]'] });
    assert.deepEqual(denied.services, []);
    assert.deepEqual(denied.broad, []);
    assert.deepEqual(
      denied.neutralised.map((n) => `${n.grant}: ${n.deniedBy.join(', ')}`),
      [
        'execute-api:*: NoApis (Statement[1])',
        'apigateway:*: NoApis (Statement[1])',
        'execute-api:Invoke on every API: NoApis (Statement[1])',
        'execute-api:ManageConnections on every API: NoApis (Statement[1])',
        ...['POST', 'PUT', 'PATCH', 'DELETE'].flatMap((verb) => [
          `apigateway:${verb} on every REST API: NoApis (Statement[1])`,
          `apigateway:${verb} on every HTTP and WebSocket API: NoApis (Statement[1])`,
        ]),
      ],
    );
  });
});
