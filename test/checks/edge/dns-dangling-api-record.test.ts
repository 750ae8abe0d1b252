import check from '../../../checks/edge/dns-dangling-api-record.js';
import type { HostedZone, Inventory, RecordSet, RegionInventory } from '../../../src/inventory/schema.js';
import { domainName, failed, inventory, ok, region, restApi, shared, v2Api, v2DomainName } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';

const DOMAIN_TARGET = 'd-abc123xyz.execute-api.eu-west-1.amazonaws.com';
const REST_ARN = 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5';

function alias(name: string, target: string, type = 'A'): RecordSet {
  return { Name: name, Type: type, AliasTarget: { DNSName: target, HostedZoneId: 'ZLY8HYME6SFDD', EvaluateTargetHealth: false } };
}

function cname(name: string, target: string): RecordSet {
  return { Name: name, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: target }] };
}

function zone(records: RecordSet[] | HostedZone['records'], name = 'example.com.', id = 'Z0123456789ABCDEFGHIJ'): HostedZone {
  return { Id: `/hostedzone/${id}`, Name: name, Config: { PrivateZone: false }, records: Array.isArray(records) ? ok(records) : records };
}

/** A region with one REST API served on api.example.com through a regional custom domain. */
function liveRegion(overrides: Parameters<typeof region>[0] = {}): RegionInventory {
  return region({
    restApis: [restApi()],
    domainNames: [domainName({ regionalDomainName: DOMAIN_TARGET, basePathMappings: ok([{ basePath: '(none)', restApiId: 'a1b2c3d4e5', stage: 'prod' }]) })],
    ...overrides,
  });
}

function withZones(zones: HostedZone[], regions: RegionInventory[] = [liveRegion()]): Inventory {
  return inventory({ regions, shared: { ...shared(), route53: { hostedZones: ok(zones) } } });
}

testCheck(check, [
  {
    name: 'an alias record pointing at a live regional domain target passes, linked to the APIs mapped on it',
    inventory: withZones([zone([alias('api.example.com.', `${DOMAIN_TARGET}.`)])]),
    expect: [
      {
        status: 'PASS',
        messageId: 'points-at-domain',
        resource: 'api.example.com A',
        evidence: { domain: 'api.example.com', region: 'eu-west-1', via: 'alias', linkedApis: [REST_ARN] },
      },
    ],
  },
  {
    name: 'a CNAME naming an existing REST API default endpoint passes, in any letter case',
    inventory: withZones([zone([cname('legacy.example.com.', 'A1B2C3D4E5.execute-api.eu-west-1.amazonaws.com')])]),
    expect: [{ status: 'PASS', messageId: 'points-at-api', evidence: { api: 'api-a1b2c3d4e5', linkedApis: [REST_ARN] } }],
  },
  {
    name: 'a CNAME naming an existing HTTP API default endpoint passes',
    inventory: withZones([zone([cname('http.example.com.', 'h1t2p3a4p5.execute-api.eu-west-1.amazonaws.com')])], [liveRegion({ v2Apis: [v2Api()] })]),
    expect: [{ status: 'PASS', messageId: 'points-at-api', evidence: { api: 'http-h1t2p3a4p5' } }],
  },
  {
    name: 'a CNAME naming a deleted API fails',
    inventory: withZones([zone([cname('old.example.com.', 'zz9yy8xx7w.execute-api.eu-west-1.amazonaws.com')])]),
    expect: [{ status: 'FAIL', messageId: 'dangling-api', resource: 'old.example.com CNAME', evidence: { apiId: 'zz9yy8xx7w', zone: 'example.com' } }],
  },
  {
    name: 'an alias to the target of a deleted and recreated domain fails, linked to the APIs now served under that name',
    inventory: withZones([zone([alias('api.example.com.', 'd-0ld0ld0ld.execute-api.eu-west-1.amazonaws.com.')])]),
    expect: [{ status: 'FAIL', messageId: 'dangling-domain', evidence: { target: 'd-0ld0ld0ld.execute-api.eu-west-1.amazonaws.com', linkedApis: [REST_ARN] } }],
  },
  {
    name: 'a target known only to the v2 view of the domain passes',
    inventory: withZones(
      [zone([alias('api.example.com.', DOMAIN_TARGET, 'AAAA')])],
      [
        region({
          domainNames: [],
          v2DomainNames: [
            v2DomainName({ DomainNameConfigurations: [{ EndpointType: 'REGIONAL', ApiGatewayDomainName: DOMAIN_TARGET, SecurityPolicy: 'TLS_1_2' }] }),
          ],
        }),
      ],
    ),
    expect: [{ status: 'PASS', messageId: 'points-at-domain', resource: 'api.example.com AAAA' }],
  },
  {
    name: 'a CloudFront record passes when it names a scanned edge-optimized domain, and other CloudFront records are left alone',
    inventory: withZones(
      [zone([alias('edge.example.com.', 'd111111abcdef8.cloudfront.net.'), alias('www.example.com.', 'd222222abcdef8.cloudfront.net.')])],
      [
        region({
          domainNames: [
            domainName({ domainName: 'edge.example.com', endpointConfiguration: { types: ['EDGE'] }, distributionDomainName: 'd111111abcdef8.cloudfront.net' }),
          ],
        }),
      ],
    ),
    expect: [{ status: 'PASS', messageId: 'points-at-domain', evidence: { domain: 'edge.example.com' } }],
  },
  {
    name: 'records pointing elsewhere are not judged',
    inventory: withZones([
      zone([
        { Name: 'example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] },
        cname('mail.example.com.', 'mx.example.net'),
        cname('vpce.example.com.', 'a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.eu-west-1.amazonaws.com'),
        cname('old.example.com.', 'zz9yy8xx7w.execute-api.eu-west-1.amazonaws.com'),
      ]),
    ]),
    expect: [{ status: 'FAIL', resource: 'old.example.com CNAME' }],
  },
  {
    name: 'a target in a region the scan did not cover is not applicable',
    inventory: withZones([zone([cname('us.example.com.', 'zz9yy8xx7w.execute-api.us-east-1.amazonaws.com')])]),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'region-not-scanned', evidence: { region: 'us-east-1' } }],
  },
  {
    name: 'an API id missing from the lists is an ERROR when the REST API list could not be read, never a FAIL',
    inventory: withZones([zone([cname('old.example.com.', 'zz9yy8xx7w.execute-api.eu-west-1.amazonaws.com')])], [liveRegion({ restApis: failed('GetRestApis') })]),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a domain target missing from the lists is an ERROR when the v2 domain list could not be read',
    inventory: withZones(
      [zone([alias('api.example.com.', 'd-0ld0ld0ld.execute-api.eu-west-1.amazonaws.com.')])],
      [liveRegion({ v2DomainNames: failed('GetDomainNames', 'AccessDeniedException', { service: 'apigatewayv2' }) })],
    ),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a domain target missing while a regional domain of the region has no known target name is an ERROR',
    inventory: withZones([zone([alias('api.example.com.', 'd-0ld0ld0ld.execute-api.eu-west-1.amazonaws.com.')])], [region({ domainNames: [domainName()] })]),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'a zone whose records could not be read is an ERROR; the other zones are judged',
    inventory: withZones([
      zone(failed('ListResourceRecordSets', 'AccessDenied', { service: 'route53', region: 'global' }), 'internal.example.', 'ZFAILED'),
      zone([alias('api.example.com.', DOMAIN_TARGET)]),
    ]),
    expect: [{ status: 'ERROR', messageId: 'collection-gap', resource: 'internal.example' }, { status: 'PASS' }],
  },
  {
    name: 'hosted zones that could not be listed are an ERROR',
    inventory: inventory({
      regions: [liveRegion()],
      shared: { ...shared(), route53: { hostedZones: failed('ListHostedZones', 'AccessDenied', { service: 'route53', region: 'global' }) } },
    }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'a snapshot from before Route 53 was collected is an ERROR',
    inventory: inventory({ regions: [liveRegion()] }),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
]);
