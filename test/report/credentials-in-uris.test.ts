/**
 * Credentials written into URIs (user info, signed or keyed query strings, tokens in the path or
 * fragment) never leave the scanner: not in report.json, report.html nor the Security Hub
 * findings, wherever the URI sits in the snapshot and however a check shows it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { defineCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Inventory } from '../../src/inventory/schema.js';
import type { RestApiEntity } from '../../src/inventory/view.js';
import { renderHtml } from '../../src/report/html.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { reportJsonChunks } from '../../src/report/write.js';
import { buildFindings } from '../../src/securityhub/asff.js';
import {
  collectionError,
  domainName,
  inventory,
  withRestApis,
  region,
  resource,
  restApi,
  stage,
  v2Api,
  v2DomainName,
  v2Stage,
} from '../fixtures/builders.js';

/** Every secret planted below; none may appear in any output. */
const SECRETS = [
  'rest-user-a0',
  'pw-secret-a1',
  'key-secret-a2',
  'sig-secret-a3',
  'cred-secret-a4',
  'tok-secret-a5',
  'secret-b1',
  'tok-secret-c1',
  'pw-secret-d1',
  'Xq7Lm2Rt9Vb4Np8Kc3Wd6Yf1',
  'frag-secret-f1',
  'stage-user-s0',
  'pw-secret-s1',
  'sig-secret-s2',
  'authz-secret-1',
  'authz-secret-2',
  'v2-user-0',
  'v2-secret-1',
  'v2-secret-2',
  'v2-secret-3',
  'v2-secret-4',
  'v2-secret-5',
  'jwt-user-0',
  'jwt-secret-1',
  'jwt-secret-2',
  'v2-authz-secret',
  'cors-secret-1',
  'ws-secret-1',
  'ws-secret-2',
  'trust-secret-1',
  'trust-secret-2',
  'error-secret-1',
] as const;

const LAMBDA = 'arn:aws:lambda:eu-west-1:123456789012:function:auth';

function hostileInventory(): Inventory {
  const http = (uri: string, extra: object = {}) => ({ methodIntegration: { type: 'HTTP', uri, ...extra } });
  const rest = restApi({
    id: 'r1e2s3t4a5',
    name: 'hostile-rest',
    resources: [
      resource('/a', {
        GET: http(
          'http://rest-user-a0:pw-secret-a1@backend.example.com/a?api_key=key-secret-a2&X-Amz-Signature=sig-secret-a3&X-Amz-Credential=cred-secret-a4;token=tok-secret-a5',
        ),
      }),
      // An unencoded @ in the password: the user info runs to the last @ of the authority.
      resource('/b', { POST: http('http://svc:pw@secret-b1@backend.example.com/b') }),
      // The URL comes from a stage variable, unset on the dev stage.
      resource('/c', { PUT: http('${stageVariables.url}/c?token=tok-secret-c1') }),
      resource('/d', { DELETE: http('http${stageVariables.tls}://admin:pw-secret-d1@backend.example.com/d') }),
      resource('/e', { PATCH: http('https://hooks.slack.com/services/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') }),
      resource('/f', { GET: http('http://backend.example.com/f#access_token=frag-secret-f1') }),
    ],
    stages: [
      stage({
        stageName: 'prod',
        variables: { url: 'http://stage-user-s0:pw-secret-s1@prod.example.com', tls: 's' },
        canarySettings: { percentTraffic: 10, stageVariableOverrides: { url: 'http://canary.example.com/?sig=sig-secret-s2' } },
      }),
      stage({ stageName: 'dev', variables: {} }),
    ],
    authorizers: [
      {
        id: 'au1',
        name: 'lambda-auth',
        type: 'REQUEST',
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 0,
        authorizerUri: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${LAMBDA}/invocations?token=authz-secret-1`,
      },
      { id: 'au2', name: 'token-auth', type: 'TOKEN', authorizerUri: 'https://authz:authz-secret-2@auth.example.com/' },
    ],
  });
  const httpApi = v2Api({
    ApiId: 'h1t2t3p4a5',
    CorsConfiguration: { AllowOrigins: ['https://cors-user:cors-secret-1@app.example.com'], AllowCredentials: true },
    integrations: [
      {
        IntegrationId: 'i1',
        IntegrationType: 'HTTP_PROXY',
        IntegrationUri: 'http://v2-user-0:v2-secret-1@backend.example.com/x?access_token=v2-secret-2',
      },
      { IntegrationId: 'i2', IntegrationType: 'HTTP_PROXY', IntegrationUri: '${stageVariables.backend}?apikey=v2-secret-3' },
      {
        IntegrationId: 'i3',
        IntegrationType: 'HTTP_PROXY',
        ConnectionType: 'VPC_LINK',
        IntegrationUri: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/lb/1/2?password=v2-secret-4',
      },
      { IntegrationId: 'i4', IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://backend.example.com/y?Signature=v2-secret-5' },
    ],
    authorizers: [
      {
        AuthorizerId: 'jwt1',
        Name: 'jwt',
        AuthorizerType: 'JWT',
        JwtConfiguration: { Audience: [], Issuer: 'http://jwt-user-0:jwt-secret-1@idp.example.com/realms/x?client_secret=jwt-secret-2' },
      },
      { AuthorizerId: 'l1', Name: 'lambda', AuthorizerType: 'REQUEST', AuthorizerUri: 'https://u:v2-authz-secret@auth.example.com/' },
    ],
    stages: [v2Stage({ StageVariables: { other: 'x' } })],
  });
  const websocket = v2Api({
    ApiId: 'w1s2s3o4c5',
    ProtocolType: 'WEBSOCKET',
    integrations: [{ IntegrationId: 'w1', IntegrationType: 'HTTP', IntegrationUri: 'http://ws:ws-secret-1@ws.example.com/?token=ws-secret-2' }],
  });
  return inventory({
    errors: [collectionError('GetStages', 'UnknownError', { message: 'request to https://u:error-secret-1@proxy.example.com/ failed' })],
    regions: [
      region({
        restApis: [rest],
        v2Apis: [httpApi, websocket],
        domainNames: [
          domainName({
            domainName: 'rest.example.com',
            mutualTlsAuthentication: { truststoreUri: 's3://bucket/truststore.pem?X-Amz-Security-Token=trust-secret-1' },
          }),
        ],
        v2DomainNames: [
          v2DomainName({
            DomainName: 'v2.example.com',
            MutualTlsAuthentication: { TruststoreUri: 'https://t:trust-secret-2@bucket.s3.amazonaws.com/t.pem' },
          }),
        ],
      }),
    ],
  });
}

function outputs(): { report: Report; json: string; html: string; asff: string } {
  const inv = hostileInventory();
  const report = buildReport({
    inventory: inv,
    results: runChecks(allChecks, inv),
    checks: allChecks,
    toolVersion: '0.0.0-test',
    generatedAt: '2026-11-01T12:30:00.000Z',
  });
  const findings = buildFindings(report, { now: new Date('2026-11-02T08:00:00.000Z'), inventory: inv });
  return { report, json: [...reportJsonChunks(report)].join(''), html: renderHtml(report), asff: JSON.stringify(findings) };
}

describe('credentials in URIs', () => {
  const { json, html, asff } = outputs();

  for (const [name, text] of [
    ['report.json', json],
    ['report.html', html],
    ['the Security Hub findings', asff],
  ] as const) {
    it(`appear nowhere in ${name}`, () => {
      const leaked = SECRETS.filter((secret) => text.includes(secret));
      assert.deepEqual(leaked, [], `${name} shows ${leaked.join(', ')}`);
    });
  }

  it('leave the scheme, host, path and stage-variable references readable', () => {
    for (const shown of [
      'http://[redacted]@backend.example.com/a?api_key=[redacted]&X-Amz-Signature=[redacted]',
      'http://[redacted]@backend.example.com/b',
      '${stageVariables.url}/c?token=[redacted]',
      'http://[redacted]@prod.example.com/c?token=[redacted]',
      'http://canary.example.com/?sig=[redacted]',
      'http${stageVariables.tls}://[redacted]@backend.example.com/d',
      'https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/[redacted]',
      'http://backend.example.com/f#access_token=[redacted]',
      'http://[redacted]@backend.example.com/x?access_token=[redacted]',
      '${stageVariables.backend}?apikey=[redacted]',
      'http://[redacted]@ws.example.com/?token=[redacted]',
      'issuer http://[redacted]@idp.example.com/realms/x?client_secret=[redacted] is not an https URL',
    ]) {
      assert.ok(json.includes(JSON.stringify(shown).slice(1, -1)), `report.json shows ${shown}`);
    }
  });
});

/** A check that forgets to redact: the engine still keeps the credentials out of its results. */
const forgetful = defineCheck<RestApiEntity, 'shown'>({
  id: 'test-forgetful',
  title: 'Shows URIs as written',
  severity: 'low',
  resourceTypes: ['rest-api'],
  rationale: 'A test check.',
  remediation: { text: 'None.' },
  mappings: {},
  messages: { shown: 'Calls {uri}.' },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) =>
    api.name === 'invalid'
      ? outcome.invalid('cannot read (https://u:forgot-3@h.example.com/)', { uri: 'x' })
      : outcome.fail('shown', { uri: 'https://u:forgot-1@h.example.com/x?k=forgot-2', nested: [{ at: 'see http://h.example.com/?t=forgot-4.' }] }),
});

describe('the engine, behind the checks', () => {
  it('redacts URIs a check left in its evidence, message or error', () => {
    const results = runChecks([forgetful], withRestApis(restApi({ id: 'a1' }), restApi({ id: 'b2', name: 'invalid' })));
    const text = JSON.stringify(results);
    assert.deepEqual(['forgot-1', 'forgot-2', 'forgot-3', 'forgot-4'].filter((s) => text.includes(s)), []);
    const shown = results.find((r) => r.status === 'FAIL')!;
    assert.equal(shown.message, 'Calls https://[redacted]@h.example.com/x?k=[redacted].');
    assert.deepEqual(shown.evidence['nested'], [{ at: 'see http://h.example.com/?t=[redacted].' }]);
    assert.equal(results.find((r) => r.status === 'ERROR')!.error?.message, 'cannot read (https://[redacted]@h.example.com/)');
  });
});
