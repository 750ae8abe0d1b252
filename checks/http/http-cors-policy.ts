import { defineCheck } from '../../src/engine/define.js';
import { httpApis, isHttpUrl, isLoopbackOrigin, isPreflightRoute, isRouteAuthorized, sortRouteKeys } from '../../src/inventory/v2.js';
import type { V2ApiEntity } from '../../src/inventory/view.js';

type MessageId = 'restricted' | 'wildcard-public' | 'wildcard-credentials' | 'wildcard-authenticated' | 'insecure-origins' | 'no-cors';

export default defineCheck<V2ApiEntity, MessageId>({
  id: 'http-cors-policy',
  title: 'HTTP API CORS settings do not open authenticated or credentialed routes to every web origin',
  severity: 'medium',
  resourceType: 'http-api',
  rationale:
    'CORS decides which web sites may read the API\'s responses from a visitor\'s browser. ' +
    'Allowing every origin (*) together with credentials declares that any site the visitor ' +
    'opens may make requests carrying the visitor\'s cookies or HTTP authentication and read ' +
    'the answers; browsers refuse the literal combination, and the usual workaround (echoing ' +
    'whatever origin asks) turns it into exactly that. A wildcard on an API whose routes require ' +
    'authorization is less direct, since tokens in an Authorization header are not sent ' +
    'automatically, but it lets any page that gets hold of a token use it from the browser and ' +
    'should name the applications\' origins instead. Origins served over plain http:// (a ' +
    'developer\'s localhost aside) can be impersonated by anyone on the network path, and the ' +
    '"null" origin is sent by sandboxed frames and local files, which any site can produce. A ' +
    'wildcard on an API whose routes are all public is fine. CORS does not stop non-browser ' +
    'clients; it is not access control.',
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
    'wildcard-public': 'CORS allows every origin (*), without credentials, on an API whose routes are all public ({routeCount}).',
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
    const wildcard = allowOrigins.includes('*');
    const insecureOrigins = allowOrigins.filter(
      (o) => o.toLowerCase() === 'null' || (isHttpUrl(o) && !isLoopbackOrigin(o)),
    );
    const base = { allowOrigins, allowCredentials };

    // Authenticated routes matter only for a wildcard without credentials.
    let authenticated: string[] = [];
    let routeCount: number | undefined;
    if (wildcard && !allowCredentials) {
      if (!api.routes.ok) return outcome.gap(api.routes.error, base);
      const judged = api.routes.value.filter((r) => !isPreflightRoute(r.RouteKey));
      routeCount = judged.length;
      authenticated = sortRouteKeys(judged.filter((r) => isRouteAuthorized(r, 'HTTP')).map((r) => r.RouteKey));
    }

    const problems = [
      ...(wildcard && allowCredentials ? ['AllowOrigins * with AllowCredentials true'] : []),
      ...(authenticated.length > 0 ? [`AllowOrigins * on ${authenticated.join(', ')}`] : []),
      ...insecureOrigins.map((o) => (o.toLowerCase() === 'null' ? 'the null origin (sandboxed frames, local files)' : `${o} (plain http)`)),
    ];
    const evidence = { ...base, problems, insecureOrigins };
    if (wildcard && allowCredentials) return outcome.fail('wildcard-credentials', evidence);
    if (authenticated.length > 0) {
      return outcome.fail('wildcard-authenticated', { ...evidence, authenticatedCount: authenticated.length, authenticatedRoutes: authenticated });
    }
    if (insecureOrigins.length > 0) return outcome.fail('insecure-origins', evidence);
    if (wildcard) return outcome.pass('wildcard-public', { ...base, routeCount });
    return outcome.pass('restricted', {
      ...base,
      loopbackOrigins: allowOrigins.filter((o) => isLoopbackOrigin(o)),
    });
  },
});
