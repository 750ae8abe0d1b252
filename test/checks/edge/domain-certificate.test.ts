import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/edge/domain-certificate.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { Certificate } from '../../../src/inventory/schema.js';
import { ACCOUNT, domainName, failed, inventory, region, v2DomainName } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';

// The fixtures' clock: COLLECTED_AT is 2026-11-01T12:00Z.
const CERT = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
const EDGE_CERT = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/eeeeeeee-0000-1111-2222-333333333333`;
const LABEL = 'certificate/11111111-2222-3333-4444-555555555555';

function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    CertificateArn: CERT,
    DomainName: 'api.example.com',
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    KeyAlgorithm: 'RSA_2048',
    NotBefore: '2026-06-01T00:00:00.000Z',
    NotAfter: '2027-06-30T23:59:59.000Z',
    RenewalEligibility: 'ELIGIBLE',
    ...overrides,
  };
}

const withCertificate = (cert: Certificate | ReturnType<typeof failed<Certificate>>, domain = domainName()) =>
  inventory({ regions: [region({ domainNames: [domain], certificates: { [CERT]: cert } })] });

testCheck(check, [
  {
    name: 'an issued ACM certificate far from expiry passes',
    inventory: withCertificate(certificate()),
    expect: [
      {
        status: 'PASS',
        messageId: 'valid',
        resource: 'api.example.com',
        evidence: { certificates: [LABEL], daysLeft: 241, notAfter: '2027-06-30', renewal: 'managed (ACM)' },
      },
    ],
  },
  {
    name: 'an imported certificate outside the window passes, calling out manual renewal',
    inventory: withCertificate(certificate({ Type: 'IMPORTED', RenewalEligibility: 'INELIGIBLE', NotAfter: '2027-01-15T00:00:00.000Z' })),
    expect: [{ status: 'PASS', messageId: 'valid-manual-renewal', evidence: { renewal: 'manual (imported)', daysLeft: 74 } }],
  },
  {
    name: 'an imported certificate expiring within 30 days fails',
    inventory: withCertificate(certificate({ Type: 'IMPORTED', RenewalEligibility: 'INELIGIBLE', NotAfter: '2026-11-15T00:00:00.000Z' })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'expiring-imported',
        evidence: { problems: [`${LABEL} expires in 13 days (2026-11-15); renewal is manual (imported)`], expiryDays: 30 },
      },
    ],
  },
  {
    name: 'an ACM certificate still unrenewed within the window fails (renewal is stuck)',
    inventory: withCertificate(certificate({ NotAfter: '2026-11-20T00:00:00.000Z' })),
    expect: [{ status: 'FAIL', messageId: 'expiring' }],
  },
  {
    name: 'a certificate past NotAfter fails as expired even if still marked ISSUED',
    inventory: withCertificate(certificate({ NotAfter: '2026-10-31T23:59:59.000Z' })),
    expect: [{ status: 'FAIL', messageId: 'expired', evidence: { problems: [`${LABEL} expired on 2026-10-31`] } }],
  },
  {
    name: 'status EXPIRED fails as expired',
    inventory: withCertificate(certificate({ Status: 'EXPIRED', NotAfter: '2026-09-01T00:00:00.000Z' })),
    expect: [{ status: 'FAIL', messageId: 'expired' }],
  },
  {
    name: 'a revoked certificate fails as not issued, the most severe problem first',
    inventory: withCertificate(certificate({ Status: 'REVOKED', KeyAlgorithm: 'RSA_1024' })),
    expect: [
      {
        status: 'FAIL',
        messageId: 'not-issued',
        evidence: { problems: [`${LABEL} is REVOKED`, `${LABEL} has an RSA 1024-bit key`] },
      },
    ],
  },
  {
    name: 'an RSA 1024-bit key fails',
    inventory: withCertificate(certificate({ KeyAlgorithm: 'RSA_1024' })),
    expect: [{ status: 'FAIL', messageId: 'weak-key' }],
  },
  {
    name: 'an edge-optimized domain\'s certificate is found in us-east-1',
    inventory: inventory({
      regions: [
        region({
          domainNames: [domainName({ regionalCertificateArn: undefined, certificateArn: EDGE_CERT, endpointConfiguration: { types: ['EDGE'] } })],
        }),
        region({ region: 'us-east-1', certificates: { [EDGE_CERT]: certificate({ CertificateArn: EDGE_CERT, KeyAlgorithm: 'EC_prime256v1' }) } }),
      ],
    }),
    expect: [{ status: 'PASS', messageId: 'valid', evidence: { certificateArns: [EDGE_CERT] } }],
  },
  {
    name: 'a v2 configuration\'s certificate is judged too (v2-only domain)',
    inventory: inventory({
      regions: [region({ v2DomainNames: [v2DomainName()], certificates: { [CERT]: certificate({ NotAfter: '2026-11-10T00:00:00.000Z' }) } })],
    }),
    expect: [{ status: 'FAIL', messageId: 'expiring' }],
  },
  {
    name: 'a certificate not in the snapshot is an ERROR',
    inventory: inventory({ regions: [region({ domainNames: [domainName()] })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', evidence: { certificateArns: [CERT] } }],
  },
  {
    name: 'DescribeCertificate denied is an ERROR',
    inventory: withCertificate(failed('DescribeCertificate', 'AccessDeniedException', { service: 'acm', resource: CERT })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a proven problem is reported although another certificate is missing',
    inventory: inventory({
      regions: [
        region({
          domainNames: [domainName({ certificateArn: EDGE_CERT })],
          certificates: { [CERT]: certificate({ KeyAlgorithm: 'RSA_1024' }) },
        }),
      ],
    }),
    expect: [{ status: 'FAIL', messageId: 'weak-key', evidence: { notCollected: [EDGE_CERT] } }],
  },
  {
    name: 'an issued certificate without NotAfter cannot be judged',
    inventory: withCertificate(certificate({ NotAfter: undefined })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'a domain naming no certificate is an ERROR',
    inventory: withCertificate(certificate(), domainName({ regionalCertificateArn: undefined })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
]);

describe('check domain-certificate expiryDays', () => {
  it('widens the window', () => {
    const results = runChecks([check], deepFreeze(withCertificate(certificate({ NotAfter: '2027-01-15T00:00:00.000Z' }))), {
      checkOptions: { 'domain-certificate': { expiryDays: 90 } },
    });
    assert.deepEqual(results.map((r) => [r.status, r.messageId, r.evidence.expiryDays]), [['FAIL', 'expiring', 90]]);
  });

  it('must be a positive whole number', () => {
    assert.throws(() => check.parseOptions({ expiryDays: 0 }), /domain-certificate/);
    assert.throws(() => check.parseOptions({ expiryDays: 1.5 }), /domain-certificate/);
  });
});
