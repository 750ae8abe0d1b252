import { defineCheck } from '../../src/engine/define.js';
import { guestInvokers, v2BorrowedAccess, type BorrowedAccessAnalysis } from '../../src/analysis/cognito.js';
import { domainIndex, domainMutualTls } from '../../src/analysis/domains.js';
import {
  authorizationType,
  CONNECT_ROUTE,
  isPreflightOnlyRoute,
  isRouteAuthorized,
  isWebSocketApi,
  perStage,
  servedRoutes,
  sortRouteKeys,
} from '../../src/analysis/v2.js';
import { apiContext } from '../../src/analysis/policy.js';
import type { V2Api, V2Route } from '../../src/inventory/schema.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

/**
 * How each judged route is authorized on a stage, with its authorizer and scopes: the latest
 * configuration's routes for a stage serving it, else the stage's export.
 */
function routeAuthorizations(api: V2Api, stageName: string, latest: boolean, judged: readonly V2Route[]) {
  const exported = latest ? undefined : api.stageExports[stageName];
  const latestRoutes = api.routes.ok ? api.routes.value : [];
  return judged.map((r) => {
    const fromExport = exported?.ok ? exported.value.routes.find((e) => e.routeKey === r.RouteKey) : undefined;
    if (fromExport) {
      return {
        routeKey: r.RouteKey,
        authorizationType: fromExport.authorizationType,
        ...(fromExport.authorizerName !== undefined ? { authorizerName: fromExport.authorizerName } : {}),
        ...(fromExport.authorizationScopes ? { scopes: fromExport.authorizationScopes } : {}),
      };
    }
    const own = latestRoutes.find((l) => l.RouteKey === r.RouteKey) ?? r;
    return {
      routeKey: r.RouteKey,
      authorizationType: authorizationType(own),
      ...(own.AuthorizerId !== undefined ? { authorizerId: own.AuthorizerId } : {}),
      ...(own.AuthorizationScopes ? { scopes: own.AuthorizationScopes } : {}),
    };
  });
}

/** Evidence of routes whose authorization anyone can pass. */
function borrowedEvidence(analyses: readonly BorrowedAccessAnalysis[]): Record<string, unknown> {
  const borrowed = analyses.flatMap((a) => a.borrowed);
  const lines = (kind: string) => [...new Set(borrowed.filter((b) => b.kind === kind).map((b) => b.how))].sort();
  const signUp = lines('self-sign-up');
  const guests = lines('guest-credentials');
  const outside = [...new Set(analyses.flatMap((a) => a.outside))].sort();
  return {
    ...(borrowed.length ? { borrowedRoutes: sortRouteKeys(new Set(borrowed.map((b) => b.label))) } : {}),
    ...(signUp.length ? { selfSignUp: true, selfSignUpRoutes: signUp } : {}),
    ...(guests.length ? { guestCredentials: guests } : {}),
    ...(outside.length ? { selfSignUpNotJudged: outside } : {}),
  };
}

type MessageId =
  | 'open'
  | 'open-borrowed'
  | 'open-connect'
  | 'authenticated'
  | 'connect-authorized'
  | 'not-deployed'
  | 'no-routes'
  | 'not-reachable'
  | 'mutual-tls';

export default defineCheck<V2ApiEntity, MessageId>({
  id: 'v2-api-public-unauthenticated',
  title: 'No HTTP or WebSocket API route can be called by anyone on the internet without authentication',
  severity: 'critical',
  resourceTypes: ['http-api', 'websocket-api'],
  reads: ['v2-routes', 'v2-stages', 'v2-exports', 'v2-authorizers', 'domains', 'user-pools', 'identity-pools', 'iam-policies'],
  rationale:
    'This is the exposure the other HTTP and WebSocket checks add up to. HTTP and WebSocket APIs ' +
    'are always internet-facing (there are no private ones and no resource policies to narrow ' +
    'who may call them), so a deployed API with a route whose authorization type is NONE can be ' +
    'called by anyone who finds its URL, which is guessable and shows up in client code, logs ' +
    'and certificate transparency for custom domains. For an HTTP API each open route counts ' +
    '(an open $default opens every path; an OPTIONS route counts unless no integration sits ' +
    'behind it, since API Gateway\'s managed CORS answers preflight requests only, not other ' +
    'OPTIONS requests: Developer Guide, "Configure CORS for HTTP APIs in API Gateway"). A WebSocket API ' +
    'authorizes only on $connect: if $connect is open, or missing, anyone can connect and then ' +
    'send messages to every route. An API key is not authentication. A custom domain with mutual ' +
    'TLS (a truststore) admits only clients presenting a certificate its truststore trusts ' +
    '(Developer Guide, "Configuring mutual TLS authentication for an HTTP API"), so it is not an ' +
    'anonymous path; but the default execute-api endpoint skips it, so mutual TLS protects the API ' +
    'only when that endpoint is disabled (DisableExecuteApiEndpoint) and every domain mapping the ' +
    'API requires it. APIs with no stage are out of scope, and so is an API whose default ' +
    'endpoint is disabled and that no custom domain maps. Each stage is judged on what it serves ' +
    '("You must deploy an API for changes to take effect. If you enable automatic deployments, ' +
    'changes to an API are automatically released for you": Developer Guide, "Stages for HTTP APIs ' +
    'in API Gateway"): an HTTP API stage with AutoDeploy on the latest configuration, any other on ' +
    'its export (ExportApi for that stage; unreadable is an error, never a pass). WebSocket APIs ' +
    'cannot be exported, so their stages are judged on the latest configuration and the evidence ' +
    '(judgedOn) says so. Authorization anyone can pass counts as none, and the evidence says which: ' +
    'a JWT route whose authorizer\'s issuer is a Cognito user pool where anyone can sign up ' +
    '(AllowAdminCreateUserOnly false, no pre sign-up trigger: see cognito-self-sign-up) is reachable ' +
    'by anyone with an email address (selfSignUp), unless the route requires scopes no app client ' +
    'lets users request (Developer Guide, "Control access to HTTP APIs with JWT authorizers": a ' +
    'token passes if its scope claim has one of the route\'s scopes); issuers other than Cognito are ' +
    'not judged. An AWS_IAM route (an HTTP route, or a WebSocket $connect) that guests of an identity ' +
    'pool with the basic flow may invoke is callable by anyone (guestCredentials: see ' +
    'cognito-identity-pool-guest-access). A pool that could not be read leaves those routes unjudged ' +
    '(ERROR unless another route fails).',
  remediation: {
    text:
      'Require authorization on the open routes (AWS_IAM, a JWT authorizer or a Lambda ' +
      'authorizer; for WebSocket APIs, on $connect); if a route must stay public, keep it to ' +
      'data that is public, and throttle it.',
    cli: 'aws apigatewayv2 update-route --api-id <api-id> --route-id <route-id> --authorization-type AWS_IAM',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html',
  },
  mappings: {
    owaspApi2023: ['API2', 'API5'],
  },
  // An API open to anonymous callers has routes without authorization by definition: one finding, weighed once.
  subsumes: ['http-route-authorization', 'websocket-connect-authorization'],
  messages: {
    open: 'Anyone on the internet can call these routes without authentication ({openCount}): {openRoutes} (via {reachableVia}).',
    'open-borrowed':
      'Anyone on the internet can call these routes without authentication or with credentials anyone can get ({openCount}): {openRoutes} (via {reachableVia}).',
    'open-connect':
      'Anyone on the internet can connect ({connect}) and call every route ({openCount}): {openRoutes} (via {reachableVia}).',
    authenticated: 'Every route requires authorization ({routeCount} checked; OPTIONS routes without an integration aside).',
    'connect-authorized': 'Connections are authorized on $connect ({authorizationType}), which covers every route ({routeCount}).',
    'not-deployed': 'The API has no stage, so nothing is reachable.',
    'no-routes': 'The API has no routes (OPTIONS routes without an integration aside).',
    'not-reachable': 'The default execute-api endpoint is disabled and no custom domain maps the API.',
    'mutual-tls':
      'Routes without authorization ({openRoutes}) are reachable only through custom domains with mutual TLS ' +
      '({mutualTlsDomains}), which admit only clients with a trusted certificate; the default endpoint is disabled.',
  },
  select: (view) => view.v2Apis(),
  evaluate: ({ api, region }, outcome, view) => {
    const protocol = api.ProtocolType;
    if (!api.stages.ok) return outcome.gap(api.stages.error, { protocol });
    if (api.stages.value.length === 0) return outcome.notApplicable('not-deployed', { protocol, stages: [] });
    const served = perStage(api.stages.value, (stage) => servedRoutes(api, stage));
    const judgedOn = served.judgedOn;
    const ctx = apiContext({ id: api.ApiId }, region.region, view);
    const guests = guestInvokers(view.inventory);
    const analyses: BorrowedAccessAnalysis[] = [];

    // Which routes can anyone call, on which stages?
    let open: string[];
    let failingStages: string[];
    let openByStage: Record<string, string[]> | undefined;
    let connect: string | undefined;
    if (isWebSocketApi(api)) {
      // Every stage serves the latest configuration, as far as anyone can tell (judgedOn says which).
      if (!api.routes.ok) return outcome.gap(api.routes.error, { protocol, judgedOn });
      const routes = api.routes.value;
      if (routes.length === 0) return outcome.notApplicable('no-routes', { protocol, routeCount: 0, judgedOn });
      const connectRoute = routes.find((r) => r.RouteKey === CONNECT_ROUTE);
      const connectAuth = connectRoute
        ? v2BorrowedAccess(view.inventory, api, routeAuthorizations(api, '', true, [connectRoute]), ctx, '*', guests, true)
        : undefined;
      if (connectAuth) analyses.push(connectAuth);
      const connectBorrowed = connectAuth?.borrowed.length ? connectAuth : undefined;
      if (connectRoute && isRouteAuthorized(connectRoute, 'WEBSOCKET') && !connectBorrowed) {
        const connectGap = connectAuth?.gaps[0];
        if (connectGap) return outcome.gap(connectGap, { protocol, judgedOn });
        if (connectAuth?.undecided.length) return outcome.invalid(connectAuth.undecided.join('; '), { protocol, judgedOn });
        return outcome.pass('connect-authorized', {
          protocol,
          routeCount: routes.length,
          authorizationType: authorizationType(connectRoute),
          judgedOn,
        });
      }
      connect = connectBorrowed
        ? `$connect requires ${authorizationType(connectRoute!)} authorization that anyone can pass`
        : connectRoute
          ? '$connect requires no authorization'
          : 'there is no $connect route';
      open = sortRouteKeys(routes.map((r) => r.RouteKey));
      failingStages = Object.keys(judgedOn);
    } else {
      const stages = served.read.map(({ stageName, latest, value: routes }) => {
        const judged = routes.filter((r) => !isPreflightOnlyRoute(r));
        const borrowed = v2BorrowedAccess(view.inventory, api, routeAuthorizations(api, stageName, latest, judged), ctx, stageName, guests);
        analyses.push(borrowed);
        const unauthenticated = judged.filter((r) => !isRouteAuthorized(r, 'HTTP')).map((r) => r.RouteKey);
        return { stageName, judged, open: sortRouteKeys(new Set([...unauthenticated, ...borrowed.borrowed.map((b) => b.label)])) };
      });
      const failing = stages.filter((s) => s.open.length > 0);
      if (failing.length === 0) {
        const unjudgedStages = served.gaps.map((g) => g.stageName);
        if (served.gaps.length > 0) return outcome.gap(served.gaps[0]!.error, { protocol, judgedOn, unjudgedStages });
        const borrowedGap = analyses.flatMap((a) => a.gaps)[0];
        if (borrowedGap) return outcome.gap(borrowedGap, { protocol, judgedOn });
        const undecided = analyses.flatMap((a) => a.undecided);
        if (undecided.length) return outcome.invalid(undecided.join('; '), { protocol, judgedOn });
        const routeCount = new Set(stages.flatMap((s) => s.judged.map((r) => r.RouteKey))).size;
        if (routeCount === 0) return outcome.notApplicable('no-routes', { protocol, routeCount: 0, judgedOn });
        return outcome.pass('authenticated', { protocol, routeCount, judgedOn, ...borrowedEvidence(analyses) });
      }
      open = sortRouteKeys(new Set(failing.flatMap((s) => s.open)));
      failingStages = failing.map((s) => s.stageName);
      openByStage = Object.fromEntries(failing.map((s) => [s.stageName, s.open]));
    }

    // Reachability: the default endpoint, and the custom domains that map the API. A domain with
    // mutual TLS authenticates its callers by certificate, so it is no anonymous path.
    const reachableVia: string[] = api.DisableExecuteApiEndpoint === true ? [] : ['execute-api endpoint'];
    const mutualTlsDomains: string[] = [];
    const truststores: string[] = [];
    const index = domainIndex(view);
    for (const domain of index.byApi.get(api.arn) ?? []) {
      if ((domain.v1?.endpointConfiguration?.types ?? []).includes('PRIVATE')) continue;
      const mutualTls = domainMutualTls(domain);
      if (!mutualTls) {
        reachableVia.push(domain.name);
        continue;
      }
      mutualTlsDomains.push(domain.name);
      truststores.push(`${domain.name}: ${mutualTls.truststoreUri}`);
    }
    if (reachableVia.length === 0) {
      const evidence = { protocol, disableExecuteApiEndpoint: true, mutualTlsDomains, stages: failingStages, judgedOn };
      // A mapping that was not collected could make the API reachable without a certificate.
      const gaps = index.gapsByRegion.get(region.region) ?? [];
      if (gaps.length > 0) return outcome.gap(gaps[0]!, evidence);
      if (mutualTlsDomains.length === 0) return outcome.notApplicable('not-reachable', evidence);
      return outcome.pass('mutual-tls', {
        ...evidence,
        openRoutes: open,
        reachableVia,
        truststores,
        ...(connect === undefined ? {} : { connect }),
      });
    }

    // API keys exist for WebSocket APIs only, whose routes are the latest configuration's.
    const latestRoutes = isWebSocketApi(api) && api.routes.ok ? api.routes.value : [];
    const evidence = {
      protocol,
      openCount: open.length,
      openRoutes: open,
      apiKeyOnly: sortRouteKeys(latestRoutes.filter((r) => open.includes(r.RouteKey) && r.ApiKeyRequired === true).map((r) => r.RouteKey)),
      reachableVia,
      mutualTlsDomains,
      stages: failingStages,
      judgedOn,
      ...(openByStage ? { openRoutesByStage: openByStage } : {}),
      unjudgedStages: served.gaps.map((g) => g.stageName),
      ...borrowedEvidence(analyses),
    };
    const passable = analyses.some((a) => a.borrowed.length);
    if (connect !== undefined) return outcome.fail('open-connect', { ...evidence, connect });
    return outcome.fail(passable ? 'open-borrowed' : 'open', evidence);
  },
});
