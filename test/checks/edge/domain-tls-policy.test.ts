import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../../checks/edge/domain-tls-policy.js';
import { runChecks } from '../../../src/engine/runner.js';
import { domainName, failed, inventory, ok, region, restApi, v2Api, v2DomainName } from '../../fixtures/builders.js';
import { deepFreeze, testCheck } from '../tester.js';

const REGIONAL_RECOMMENDED = ['SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09'];
const EDGE_RECOMMENDED = ['SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS12_PFS_2025_EDGE'];
const MTLS = { truststoreUri: 's3://truststores/partners.pem', truststoreVersion: '7' };

const withDomains = (...domains: ReturnType<typeof domainName>[]) => inventory({ regions: [region({ domainNames: domains })] });

testCheck(check, [
  {
    name: 'legacy TLS_1_2 passes, naming the recommended enhanced policies',
    inventory: withDomains(domainName()),
    expect: [
      {
        status: 'PASS',
        messageId: 'acceptable',
        resource: 'api.example.com',
        evidence: { source: 'v1', policies: ['TLS_1_2'], minTls: '1.2', recommended: REGIONAL_RECOMMENDED, securityHubRecommended: false },
      },
    ],
  },
  {
    name: 'TLS_1_0 on an edge-optimized domain fails, recommending the edge policies',
    inventory: withDomains(domainName({ securityPolicy: 'TLS_1_0', endpointConfiguration: { types: ['EDGE'] } })),
    expect: [{ status: 'FAIL', messageId: 'tls-1-0', evidence: { minTls: '1.0', endpointTypes: ['EDGE'], recommended: EDGE_RECOMMENDED } }],
  },
  {
    name: 'an enhanced TLS 1.3 policy with endpoint access mode STRICT passes as recommended',
    inventory: withDomains(domainName({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' })),
    expect: [{ status: 'PASS', messageId: 'recommended', evidence: { minTls: '1.3', securityHubRecommended: true, endpointAccessMode: 'STRICT' } }],
  },
  {
    name: 'the enhanced edge policy with access mode BASIC passes, suggesting STRICT',
    inventory: withDomains(
      domainName({ securityPolicy: 'SecurityPolicy_TLS13_2025_EDGE', endpointAccessMode: 'BASIC', endpointConfiguration: { types: ['EDGE'] } }),
    ),
    expect: [{ status: 'PASS', messageId: 'recommended-basic', evidence: { endpointAccessMode: 'BASIC', minTls: '1.3' } }],
  },
  {
    name: 'an enhanced policy Security Hub does not list passes with the advice',
    inventory: withDomains(
      domainName({ securityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09', endpointAccessMode: 'STRICT', endpointConfiguration: { types: ['PRIVATE'] } }),
    ),
    expect: [{ status: 'PASS', messageId: 'acceptable', evidence: { minTls: '1.2', securityHubRecommended: false, recommended: REGIONAL_RECOMMENDED } }],
  },
  {
    name: 'TLS_1_2 is the best a domain with mutual TLS can have',
    inventory: withDomains(domainName({ mutualTlsAuthentication: MTLS })),
    expect: [{ status: 'PASS', messageId: 'best-available', evidence: { blockers: ['mutual TLS'] } }],
  },
  {
    name: 'TLS_1_2 is the best a domain serving an HTTP API can have (v1 and v2 views joined)',
    inventory: inventory({
      regions: [
        region({
          domainNames: [domainName()],
          v2DomainNames: [v2DomainName({ apiMappings: ok([{ ApiId: 'h1t2p3a4p5', Stage: '$default' }]) })],
          v2Apis: [v2Api()],
        }),
      ],
    }),
    expect: [{ status: 'PASS', messageId: 'best-available', evidence: { source: 'v1', blockers: ['HTTP API mappings (http-h1t2p3a4p5)'] } }],
  },
  {
    name: 'the v1 view wins over the v2 view, which only knows legacy policies',
    inventory: inventory({
      regions: [
        region({
          domainNames: [domainName({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' })],
          v2DomainNames: [v2DomainName()],
        }),
      ],
    }),
    expect: [{ status: 'PASS', messageId: 'recommended', evidence: { source: 'v1', policies: ['SecurityPolicy_TLS13_1_3_2025_09'] } }],
  },
  {
    name: 'without the v1 view every v2 configuration must refuse TLS 1.0 (and the v1 gap is reported)',
    inventory: inventory({
      regions: [
        region({
          domainNames: failed('GetDomainNames'),
          v2DomainNames: [
            v2DomainName({
              DomainNameConfigurations: [
                { EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
                { EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_0' },
              ],
            }),
            v2DomainName({ DomainName: 'ws.example.com' }),
          ],
        }),
      ],
    }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' },
      { status: 'FAIL', messageId: 'tls-1-0', resource: 'api.example.com', evidence: { source: 'v2', policies: ['TLS_1_2', 'TLS_1_0'] } },
      { status: 'PASS', messageId: 'acceptable', resource: 'ws.example.com', evidence: { source: 'v2' } },
    ],
  },
  {
    name: 'a policy this tool does not know is an ERROR, never a pass',
    inventory: withDomains(domainName({ securityPolicy: 'SecurityPolicy_TLS14_2031_01', endpointAccessMode: 'STRICT' })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { policies: ['SecurityPolicy_TLS14_2031_01'] } }],
  },
  {
    name: 'a domain reporting no policy at all is an ERROR',
    inventory: withDomains(domainName({ securityPolicy: undefined })),
    expect: [{ status: 'ERROR', messageId: 'invalid-data', evidence: { policies: ['none'] } }],
  },
  {
    name: 'a v2 domain without configurations is an ERROR',
    inventory: inventory({ regions: [region({ v2DomainNames: [v2DomainName({ DomainNameConfigurations: [] })] })] }),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'one result per domain; no domains, no results',
    inventory: inventory({
      regions: [
        region({ domainNames: [domainName({ domainName: 'a.example.com' }), domainName({ domainName: 'b.example.com', securityPolicy: 'TLS_1_0' })] }),
        region({ region: 'us-east-1' }),
      ],
    }),
    expect: [
      { status: 'PASS', resource: 'a.example.com' },
      { status: 'FAIL', resource: 'b.example.com' },
    ],
  },
]);

describe('check domain-tls-policy with requireRecommended', () => {
  const run = (inv: ReturnType<typeof inventory>) =>
    runChecks([check], deepFreeze(inv), { checkOptions: { 'domain-tls-policy': { requireRecommended: true } } });

  it('fails TLS_1_2 and enhanced policies Security Hub does not accept', () => {
    const results = run(
      withDomains(
        domainName({ domainName: 'legacy.example.com' }),
        domainName({ domainName: 'pq.example.com', securityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09', endpointAccessMode: 'STRICT' }),
        domainName({ domainName: 'tls13.example.com', securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' }),
      ),
    );
    assert.deepEqual(
      results.map((r) => [r.resource.name, r.status, r.messageId]),
      [
        ['legacy.example.com', 'FAIL', 'not-recommended'],
        ['pq.example.com', 'FAIL', 'not-recommended'],
        ['tls13.example.com', 'PASS', 'recommended'],
      ],
    );
  });

  it('still passes TLS_1_2 where an enhanced policy is impossible', () => {
    const [result] = run(withDomains(domainName({ mutualTlsAuthentication: MTLS })));
    assert.equal(result?.status, 'PASS');
    assert.equal(result?.messageId, 'best-available');
  });

  it('rejects an option of the wrong type', () => {
    assert.throws(() => check.parseOptions({ requireRecommended: 'yes' }), /domain-tls-policy/);
  });
});

describe('domain results count towards the APIs the domain serves', () => {
  it('carries the mapped API ARNs', () => {
    const inv = inventory({
      regions: [
        region({
          restApis: [restApi()],
          domainNames: [domainName({ securityPolicy: 'TLS_1_0', basePathMappings: ok([{ basePath: '(none)', restApiId: 'a1b2c3d4e5', stage: 'prod' }]) })],
        }),
      ],
    });
    const [result] = runChecks([check], deepFreeze(inv));
    assert.deepEqual(result?.resource.linkedApiArns, ['arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5']);
  });
});

describe('check domain-tls-policy with requirePostQuantum', () => {
  const run = (inv: ReturnType<typeof inventory>) =>
    runChecks([check], deepFreeze(inv), { checkOptions: { 'domain-tls-policy': { requirePostQuantum: true } } });
  const verdicts = (inv: ReturnType<typeof inventory>) => run(inv).map((r) => [r.resource.name, r.status, r.messageId]);

  it('fails Regional and private policies without PQ, even TLS 1.3 only ones, and passes the PQ ones', () => {
    const results = run(
      withDomains(
        domainName({ domainName: 'legacy.example.com' }),
        domainName({ domainName: 'tls13.example.com', securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' }),
        domainName({ domainName: 'pfs-pq.example.com', securityPolicy: 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', endpointAccessMode: 'STRICT' }),
        domainName({
          domainName: 'pq.example.com',
          securityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
          endpointAccessMode: 'STRICT',
          endpointConfiguration: { types: ['PRIVATE'] },
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => [r.resource.name, r.status, r.messageId]),
      [
        ['legacy.example.com', 'FAIL', 'not-post-quantum'],
        ['pfs-pq.example.com', 'PASS', 'recommended'],
        ['pq.example.com', 'PASS', 'acceptable'],
        ['tls13.example.com', 'FAIL', 'not-post-quantum'],
      ],
    );
    assert.deepEqual(results[0]?.evidence.postQuantumPolicies, [
      'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
      'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
      'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09',
      'SecurityPolicy_TLS13_1_2_PQ_2025_09',
    ]);
  });

  it('keeps the verdicts where no PQ policy is possible: edge-optimized domains, mutual TLS; TLS 1.0 still fails as such', () => {
    assert.deepEqual(
      verdicts(
        withDomains(
          domainName({ domainName: 'edge.example.com', securityPolicy: 'SecurityPolicy_TLS13_2025_EDGE', endpointAccessMode: 'STRICT', endpointConfiguration: { types: ['EDGE'] } }),
          domainName({ domainName: 'mtls.example.com', mutualTlsAuthentication: MTLS }),
          domainName({ domainName: 'old.example.com', securityPolicy: 'TLS_1_0' }),
        ),
      ),
      [
        ['edge.example.com', 'PASS', 'recommended'],
        ['mtls.example.com', 'PASS', 'best-available'],
        ['old.example.com', 'FAIL', 'tls-1-0'],
      ],
    );
  });

  it('is off by default: the same domains keep today\'s verdicts', () => {
    const [result] = runChecks([check], deepFreeze(withDomains(domainName({ securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' }))));
    assert.equal(result?.messageId, 'recommended');
  });
});
