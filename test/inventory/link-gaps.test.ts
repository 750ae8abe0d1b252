/**
 * Resources found only through links (user pools through authorizers, KMS keys through log
 * groups and trails): where a link source could not be read, the linked-resource selection
 * reports a gap naming the region or API whose links are unknown, so its checks end in ERROR
 * instead of silently having fewer targets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Gap } from '../../src/inventory/view.js';
import { InventoryView } from '../../src/inventory/view.js';
import type { Inventory } from '../../src/inventory/schema.js';
import {
  ACCOUNT,
  failed,
  inventory,
  kmsKey,
  logGroup,
  region,
  restApi,
  shared,
  stage,
  trail,
  userPool,
  userPoolArn,
  v2Api,
  v2Stage,
} from '../fixtures/builders.js';

const POOL_ID = 'eu-west-1_Ab12Cd34E';
const POOL = userPoolArn(POOL_ID);
const ISSUER = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_ID}`;
const LOG_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/logs-key`;
const TRAIL_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/trail-key`;
const ACCESS_LOGS = '/aws/apigateway/orders';

const cognitoAuthorizer = { id: 'cog1', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: [POOL] };
const jwtAuthorizer = { AuthorizerId: 'jwt1', Name: 'shop-users', AuthorizerType: 'JWT', JwtConfiguration: { Issuer: ISSUER, Audience: ['c1'] } };

const describeGap = (gap: Gap) => `${gap.ref.type} ${gap.ref.name}: ${gap.error.operation} ${gap.error.code}`;

function poolGaps(inv: Inventory): string[] {
  return new InventoryView(inv).trustedUserPools().gaps.map(describeGap);
}

function keyGaps(inv: Inventory): string[] {
  return new InventoryView(inv).kmsKeys().gaps.map(describeGap);
}

describe('user pools behind authorizers that could not be read', () => {
  it('every link readable: no gap, the trusted pool is a target', () => {
    const inv = inventory({
      regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: [cognitoAuthorizer] })], v2Apis: [v2Api({ Name: 'shop', authorizers: [jwtAuthorizer] })] })],
      shared: shared({ userPools: { [POOL]: userPool({ Id: POOL_ID }) } }),
    });
    const selection = new InventoryView(inv).trustedUserPools();
    assert.deepEqual(selection.gaps, []);
    assert.deepEqual(selection.targets.map((t) => t.ref.arn), [POOL]);
  });

  it('GetAuthorizers failed for a REST API: a gap naming that API and what is unknown', () => {
    const inv = inventory({ regions: [region({ restApis: [restApi({ name: 'orders-api', authorizers: failed('GetAuthorizers') })] })] });
    const { gaps, targets } = new InventoryView(inv).trustedUserPools();
    assert.deepEqual(targets, []);
    assert.deepEqual(gaps.map(describeGap), ['rest-api orders-api: GetAuthorizers AccessDeniedException']);
    assert.equal(gaps[0]!.ref.apiArn, inv.regions[0]!.apigateway.restApis.ok ? inv.regions[0]!.apigateway.restApis.value[0]!.arn : '');
    assert.match(gaps[0]!.error.message, /^user pools behind orders-api's authorizers could not be listed: /);
  });

  it('the JWT authorizers of an HTTP API could not be read: a gap naming that API', () => {
    const inv = inventory({ regions: [region({ v2Apis: [v2Api({ Name: 'shop', authorizers: failed('GetAuthorizers') })] })] });
    assert.deepEqual(poolGaps(inv), ['http-api shop: GetAuthorizers AccessDeniedException']);
  });

  it('a WebSocket API whose authorizers could not be read links no pool: JWT authorizers are HTTP-only', () => {
    const inv = inventory({ regions: [region({ v2Apis: [v2Api({ Name: 'chat', ProtocolType: 'WEBSOCKET', authorizers: failed('GetAuthorizers') })] })] });
    assert.deepEqual(poolGaps(inv), []);
  });

  it('the API lists of a region could not be read: a gap naming the region, one per list', () => {
    const inv = inventory({ regions: [region({ restApis: failed('GetRestApis'), v2Apis: failed('GetApis', 'AccessDeniedException', { service: 'apigatewayv2' }) })] });
    assert.deepEqual(poolGaps(inv), [
      `account ${ACCOUNT}/eu-west-1: GetRestApis AccessDeniedException`,
      `account ${ACCOUNT}/eu-west-1: GetApis AccessDeniedException`,
    ]);
  });

  it('a pool still trusted through a readable API stays a target beside the gap', () => {
    const inv = inventory({
      regions: [
        region({
          restApis: [restApi({ id: 'a1', name: 'orders-api', authorizers: failed('GetAuthorizers') })],
          v2Apis: [v2Api({ Name: 'shop', authorizers: [jwtAuthorizer] })],
        }),
      ],
      shared: shared({ userPools: { [POOL]: userPool({ Id: POOL_ID }) } }),
    });
    const { gaps, targets } = new InventoryView(inv).trustedUserPools();
    assert.deepEqual(targets.map((t) => t.ref.arn), [POOL]);
    assert.deepEqual(gaps.map(describeGap), ['rest-api orders-api: GetAuthorizers AccessDeniedException']);
    assert.deepEqual(new InventoryView(inv).userPools().gaps.map(describeGap), ['rest-api orders-api: GetAuthorizers AccessDeniedException']);
  });
});

describe('KMS keys behind log groups and trails that could not be read', () => {
  const loggingStage = stage({ accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${ACCESS_LOGS}`, format: '$context.requestId' } });

  it('every link readable: no gap, the keys are targets', () => {
    const inv = inventory({
      regions: [region({ restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })], logGroups: { [ACCESS_LOGS]: logGroup(ACCESS_LOGS) }, trails: [trail()] })],
      shared: shared({ kmsKeys: { [LOG_KEY]: kmsKey(LOG_KEY), [TRAIL_KEY]: kmsKey(TRAIL_KEY) } }),
    });
    const selection = new InventoryView(inv).kmsKeys();
    assert.deepEqual(selection.gaps, []);
    assert.deepEqual(selection.targets.map((t) => t.ref.arn), [LOG_KEY, TRAIL_KEY]);
  });

  it('the log group a stage writes to could not be described: a gap naming the API', () => {
    const inv = inventory({
      regions: [
        region({
          restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })],
          logGroups: { [ACCESS_LOGS]: failed('DescribeLogGroups', 'AccessDeniedException', { service: 'logs' }) },
        }),
      ],
    });
    const { gaps, targets } = new InventoryView(inv).kmsKeys();
    assert.deepEqual(targets, []);
    assert.deepEqual(gaps.map(describeGap), ['rest-api orders-api: DescribeLogGroups AccessDeniedException']);
    assert.match(gaps[0]!.error.message, new RegExp(`KMS key protecting log group ${ACCESS_LOGS} .*is unknown: `));
  });

  it('a log group a stage names but the snapshot lacks: a NotCollected gap naming the API', () => {
    const inv = inventory({ regions: [region({ restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })] })] });
    assert.deepEqual(keyGaps(inv), ['rest-api orders-api: DescribeLogGroups NotCollected']);
  });

  it('a log group described as missing, or without a key, is an answer: no gap', () => {
    const inv = inventory({
      regions: [region({ restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })], logGroups: { [ACCESS_LOGS]: { logGroupName: ACCESS_LOGS, exists: false } } })],
    });
    assert.deepEqual(keyGaps(inv), []);
  });

  it("an API's stages could not be read (its log groups are unknown): a gap naming that API", () => {
    const inv = inventory({
      regions: [region({ restApis: [restApi({ name: 'orders-api', stages: failed('GetStages') })], v2Apis: [v2Api({ Name: 'shop', stages: failed('GetStages') })] })],
    });
    assert.deepEqual(keyGaps(inv), ['rest-api orders-api: GetStages AccessDeniedException', 'http-api shop: GetStages AccessDeniedException']);
  });

  it('the trails of a region could not be described: a gap naming the region', () => {
    const inv = inventory({ regions: [region({ trails: failed('DescribeTrails', 'AccessDeniedException', { service: 'cloudtrail' }) })] });
    assert.deepEqual(keyGaps(inv), [`account ${ACCOUNT}/eu-west-1: DescribeTrails AccessDeniedException`]);
  });

  it('the API lists of a region could not be read: a gap naming the region', () => {
    const inv = inventory({ regions: [region({ restApis: failed('GetRestApis') })] });
    assert.deepEqual(keyGaps(inv), [`account ${ACCOUNT}/eu-west-1: GetRestApis AccessDeniedException`]);
  });

  it('a key still protecting a readable log group stays a target beside the gap', () => {
    const other = '/aws/apigateway/shop';
    const inv = inventory({
      regions: [
        region({
          restApis: [restApi({ name: 'orders-api', stages: [loggingStage] })],
          v2Apis: [v2Api({ Name: 'shop', stages: [v2Stage({ AccessLogSettings: { DestinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${other}`, Format: '$context.requestId' } })] })],
          logGroups: { [ACCESS_LOGS]: failed('DescribeLogGroups', 'AccessDeniedException', { service: 'logs' }), [other]: logGroup(other) },
        }),
      ],
      shared: shared({ kmsKeys: { [LOG_KEY]: kmsKey(LOG_KEY) } }),
    });
    const { gaps, targets } = new InventoryView(inv).kmsKeys();
    assert.deepEqual(targets.map((t) => t.ref.arn), [LOG_KEY]);
    assert.deepEqual(gaps.map(describeGap), ['rest-api orders-api: DescribeLogGroups AccessDeniedException']);
  });
});
