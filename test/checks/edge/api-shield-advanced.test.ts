import check from '../../../checks/edge/api-shield-advanced.js';
import { domainName, failed, inventory, ok, region, restApi, shared, v2Api } from '../../fixtures/builders.js';
import { testCheck } from '../tester.js';
import type { RegionInventory, ShieldInventory } from '../../../src/inventory/schema.js';

const ACTIVE = { ok: true as const, value: { SubscriptionState: 'ACTIVE' } };
const CLOUDFRONT = 'arn:aws:cloudfront::123456789012:distribution/E1ABCDEF234567';
const ALB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef';

const OTHER_CLOUDFRONT = 'arn:aws:cloudfront::123456789012:distribution/E9OTHER0000000';
const DEFAULT_HOST = 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';

const distribution = (arn: string, ...originDomainNames: string[]) => ({ Id: arn.split('/')[1]!, ARN: arn, Enabled: true, originDomainNames });

/** Subscribed, protecting `resourceArns`; the account's distributions: one in front of the default endpoint by default. */
const subscribed = (resourceArns: string[], distributions = [distribution(CLOUDFRONT, DEFAULT_HOST)]): ShieldInventory => ({
  subscription: ACTIVE,
  protections: ok(resourceArns.map((ResourceArn, i) => ({ Id: `p${i}`, Name: `p${i}`, ResourceArn }))),
  distributions: ok(distributions),
});

const account = (shield: ShieldInventory | undefined, input: Parameters<typeof region>[0]) =>
  inventory({ regions: [region(input)], shared: { ...shared(), ...(shield ? { shield } : {}) } });

const mapped = (type: 'EDGE' | 'REGIONAL', name = 'api.example.com') =>
  domainName({ domainName: name, endpointConfiguration: { types: [type] }, basePathMappings: ok([{ basePath: '(none)', restApiId: 'a1b2c3d4e5', stage: 'prod' }]) });

const regional = (input: Parameters<typeof restApi>[0] = {}): Partial<RegionInventory> & { restApis: ReturnType<typeof restApi>[] } => ({ restApis: [restApi(input)] });

testCheck(check, [
  {
    name: 'an account without a subscription: not applicable, not a failure',
    inventory: account({ subscription: ok({ SubscriptionState: 'INACTIVE' }) }, regional()),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-subscribed', resource: 'api-a1b2c3d4e5', evidence: { subscriptionState: 'INACTIVE' } }],
  },
  {
    name: 'subscribed, a protected distribution of the account fronts the default endpoint: passes',
    inventory: account(subscribed([CLOUDFRONT, ALB]), regional()),
    expect: [
      {
        status: 'PASS',
        messageId: 'protected',
        evidence: { protectedDistributions: [CLOUDFRONT], entryPoints: [`https://${DEFAULT_HOST} (REGIONAL)`] },
      },
    ],
  },
  {
    name: 'subscribed, the distribution in front is not protected (only a load balancer is): fails',
    inventory: account(subscribed([ALB]), regional()),
    expect: [{ status: 'FAIL', messageId: 'distribution-unprotected', evidence: { frontingDistributions: [CLOUDFRONT], protectedDistributions: [] } }],
  },
  {
    name: 'subscribed, a protected distribution elsewhere does not count: not fronted',
    inventory: account(subscribed([OTHER_CLOUDFRONT], [distribution(OTHER_CLOUDFRONT, 'www.example.org')]), regional()),
    expect: [{ status: 'FAIL', messageId: 'not-fronted', evidence: { frontingDistributions: [] } }],
  },
  {
    name: 'a disabled distribution fronts nothing',
    inventory: account(subscribed([CLOUDFRONT], [{ ...distribution(CLOUDFRONT, DEFAULT_HOST), Enabled: false }]), regional()),
    expect: [{ status: 'FAIL', messageId: 'not-fronted' }],
  },
  {
    name: 'subscribed, an edge-optimized API not fronted by a protected distribution: unprotectable',
    inventory: account(subscribed([OTHER_CLOUDFRONT]), regional({ endpointConfiguration: { types: ['EDGE'] } })),
    expect: [{ status: 'FAIL', messageId: 'edge-unprotectable', evidence: { edgeEntryPoints: [`https://${DEFAULT_HOST}`] } }],
  },
  {
    name: 'default endpoint disabled, a protected distribution names the Regional domain: passes',
    inventory: account(subscribed([CLOUDFRONT], [distribution(CLOUDFRONT, 'API.example.com')]), {
      ...regional({ disableExecuteApiEndpoint: true }),
      domainNames: [mapped('REGIONAL')],
    }),
    expect: [{ status: 'PASS', messageId: 'protected', evidence: { entryPoints: ['api.example.com (REGIONAL)'] } }],
  },
  {
    name: 'default endpoint disabled, served through an edge-optimized domain: unprotectable',
    inventory: account(subscribed([CLOUDFRONT]), { ...regional({ disableExecuteApiEndpoint: true }), domainNames: [mapped('EDGE')] }),
    expect: [{ status: 'FAIL', messageId: 'edge-unprotectable', evidence: { edgeEntryPoints: ['api.example.com'] } }],
  },
  {
    name: 'default endpoint disabled and no domain: no public entry point',
    inventory: account(subscribed([]), regional({ disableExecuteApiEndpoint: true })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-public' }],
  },
  {
    name: 'a private API is not applicable',
    inventory: account(subscribed([]), regional({ endpointConfiguration: { types: ['PRIVATE'] } })),
    expect: [{ status: 'NOT_APPLICABLE', messageId: 'not-public' }],
  },
  {
    name: 'an HTTP API on its default endpoint is judged too',
    inventory: account(subscribed([CLOUDFRONT]), { restApis: [], v2Apis: [v2Api()] }),
    expect: [{ status: 'FAIL', messageId: 'not-fronted', resource: 'http-h1t2p3a4p5' }],
  },
  {
    name: 'the subscription could not be read: ERROR',
    inventory: account({ subscription: failed('GetSubscriptionState') }, regional()),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'subscribed, the protections could not be read: ERROR',
    inventory: account({ subscription: ACTIVE, protections: failed('ListProtections'), distributions: ok([]) }, regional()),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'subscribed, the distributions could not be read: ERROR, even for an edge-optimized API',
    inventory: account({ subscription: ACTIVE, protections: ok([]), distributions: failed('ListDistributions') }, regional({ endpointConfiguration: { types: ['EDGE'] } })),
    expect: [{ status: 'ERROR', messageId: 'collection-gap' }],
  },
  {
    name: 'an unknown subscription state: ERROR',
    inventory: account({ subscription: ok({ SubscriptionState: 'PENDING' }) }, regional()),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'a snapshot from before Shield was collected: ERROR',
    inventory: account(undefined, regional()),
    expect: [{ status: 'ERROR', messageId: 'invalid-data' }],
  },
  {
    name: 'default endpoint disabled, the domain list unread: ERROR, since a domain could serve it',
    inventory: account(subscribed([]), { ...regional({ disableExecuteApiEndpoint: true }), domainNames: failed('GetDomainNames') }),
    expect: [
      { status: 'ERROR', messageId: 'collection-gap', resource: 'api-a1b2c3d4e5' },
    ],
  },
]);
