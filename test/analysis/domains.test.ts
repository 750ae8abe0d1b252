import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assessCertificate,
  certificateLabel,
  classifyTlsPolicy,
  domainCertificateArns,
  domainIndex,
  domainMutualTls,
  domainTlsSettings,
  recommendedPolicies,
  renewalOf,
  TLS_POLICIES,
} from '../../src/analysis/domains.js';
import type { Certificate } from '../../src/inventory/schema.js';
import { InventoryView } from '../../src/inventory/view.js';
import { ACCOUNT, domainName, failed, inventory, ok, region, restApi, v2DomainName } from '../fixtures/builders.js';

const CERT = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/11111111-2222-3333-4444-555555555555`;
const AT = new Date('2026-11-01T12:00:00.000Z');

const certificate = (overrides: Partial<Certificate> = {}): Certificate => ({
  CertificateArn: CERT,
  Status: 'ISSUED',
  Type: 'AMAZON_ISSUED',
  KeyAlgorithm: 'RSA_2048',
  NotAfter: '2027-06-30T23:59:59.000Z',
  ...overrides,
});

const domainsOf = (inv: ReturnType<typeof inventory>) => new InventoryView(inv).domains().targets;

describe('security policies', () => {
  it('knows every value of the 2026 API Gateway model', () => {
    const model = [
      'TLS_1_0', 'TLS_1_2',
      'SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
      'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', 'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
      'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09', 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
      'SecurityPolicy_TLS13_1_2_2021_06',
      'SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS12_PFS_2025_EDGE', 'SecurityPolicy_TLS12_2018_EDGE',
    ];
    assert.deepEqual([...TLS_POLICIES.keys()].sort(), [...model].sort());
    for (const name of model) assert.equal(classifyTlsPolicy(name)?.kind, name.startsWith('SecurityPolicy_') ? 'enhanced' : 'legacy', name);
  });

  it('reads the minimum TLS version', () => {
    assert.equal(classifyTlsPolicy('TLS_1_0')?.minTls, '1.0');
    assert.equal(classifyTlsPolicy(' TLS_1_2 ')?.minTls, '1.2');
    assert.equal(classifyTlsPolicy('SecurityPolicy_TLS13_1_3_FIPS_2025_09')?.minTls, '1.3');
    assert.equal(classifyTlsPolicy('SecurityPolicy_TLS12_2018_EDGE')?.minTls, '1.2');
  });

  it('does not guess unknown values', () => {
    assert.equal(classifyTlsPolicy('TLS_1_3'), undefined);
    assert.equal(classifyTlsPolicy('tls_1_2'), undefined);
  });

  it('marks exactly the five policies Security Hub APIGateway.11 accepts', () => {
    assert.deepEqual(
      [...TLS_POLICIES.values()].filter((p) => p.securityHubRecommended).map((p) => p.name).sort(),
      [
        'SecurityPolicy_TLS12_PFS_2025_EDGE',
        'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
        'SecurityPolicy_TLS13_1_3_2025_09',
        'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
        'SecurityPolicy_TLS13_2025_EDGE',
      ],
    );
  });

  it('recommends per endpoint type, TLS 1.3 only first', () => {
    assert.deepEqual(recommendedPolicies('REGIONAL'), ['SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09']);
    assert.deepEqual(recommendedPolicies('PRIVATE'), recommendedPolicies('REGIONAL'));
    assert.deepEqual(recommendedPolicies('EDGE'), ['SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS12_PFS_2025_EDGE']);
  });
});

describe('domain settings from the joined views', () => {
  it('prefers the v1 policy and falls back to every v2 configuration', () => {
    const [both, v2Only] = domainsOf(
      inventory({
        regions: [
          region({
            domainNames: [domainName({ domainName: 'a.example.com', securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' })],
            v2DomainNames: [v2DomainName({ DomainName: 'a.example.com' }), v2DomainName({ DomainName: 'b.example.com' })],
          }),
        ],
      }),
    );
    assert.deepEqual(domainTlsSettings(both!), {
      source: 'v1',
      settings: [{ policy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointType: 'REGIONAL', endpointAccessMode: 'STRICT' }],
    });
    assert.deepEqual(domainTlsSettings(v2Only!), { source: 'v2', settings: [{ policy: 'TLS_1_2', endpointType: 'REGIONAL' }] });
  });

  it('lists each certificate once, v1 and v2', () => {
    const edge = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/edge`;
    const [domain] = domainsOf(
      inventory({ regions: [region({ domainNames: [domainName({ certificateArn: edge })], v2DomainNames: [v2DomainName()] })] }),
    );
    assert.deepEqual(domainCertificateArns(domain!), [CERT, edge]);
  });

  it('has no mutual TLS without a truststore URI', () => {
    const [domain] = domainsOf(inventory({ regions: [region({ domainNames: [domainName({ mutualTlsAuthentication: { truststoreUri: ' ' } })] })] }));
    assert.equal(domainMutualTls(domain!), undefined);
  });
});

describe('assessCertificate', () => {
  it('counts whole days to NotAfter', () => {
    assert.deepEqual(assessCertificate(certificate(), AT, 30), {
      arn: CERT,
      status: 'ISSUED',
      type: 'AMAZON_ISSUED',
      keyAlgorithm: 'RSA_2048',
      renewal: 'managed (ACM)',
      notAfter: '2027-06-30',
      daysLeft: 241,
      problems: [],
    });
  });

  it('puts a certificate expiring exactly at the window edge inside it', () => {
    const edge = new Date(AT.getTime() + 30 * 86_400_000).toISOString();
    assert.deepEqual(assessCertificate(certificate({ NotAfter: edge }), AT, 30).problems.map((p) => p.kind), ['expiring']);
    const after = new Date(AT.getTime() + 30 * 86_400_000 + 1000).toISOString();
    assert.deepEqual(assessCertificate(certificate({ NotAfter: after }), AT, 30).problems, []);
  });

  it('names who renews', () => {
    assert.equal(renewalOf(certificate({ Type: 'IMPORTED' })), 'manual (imported)');
    assert.equal(renewalOf(certificate({ Type: 'PRIVATE', RenewalEligibility: 'INELIGIBLE' })), 'manual (not eligible for managed renewal)');
    assert.equal(renewalOf(certificate({ Type: 'PRIVATE', RenewalEligibility: 'ELIGIBLE' })), 'managed (ACM)');
  });

  it('does not judge an unreadable NotAfter of an issued certificate', () => {
    assert.match(assessCertificate(certificate({ NotAfter: 'soon' }), AT, 30).invalid ?? '', /unreadable NotAfter 'soon'/);
    const pending = assessCertificate(certificate({ Status: 'PENDING_VALIDATION', NotAfter: undefined }), AT, 30);
    assert.equal(pending.invalid, undefined);
    assert.deepEqual(pending.problems.map((p) => p.kind), ['not-issued']);
  });

  it('shortens ARNs to the certificate id', () => {
    assert.equal(certificateLabel(CERT), 'certificate/11111111-2222-3333-4444-555555555555');
    assert.equal(certificateLabel('not-an-arn'), 'not-an-arn');
  });
});

describe('InventoryView.certificateByArn', () => {
  it('finds a certificate collected in another region, preferring a description over a failure', () => {
    const view = new InventoryView(
      inventory({
        regions: [
          region({ certificates: { [CERT]: failed('DescribeCertificate') } }),
          region({ region: 'us-east-1', certificates: { [CERT]: certificate() } }),
        ],
      }),
    );
    const found = view.certificateByArn(CERT, view.inventory.regions[0]);
    assert.equal(found.ok, true);
  });

  it('reports a certificate nowhere in the snapshot as not collected, in the ARN\'s region', () => {
    const view = new InventoryView(inventory());
    const found = view.certificateByArn(`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/x`);
    assert.equal(found.ok, false);
    assert.equal(!found.ok && found.error.code, 'NotCollected');
    assert.equal(!found.ok && found.error.region, 'us-east-1');
  });
});

describe('domainIndex', () => {
  it('maps APIs to the domains serving them and collects the gaps per region, once per view', () => {
    const view = new InventoryView(
      inventory({
        regions: [
          region({
            restApis: [restApi()],
            domainNames: [
              domainName({ basePathMappings: ok([{ basePath: 'v1', restApiId: 'a1b2c3d4e5', stage: 'prod' }]) }),
              domainName({ domainName: 'broken.example.com', basePathMappings: failed('GetBasePathMappings') }),
            ],
          }),
        ],
      }),
    );
    const index = domainIndex(view);
    assert.equal(domainIndex(view), index);
    assert.deepEqual(index.byApi.get('arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5')?.map((d) => d.name), ['api.example.com']);
    assert.deepEqual(index.gapsByRegion.get('eu-west-1')?.map((e) => e.operation), ['GetBasePathMappings']);
  });
});
