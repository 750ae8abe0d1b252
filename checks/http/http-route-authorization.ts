import { defineCheck } from '../../src/engine/define.js';
import type { V2Route } from '../../src/inventory/schema.js';
import {
  authorizationType,
  hasManagedCors,
  httpApis,
  isPreflightOnlyRoute,
  isRouteAuthorized,
  perStage,
  servedRoutes,
  sortRouteKeys,
} from '../../src/analysis/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

const keys = (routes: readonly V2Route[]) => sortRouteKeys(new Set(routes.map((r) => r.RouteKey)));

export default defineCheck<V2ApiEntity, 'all-authorized' | 'open-routes' | 'no-routes' | 'not-deployed'>({
  id: 'http-route-authorization',
  title: 'HTTP API routes require authorization (IAM, a JWT authorizer or a Lambda authorizer)',
  severity: 'high',
  resourceTypes: ['http-api'],
  reads: ['v2-routes', 'v2-stages', 'v2-exports'],
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
    'for anyone who sends one, and is judged like every other route. Each stage is judged on what ' +
    'it serves: "You must deploy an API for changes to take effect. If you enable automatic ' +
    'deployments, changes to an API are automatically released for you" (Developer Guide, "Stages ' +
    'for HTTP APIs in API Gateway"). A stage with AutoDeploy is judged on the latest ' +
    'configuration; any other on its last deployment, read with ExportApi for that stage, so a fix ' +
    'not yet deployed still fails and a route opened but not deployed does not. A stage whose ' +
    'export could not be read is an error, never a pass; an API with no stage serves nothing.',
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
    nist80053r5: ['AC-3', 'CM-2', 'CM-2(2)'],
  },
  messages: {
    'all-authorized': 'Every route requires authorization ({routeCount} checked; OPTIONS routes without an integration aside).',
    'open-routes': 'Routes without authorization ({openCount} of {routeCount}) served by stage {stages}: {openRoutes}.',
    'no-routes': 'The API has no routes (OPTIONS routes without an integration aside).',
    'not-deployed': 'The API has no stage, so no route is served.',
  },
  select: (view) => httpApis(view),
  evaluate: ({ api }, outcome) => {
    if (!api.stages.ok) return outcome.gap(api.stages.error);
    if (api.stages.value.length === 0) return outcome.notApplicable('not-deployed', { stages: [] });
    const served = perStage(api.stages.value, (stage) => servedRoutes(api, stage));
    const stages = served.read.map(({ stageName, value: routes }) => {
      const judged = routes.filter((r) => !isPreflightOnlyRoute(r));
      return { stageName, judged, preflightOnly: routes.filter(isPreflightOnlyRoute), open: judged.filter((r) => !isRouteAuthorized(r, 'HTTP')) };
    });
    const failing = stages.filter((s) => s.open.length > 0);
    const open = failing.flatMap((s) => s.open);
    const evidence = {
      routeCount: keys(stages.flatMap((s) => s.judged)).length,
      optionsRoutes: keys(stages.flatMap((s) => s.preflightOnly)).length,
      managedCors: hasManagedCors(api),
      judgedOn: served.judgedOn,
      unjudgedStages: served.gaps.map((g) => g.stageName),
    };
    if (failing.length > 0) {
      return outcome.fail('open-routes', {
        ...evidence,
        stages: failing.map((s) => s.stageName),
        openCount: keys(open).length,
        openRoutes: keys(open),
        openRoutesByStage: Object.fromEntries(failing.map((s) => [s.stageName, keys(s.open)])),
        // Not NONE, yet not a type HTTP APIs enforce (a typo in a template, say): named with it.
        unrecognisedTypes: sortRouteKeys(
          new Set(open.filter((r) => authorizationType(r) !== 'NONE').map((r) => `${r.RouteKey} (${authorizationType(r)})`)),
        ),
      });
    }
    if (served.gaps.length > 0) return outcome.gap(served.gaps[0]!.error, evidence);
    if (evidence.routeCount === 0) return outcome.notApplicable('no-routes', evidence);
    return outcome.pass('all-authorized', evidence);
  },
});
