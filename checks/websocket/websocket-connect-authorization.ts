import { defineCheck } from '../../src/engine/define.js';
import {
  authorizationType,
  CONNECT_ROUTE,
  isRouteAuthorized,
  perStage,
  servedRoutes,
  sortRouteKeys,
  websocketApis,
} from '../../src/analysis/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

export default defineCheck<V2ApiEntity, 'authorized' | 'open' | 'no-connect-route' | 'no-routes' | 'not-deployed'>({
  id: 'websocket-connect-authorization',
  title: 'WebSocket APIs authorize the $connect route (IAM or a Lambda authorizer)',
  severity: 'high',
  resourceTypes: ['websocket-api'],
  reads: ['v2-routes', 'v2-stages'],
  rationale:
    'A WebSocket API authorizes once, when the client connects: $connect is the only route that ' +
    'can carry an authorizer, and every message sent over an accepted connection reaches its ' +
    'route (sendMessage, $default, …) without further checks. An unauthorized $connect therefore ' +
    'lets anyone open a connection and call every route. An API with no $connect route accepts ' +
    'connections with no check at all, so there is nothing to attach an authorizer to. Routes ' +
    'other than $connect are not judged: they cannot have an authorizer. An API key on $connect ' +
    'is not authentication. A stage serves its last deployment unless AutoDeploy is on ("Every ' +
    'time you update an API, you must redeploy it", routes and authorizers included: Developer ' +
    'Guide, "Deploy WebSocket APIs in API Gateway"), but AWS offers no way to read what a ' +
    'WebSocket deployment holds (ExportApi serves ' +
    'HTTP APIs only): every stage is judged on the latest configuration, and the evidence ' +
    '(judgedOn) says so for each stage without AutoDeploy. An API with no stage accepts no connection.',
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
    'not-deployed': 'The API has no stage, so it accepts no connection.',
  },
  select: (view) => websocketApis(view),
  evaluate: ({ api }, outcome) => {
    if (!api.stages.ok) return outcome.gap(api.stages.error);
    if (api.stages.value.length === 0) return outcome.notApplicable('not-deployed', { stages: [] });
    // Every WebSocket stage is judged on the latest configuration: judgedOn says why, per stage.
    const { judgedOn } = perStage(api.stages.value, (stage) => servedRoutes(api, stage));
    const stages = Object.keys(judgedOn);
    if (!api.routes.ok) return outcome.gap(api.routes.error, { stages, judgedOn });
    const routes = api.routes.value;
    if (routes.length === 0) return outcome.notApplicable('no-routes', { routeCount: 0, stages, judgedOn });
    const evidence = { routeCount: routes.length, routes: sortRouteKeys(routes.map((r) => r.RouteKey)), stages, judgedOn };
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
