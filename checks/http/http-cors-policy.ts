import { defineCheck } from '../../src/engine/define.js';
import { redactUri } from '../../src/util/redact.js';
import {
  httpApis,
  isHttpUrl,
  isLoopbackOrigin,
  isPreflightOnlyRoute,
  isRouteAuthorized,
  isWildcardOrigin,
  sortRouteKeys,
} from '../../src/analysis/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

type MessageId = 'restricted' | 'wildcard-public' | 'wildcard-credentials' | 'wildcard-authenticated' | 'insecure-origins' | 'no-cors';

export default defineCheck<V2ApiEntity, MessageId>({
  id: 'http-cors-policy',
  title: 'HTTP API CORS settings do not open authenticated or credentialed routes to every web origin',
  severity: 'medium',
  resourceTypes: ['http-api'],
  reads: ['v2-routes'],
  rationale:
    'CORS decides which web sites may read the API\'s responses from a visitor\'s browser. ' +
    'A wildcard origin admits every site: `*`, and also `https://*` and `http://*`, which API ' +
    'Gateway reads as any origin beginning with https:// or http:// (Developer Guide, "Configure ' +
    'CORS for HTTP APIs in API Gateway"); since API Gateway then names the caller\'s own origin in ' +
    'its answer, the scheme wildcards escape the browser rule that refuses `*` with credentials. A ' +
    'wildcard together with AllowCredentials therefore lets any site the visitor opens make ' +
    'requests carrying the visitor\'s cookies or HTTP authentication and read the answers. A ' +
    'wildcard on an API whose routes require authorization is less direct, since tokens in an ' +
    'Authorization header are not sent automatically, but it lets any page that gets hold of a ' +
    'token use it from the browser and should name the applications\' origins instead. A pattern ' +
    'scoped to one domain (https://*.example.com) is not a wildcard. Origins served over plain ' +
    'http:// (a developer\'s localhost aside) can be impersonated by anyone on the network path, ' +
    'and the "null" origin is sent by sandboxed frames and local files, which any site can ' +
    'produce. A wildcard without credentials on an API whose routes are all public is fine; ' +
    'OPTIONS routes with no integration are not counted as routes. CORS does not stop ' +
    'non-browser clients; it is not access control.',
  remediation: {
    text:
      'List the exact https origins of the applications that call the API in AllowOrigins, enable ' +
      'AllowCredentials only when the browser must send cookies, and remove http:// and null origins.',
    cli: 'aws apigatewayv2 update-api --api-id <api-id> --cors-configuration \'{"AllowOrigins":["https://app.example.com"],"AllowCredentials":false,"AllowHeaders":["authorization","content-type"],"AllowMethods":["GET","POST"]}\'',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
  },
  mappings: {
    owaspApi2023: ['API8'],
  },
  messages: {
    restricted: 'CORS allows only named origins: {allowOrigins}.',
    'wildcard-public':
      'CORS allows every origin ({wildcardOrigins}), without credentials, on an API whose routes are all public ({routeCount}).',
    'wildcard-credentials': 'CORS lets every web origin send credentialed requests: {problems}.',
    'wildcard-authenticated': 'CORS lets every web origin call the authenticated routes ({authenticatedCount}): {problems}.',
    'insecure-origins': 'CORS trusts origins that a network attacker, or any page, can take on: {problems}.',
    'no-cors': 'The API has no CORS configuration: API Gateway sends no CORS headers.',
  },
  select: (view) => httpApis(view),
  evaluate: ({ api }, outcome) => {
    const cors = api.CorsConfiguration;
    if (!cors) return outcome.notApplicable('no-cors');
    const allowOrigins = (cors.AllowOrigins ?? []).map((o) => o.trim()).filter((o) => o !== '');
    const allowCredentials = cors.AllowCredentials === true;
    const wildcardOrigins = allowOrigins.filter(isWildcardOrigin);
    const wildcard = wildcardOrigins.length > 0;
    const wildcardText = wildcardOrigins.map(redactUri).join(', ');
    const insecureOrigins = allowOrigins.filter(
      (o) => o.toLowerCase() === 'null' || (isHttpUrl(o) && !isLoopbackOrigin(o)),
    );
    // Judged as written, shown redacted: an origin with user info or a query is malformed, not a reason to leak it.
    const base = { allowOrigins: allowOrigins.map(redactUri), allowCredentials, wildcardOrigins: wildcardOrigins.map(redactUri) };

    // Authenticated routes matter only for a wildcard without credentials.
    let authenticated: string[] = [];
    let routeCount: number | undefined;
    if (wildcard && !allowCredentials) {
      if (!api.routes.ok) return outcome.gap(api.routes.error, base);
      const judged = api.routes.value.filter((r) => !isPreflightOnlyRoute(r));
      routeCount = judged.length;
      authenticated = sortRouteKeys(judged.filter((r) => isRouteAuthorized(r, 'HTTP')).map((r) => r.RouteKey));
    }

    const problems = [
      ...(wildcard && allowCredentials ? [`AllowOrigins ${wildcardText} with AllowCredentials true`] : []),
      ...(authenticated.length > 0 ? [`AllowOrigins ${wildcardText} on ${authenticated.join(', ')}`] : []),
      ...insecureOrigins.map((o) => (o.toLowerCase() === 'null' ? 'the null origin (sandboxed frames, local files)' : `${redactUri(o)} (plain http)`)),
    ];
    const evidence = { ...base, problems, insecureOrigins: insecureOrigins.map(redactUri) };
    if (wildcard && allowCredentials) return outcome.fail('wildcard-credentials', evidence);
    if (authenticated.length > 0) {
      return outcome.fail('wildcard-authenticated', { ...evidence, authenticatedCount: authenticated.length, authenticatedRoutes: authenticated });
    }
    if (insecureOrigins.length > 0) return outcome.fail('insecure-origins', evidence);
    if (wildcard) return outcome.pass('wildcard-public', { ...base, routeCount });
    return outcome.pass('restricted', {
      ...base,
      loopbackOrigins: allowOrigins.filter((o) => isLoopbackOrigin(o)).map(redactUri),
    });
  },
});
