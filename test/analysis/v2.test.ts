import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizationType,
  effectiveRouteSetting,
  entryRouteSetting,
  httpApis,
  isHttpsUrl,
  isHttpUrl,
  isLoopbackOrigin,
  isPreflightOnlyRoute,
  isPreflightRoute,
  isRouteAuthorized,
  isWildcardOrigin,
  routeSettingsEntries,
  sortRouteKeys,
  websocketApis,
  websocketStages,
} from '../../src/analysis/v2.js';
import { InventoryView } from '../../src/inventory/view.js';
import { failed, inventory, region, v2Api, v2Stage } from '../fixtures/builders.js';

describe('route authorization', () => {
  it('reads a missing or blank type as NONE and upper-cases the rest', () => {
    assert.equal(authorizationType({}), 'NONE');
    assert.equal(authorizationType({ AuthorizationType: '  ' }), 'NONE');
    assert.equal(authorizationType({ AuthorizationType: 'jwt' }), 'JWT');
  });

  it('accepts AWS_IAM, JWT and CUSTOM for HTTP APIs; JWT is not a WebSocket authorization', () => {
    for (const type of ['AWS_IAM', 'JWT', 'CUSTOM']) assert.equal(isRouteAuthorized({ AuthorizationType: type }, 'HTTP'), true, type);
    assert.equal(isRouteAuthorized({ AuthorizationType: 'NONE' }), false);
    assert.equal(isRouteAuthorized({ AuthorizationType: 'COGNITO_USER_POOLS' }), false);
    assert.equal(isRouteAuthorized({ AuthorizationType: 'CUSTOM' }, 'WEBSOCKET'), true);
    assert.equal(isRouteAuthorized({ AuthorizationType: 'JWT' }, 'WEBSOCKET'), false);
  });

  it('recognises CORS preflight route keys only', () => {
    assert.equal(isPreflightRoute('OPTIONS /pets'), true);
    assert.equal(isPreflightRoute('options /{proxy+}'), true);
    assert.equal(isPreflightRoute('ANY /pets'), false);
    assert.equal(isPreflightRoute('$default'), false);
    assert.equal(isPreflightRoute('OPTIONSX /pets'), false);
  });

  it('exempts only OPTIONS routes with no integration behind them', () => {
    assert.equal(isPreflightOnlyRoute({ RouteKey: 'OPTIONS /pets' }), true);
    assert.equal(isPreflightOnlyRoute({ RouteKey: 'OPTIONS /pets', Target: ' ' }), true);
    assert.equal(isPreflightOnlyRoute({ RouteKey: 'OPTIONS /pets', Target: 'integrations/abc1234' }), false);
    assert.equal(isPreflightOnlyRoute({ RouteKey: 'GET /pets' }), false);
  });

  it('sorts route keys with $ keys first', () => {
    assert.deepEqual(sortRouteKeys(['sendMessage', 'GET /b', '$default', '$connect']), ['$connect', '$default', 'GET /b', 'sendMessage']);
  });
});

describe('route settings', () => {
  const stage = v2Stage({
    DefaultRouteSettings: { LoggingLevel: 'ERROR', ThrottlingRateLimit: 100 },
    RouteSettings: { sendMessage: { LoggingLevel: 'OFF' }, $connect: { DataTraceEnabled: true } },
  });

  it('lists the default first, then overrides by route key', () => {
    assert.deepEqual(
      routeSettingsEntries(stage).map((e) => e.label),
      ['(stage default)', '$connect', 'sendMessage'],
    );
    assert.deepEqual(routeSettingsEntries(v2Stage({})), [{ label: '(stage default)', settings: {} }]);
  });

  it('falls back per field from an override to the default', () => {
    const [def, connect, send] = routeSettingsEntries(stage);
    assert.equal(entryRouteSetting(stage, def!, 'LoggingLevel'), 'ERROR');
    assert.equal(entryRouteSetting(stage, connect!, 'LoggingLevel'), 'ERROR');
    assert.equal(entryRouteSetting(stage, connect!, 'DataTraceEnabled'), true);
    assert.equal(entryRouteSetting(stage, send!, 'LoggingLevel'), 'OFF');
    assert.equal(entryRouteSetting(stage, def!, 'DataTraceEnabled'), undefined);
  });

  it('resolves a route by key: its override, else the default', () => {
    assert.equal(effectiveRouteSetting(stage, 'sendMessage', 'LoggingLevel'), 'OFF');
    assert.equal(effectiveRouteSetting(stage, 'sendMessage', 'ThrottlingRateLimit'), 100);
    assert.equal(effectiveRouteSetting(stage, '$default', 'LoggingLevel'), 'ERROR');
    assert.equal(effectiveRouteSetting(stage, 'constructor', 'LoggingLevel'), 'ERROR', 'inherited object keys are not overrides');
  });
});

describe('URLs and origins', () => {
  it('tells https from http', () => {
    assert.equal(isHttpsUrl('https://cognito-idp.eu-west-1.amazonaws.com/pool'), true);
    assert.equal(isHttpsUrl('http://auth.example.com'), false);
    assert.equal(isHttpsUrl('auth.example.com'), false);
    assert.equal(isHttpsUrl(undefined), false);
    assert.equal(isHttpUrl('http://partner.example.com'), true);
    assert.equal(isHttpUrl('https://partner.example.com'), false);
    assert.equal(isHttpUrl('*'), false);
  });

  it('recognises loopback origins', () => {
    for (const o of ['http://localhost:3000', 'http://LOCALHOST', 'http://app.localhost', 'http://127.0.0.1:8080', 'http://[::1]:5173']) {
      assert.equal(isLoopbackOrigin(o), true, o);
    }
    for (const o of ['http://localhost.example.com', 'http://10.0.0.1', '*', 'null']) assert.equal(isLoopbackOrigin(o), false, o);
  });

  it('isWildcardOrigin: *, scheme wildcards (any case, a port, a wildcard scheme); not a scoped domain', () => {
    for (const o of ['*', ' * ', 'https://*', 'http://*', 'HTTPS://*', 'https://*:443', 'https://*/', '*://*']) assert.equal(isWildcardOrigin(o), true, o);
    for (const o of ['https://*.example.com', 'https://app.example.com', 'null', '', 'https://']) assert.equal(isWildcardOrigin(o), false, o);
  });
});

describe('protocol selections', () => {
  const view = new InventoryView(
    inventory({
      regions: [
        region({
          v2Apis: [
            v2Api({ ApiId: 'http000001' }),
            v2Api({ ApiId: 'ws00000001', ProtocolType: 'WEBSOCKET' }),
            v2Api({ ApiId: 'http000002', stages: failed('GetStages') }),
            v2Api({ ApiId: 'ws00000002', ProtocolType: 'WEBSOCKET', stages: failed('GetStages') }),
          ],
        }),
        region({ region: 'us-east-1', v2Apis: failed('GetApis') }),
      ],
    }),
  );

  it('splits APIs by protocol and keeps region gaps for both', () => {
    assert.deepEqual(httpApis(view).targets.map((t) => t.api.ApiId), ['http000001', 'http000002']);
    assert.deepEqual(websocketApis(view).targets.map((t) => t.api.ApiId), ['ws00000001', 'ws00000002']);
    assert.equal(httpApis(view).gaps.length, 1);
    assert.equal(websocketApis(view).gaps.length, 1);
  });

  it('WebSocket stages leave HTTP stages and HTTP stage gaps out', () => {
    const stages = websocketStages(view);
    assert.deepEqual(stages.targets.map((t) => t.ref.name), ['ws-ws00000001/prod']);
    assert.deepEqual(stages.gaps.map((g) => g.ref.name), ['123456789012/us-east-1', 'ws-ws00000002']);
  });
});
