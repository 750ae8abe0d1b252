import { defineCheck } from '../../src/engine/define.js';
import { domainIndex, domainMutualTls } from '../../src/inventory/domains.js';
import {
  authorizationType,
  CONNECT_ROUTE,
  isPreflightOnlyRoute,
  isRouteAuthorized,
  isWebSocketApi,
  sortRouteKeys,
} from '../../src/inventory/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

type MessageId =
  | 'open'
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
    'endpoint is disabled and that no custom domain maps.',
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
  messages: {
    open: 'Anyone on the internet can call these routes without authentication ({openCount}): {openRoutes} (via {reachableVia}).',
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
    const stages = sortRouteKeys(api.stages.value.map((s) => s.StageName));
    if (stages.length === 0) return outcome.notApplicable('not-deployed', { protocol, stages });
    if (!api.routes.ok) return outcome.gap(api.routes.error, { protocol });
    const routes = api.routes.value;

    // Which routes can anyone call?
    let open: string[];
    let connect: string | undefined;
    if (isWebSocketApi(api)) {
      if (routes.length === 0) return outcome.notApplicable('no-routes', { protocol, routeCount: 0 });
      const connectRoute = routes.find((r) => r.RouteKey === CONNECT_ROUTE);
      if (connectRoute && isRouteAuthorized(connectRoute, 'WEBSOCKET')) {
        return outcome.pass('connect-authorized', {
          protocol,
          routeCount: routes.length,
          authorizationType: authorizationType(connectRoute),
        });
      }
      connect = connectRoute ? '$connect requires no authorization' : 'there is no $connect route';
      open = sortRouteKeys(routes.map((r) => r.RouteKey));
    } else {
      const judged = routes.filter((r) => !isPreflightOnlyRoute(r));
      if (judged.length === 0) return outcome.notApplicable('no-routes', { protocol, routeCount: 0 });
      open = sortRouteKeys(judged.filter((r) => !isRouteAuthorized(r, 'HTTP')).map((r) => r.RouteKey));
      if (open.length === 0) return outcome.pass('authenticated', { protocol, routeCount: judged.length });
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
      const evidence = { protocol, disableExecuteApiEndpoint: true, mutualTlsDomains };
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

    const evidence = {
      protocol,
      openCount: open.length,
      openRoutes: open,
      apiKeyOnly: sortRouteKeys(routes.filter((r) => open.includes(r.RouteKey) && r.ApiKeyRequired === true).map((r) => r.RouteKey)),
      reachableVia,
      mutualTlsDomains,
      stages,
    };
    return connect === undefined ? outcome.fail('open', evidence) : outcome.fail('open-connect', { ...evidence, connect });
  },
});
