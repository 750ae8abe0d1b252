import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/rest/rest-stage-client-certificate.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { ClientCertificate, RestApi, Stage } from '../../../src/inventory/schema.js';
import { failed, inventory, region, resource, restApi, stage, type RegionInput } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

// COLLECTED_AT is 2026-11-01T12:00:00Z.
const httpResources = [
  resource('/', { GET: {} }),
  resource('/prices', { GET: { methodIntegration: { type: 'HTTP_PROXY', uri: 'https://prices.example.com/prices?key=abc' } } }),
];

function cert(id: string, expirationDate: string | undefined): ClientCertificate {
  return { clientCertificateId: id, createdDate: '2026-01-01T00:00:00.000Z', ...(expirationDate ? { expirationDate } : {}) };
}

function api(stageOverrides: Partial<Stage> = {}, resources: RestApi['resources'] | typeof httpResources = httpResources): RestApi {
  return restApi({ resources, stages: [stage(stageOverrides)] });
}

function inv(a: RestApi, extra: Pick<RegionInput, 'clientCertificates'> = {}) {
  return inventory({ regions: [region({ restApis: [a], ...extra })] });
}

const CERTS = [cert('good', '2027-06-01T00:00:00.000Z'), cert('soon', '2026-11-20T12:00:00.000Z'), cert('old', '2026-10-01T00:00:00.000Z'), cert('nodate', undefined)];

testCheck(check, [
  {
    name: 'a certificate valid beyond the threshold passes',
    inventory: inv(api({ clientCertificateId: 'good' }), { clientCertificates: CERTS }),
    expect: [
      {
        status: 'PASS',
        messageId: 'valid',
        resource: 'api-a1b2c3d4e5/prod',
        evidence: {
          clientCertificateId: 'good',
          daysLeft: 211,
          expiryDays: 30,
          httpIntegrations: ['GET /prices → https://prices.example.com/prices?key=[redacted]'],
        },
      },
    ],
  },
  {
    name: 'HTTP integrations without a client certificate fail',
    inventory: inv(api({})),
    expect: [{ status: 'FAIL', messageId: 'missing', evidence: { httpIntegrationCount: 1 } }],
  },
  {
    name: 'a certificate expiring within 30 days fails',
    inventory: inv(api({ clientCertificateId: 'soon' }), { clientCertificates: CERTS }),
    expect: [{ status: 'FAIL', messageId: 'expiring', evidence: { daysLeft: 19, expirationDate: '2026-11-20T12:00:00.000Z' } }],
  },
  {
    name: 'an expired certificate fails',
    inventory: inv(api({ clientCertificateId: 'old' }), { clientCertificates: CERTS }),
    expect: [{ status: 'FAIL', messageId: 'expired', evidence: { daysLeft: -32 } }],
  },
  {
    name: 'a certificate the account does not have fails',
    inventory: inv(api({ clientCertificateId: 'gone' }), { clientCertificates: CERTS }),
    expect: [{ status: 'FAIL', messageId: 'not-found', evidence: { clientCertificateId: 'gone' } }],
  },
  {
    name: 'a certificate without an expiration date cannot be judged',
    inventory: inv(api({ clientCertificateId: 'nodate' }), { clientCertificates: CERTS }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'only AWS, Lambda and mock integrations: not applicable, as for the AWS Config rule',
    inventory: inv(api({}, [resource('/', { GET: {}, OPTIONS: { methodIntegration: { type: 'MOCK' } } })])),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-http-integrations' }],
  },
  {
    name: 'no integration data at all is invalid data, not "no HTTP integrations"',
    inventory: inv(api({}, [resource('/', { GET: { methodIntegration: undefined } })])),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { unknownIntegrations: ['GET /'] } }],
  },
  {
    name: 'GetClientCertificates denied is ERROR',
    inventory: inv(api({ clientCertificateId: 'good' }), { clientCertificates: failed('GetClientCertificates') }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'GetResources denied is ERROR',
    inventory: inv(api({ clientCertificateId: 'good' }, failed('GetResources'))),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);

describe('check rest-stage-client-certificate options', () => {
  it('expiryDays moves the threshold', () => {
    const soon = inv(api({ clientCertificateId: 'soon' }), { clientCertificates: CERTS });
    const [result] = runChecks([check], soon, { checkOptions: { 'rest-stage-client-certificate': { expiryDays: 7 } } });
    assert.equal(result!.status, 'PASS');
    assert.equal(result!.evidence.expiryDays, 7);
  });

  it('rejects a negative expiryDays', () => {
    assert.throws(() => runChecks([check], inv(api({})), { checkOptions: { 'rest-stage-client-certificate': { expiryDays: -1 } } }));
  });
});
