import { defineCheck } from '../../src/engine/define.js';
import { authorizationType, CONNECT_ROUTE, isRouteAuthorized, sortRouteKeys, websocketApis } from '../../src/inventory/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

export default defineCheck<V2ApiEntity, 'authorized' | 'open' | 'no-connect-route' | 'no-routes'>({
  id: 'websocket-connect-authorization',
  title: 'WebSocket APIs authorize the $connect route (IAM or a Lambda authorizer)',
  severity: 'high',
  resourceTypes: ['websocket-api'],
  rationale:
    'A WebSocket API authorizes once, when the client connects: $connect is the only route that ' +
    'can carry an authorizer, and every message sent over an accepted connection reaches its ' +
    'route (sendMessage, $default, …) without further checks. An unauthorized $connect therefore ' +
    'lets anyone open a connection and call every route. An API with no $connect route accepts ' +
    'connections with no check at all, so there is nothing to attach an authorizer to. Routes ' +
    'other than $connect are not judged: they cannot have an authorizer. An API key on $connect ' +
    'is not authentication.',
  remediation: {
    text:
      'Add a $connect route if there is none, and set its authorization type to AWS_IAM or to ' +
      'CUSTOM with a Lambda REQUEST authorizer (identity from a header or query string); then ' +
      'deploy the stage.',
    cli: 'aws apigatewayv2 update-route --api-id <api-id> --route-id <connect-route-id> --authorization-type CUSTOM --authorizer-id <authorizer-id> && aws apigatewayv2 create-deployment --api-id <api-id> --stage-name <stage>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-control-access.html',
  },
  mappings: {
    owaspApi2023: ['API2'],
  },
  messages: {
    authorized: 'The $connect route requires authorization ({authorizationType}), which covers every route ({routeCount}).',
    open: 'The $connect route requires no authorization: anyone can connect and call every route ({routeCount}): {routes}.',
    'no-connect-route':
      'The API has no $connect route, so connections are accepted without any authorization and every route ({routeCount}) can be called: {routes}.',
    'no-routes': 'The API has no routes.',
  },
  select: (view) => websocketApis(view),
  evaluate: ({ api }, outcome) => {
    if (!api.routes.ok) return outcome.gap(api.routes.error);
    const routes = api.routes.value;
    if (routes.length === 0) return outcome.notApplicable('no-routes', { routeCount: 0 });
    const evidence = { routeCount: routes.length, routes: sortRouteKeys(routes.map((r) => r.RouteKey)) };
    const connect = routes.find((r) => r.RouteKey === CONNECT_ROUTE);
    if (!connect) return outcome.fail('no-connect-route', evidence);
    const connectEvidence = {
      ...evidence,
      authorizationType: authorizationType(connect),
      apiKeyRequired: connect.ApiKeyRequired === true,
    };
    if (isRouteAuthorized(connect, 'WEBSOCKET')) {
      return outcome.pass('authorized', { ...connectEvidence, authorizerId: connect.AuthorizerId ?? null });
    }
    return outcome.fail('open', connectEvidence);
  },
});
