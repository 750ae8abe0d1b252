import check from '../../../checks/edge/domain-mtls.js';
import { domainName, failed, inventory, region, v2DomainName } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const URI = 's3://example-truststores/partners/truststore.pem';
const EXPIRED = 'Certificate CN=Old Partner Root CA in the truststore expired on 2026-03-01';

testCheck(check, [
  {
    name: 'mutual TLS with a clean truststore passes',
    inventory: inventory({ regions: [region({ domainNames: [domainName({ mutualTlsAuthentication: { truststoreUri: URI, truststoreVersion: '3' } })] })] }),
    expect: [{ status: 'PASS', messageId: 'truststore-clean', resource: 'api.example.com', evidence: { truststoreUri: URI, truststoreVersion: '3' } }],
  },
  {
    name: 'truststore warnings fail',
    inventory: inventory({
      regions: [region({ domainNames: [domainName({ mutualTlsAuthentication: { truststoreUri: URI, truststoreWarnings: [EXPIRED] } })] })],
    }),
    expect: [{ status: 'FAIL', messageId: 'truststore-warnings', evidence: { warnings: [EXPIRED], warningCount: 1, truststoreVersion: 'latest' } }],
  },
  {
    name: 'a truststore URI is shown without credentials',
    inventory: inventory({
      regions: [region({ domainNames: [domainName({ mutualTlsAuthentication: { truststoreUri: 'https://u:s3cret@truststores.example.com/t.pem?sig=abc' } })] })],
    }),
    expect: [
      { status: 'PASS', messageId: 'truststore-clean', evidence: { truststoreUri: 'https://[redacted]@truststores.example.com/t.pem?sig=[redacted]' } },
    ],
  },
  {
    name: 'warnings from the v1 and v2 views are merged without duplicates',
    inventory: inventory({
      regions: [
        region({
          domainNames: [domainName({ mutualTlsAuthentication: { truststoreUri: URI, truststoreWarnings: [EXPIRED] } })],
          v2DomainNames: [
            v2DomainName({ MutualTlsAuthentication: { TruststoreUri: URI, TruststoreWarnings: [EXPIRED, 'Certificate CN=Test CA uses an unsupported key size'] } }),
          ],
        }),
      ],
    }),
    expect: [{ status: 'FAIL', evidence: { warningCount: 2 } }],
  },
  {
    name: 'a v2-only view of mutual TLS is read too',
    inventory: inventory({ regions: [region({ v2DomainNames: [v2DomainName({ MutualTlsAuthentication: { TruststoreUri: URI, TruststoreWarnings: [] } })] })] }),
    expect: [{ status: 'PASS', messageId: 'truststore-clean' }],
  },
  {
    name: 'a domain without mutual TLS is not applicable',
    inventory: inventory({ regions: [region({ domainNames: [domainName()], v2DomainNames: [v2DomainName()] })] }),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'no-mtls' }],
  },
  {
    name: 'GetDomainNames denied is ERROR on the region',
    inventory: inventory({ regions: [region({ domainNames: failed('GetDomainNames') })] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: '123456789012/eu-west-1' }],
  },
]);
