import { defineCheck } from '../../src/engine/define.js';
import {
  authorizationType,
  hasManagedCors,
  httpApis,
  isPreflightOnlyRoute,
  isRouteAuthorized,
  sortRouteKeys,
} from '../../src/inventory/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

export default defineCheck<V2ApiEntity, 'all-authorized' | 'open-routes' | 'no-routes'>({
  id: 'http-route-authorization',
  title: 'HTTP API routes require authorization (IAM, a JWT authorizer or a Lambda authorizer)',
  severity: 'high',
  resourceTypes: ['http-api'],
  rationale:
    'A route whose authorization type is NONE passes every request that reaches it to the ' +
    'integration: API Gateway checks no credentials, so access control is left to the backend, if ' +
    'it does any. HTTP APIs have no resource policies to fall back on, so the route\'s ' +
    'authorization type is the only gate API Gateway offers. The $default route counts like any ' +
    'other: it catches every request no other route matches, so an open $default opens every ' +
    'path. An OPTIONS route is left out only when no integration sits behind it: with a CORS ' +
    'configuration API Gateway answers preflight requests itself, even without an OPTIONS route ' +
    '(Developer Guide, "Configure CORS for HTTP APIs in API Gateway"), but that covers preflight ' +
    'requests only (those carrying Origin and Access-Control-Request-Method). Any other OPTIONS ' +
    'request is routed like any request, so an OPTIONS route with an integration runs its backend ' +
    'for anyone who sends one, and is judged like every other route.',
  remediation: {
    text:
      'Attach an authorizer to every route with an integration: AWS_IAM, a JWT authorizer (Cognito ' +
      'or another OpenID Connect provider) or a Lambda (CUSTOM) authorizer. For CORS, configure ' +
      'CORS on the API and let API Gateway answer preflights rather than an OPTIONS route with an ' +
      'integration. Stages with auto-deploy pick the change up at once; others need a new deployment.',
    cli: 'aws apigatewayv2 update-route --api-id <api-id> --route-id <route-id> --authorization-type JWT --authorizer-id <authorizer-id>',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html',
  },
  mappings: {
    securityHub: ['APIGateway.8'],
    awsConfig: ['api-gwv2-authorization-type-configured'],
    owaspApi2023: ['API2', 'API5'],
  },
  messages: {
    'all-authorized': 'Every route requires authorization ({routeCount} checked; OPTIONS routes without an integration aside).',
    'open-routes': 'Routes without authorization ({openCount} of {routeCount}): {openRoutes}.',
    'no-routes': 'The API has no routes (OPTIONS routes without an integration aside).',
  },
  select: (view) => httpApis(view),
  evaluate: ({ api }, outcome) => {
    if (!api.routes.ok) return outcome.gap(api.routes.error);
    const routes = api.routes.value;
    const judged = routes.filter((r) => !isPreflightOnlyRoute(r));
    const evidence = { routeCount: judged.length, optionsRoutes: routes.length - judged.length, managedCors: hasManagedCors(api) };
    if (judged.length === 0) return outcome.notApplicable('no-routes', evidence);
    const open = judged.filter((r) => !isRouteAuthorized(r, 'HTTP'));
    if (open.length === 0) return outcome.pass('all-authorized', evidence);
    return outcome.fail('open-routes', {
      ...evidence,
      openCount: open.length,
      openRoutes: sortRouteKeys(open.map((r) => r.RouteKey)),
      // Not NONE, yet not a type HTTP APIs enforce (a typo in a template, say): named with it.
      unrecognisedTypes: sortRouteKeys(
        open.filter((r) => authorizationType(r) !== 'NONE').map((r) => `${r.RouteKey} (${authorizationType(r)})`),
      ),
    });
  },
});
