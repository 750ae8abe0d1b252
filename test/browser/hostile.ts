/**
 * An account whose data tries to run script in the report: API names, descriptions, tags,
 * stage names and variables, paths, route keys, integration URIs, CORS origins and AWS error
 * messages carrying markup, a script-closing tag, an attribute breakout, `javascript:` URLs
 * where links live, and bidi controls. Every check runs on it, plus one that echoes the
 * descriptions and tags into evidence (no real check shows them) and whose docs link is a
 * `javascript:` URL.
 */
import { allChecks } from '../../checks/index.js';
import { defineCheck, type AnyCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import type { Inventory } from '../../src/inventory/schema.js';
import type { RestApiEntity } from '../../src/inventory/view.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { collectionError, failed, inventory, ok, region, resource, restApi, route, shared, stage, v2Api, v2Stage } from '../fixtures/builders.js';

/** Each payload sets a different `window.__pwned` if it ever runs. */
export const SCRIPT_TAG = '<script>window.__pwned=1</script>';
export const SCRIPT_CLOSE = '</script><script>window.__pwned=2</script>';
export const ATTRIBUTE_BREAKOUT = '"><img src=x onerror="window.__pwned=3">';
export const JAVASCRIPT_URL = 'javascript:window.__pwned=4';
/** RIGHT-TO-LEFT OVERRIDE and LEFT-TO-RIGHT ISOLATE: `payments‮gnp.exe⁦` would read as `paymentsexe.png`. */
export const BIDI = 'payments\u202Egnp.exe\u2066';
export const BIDI_SHOWN = 'payments\\u202Egnp.exe\\u2066';

export const PAYLOADS = [SCRIPT_TAG, SCRIPT_CLOSE, ATTRIBUTE_BREAKOUT, JAVASCRIPT_URL] as const;

const echoCheck = defineCheck<RestApiEntity, 'described'>({
  id: 'test-echo-description',
  title: `Echoes descriptions and tags ${SCRIPT_TAG}`,
  severity: 'medium',
  resourceTypes: ['rest-api'],
  rationale: `Shows data where the report shows evidence. ${ATTRIBUTE_BREAKOUT}`,
  remediation: { text: `Nothing to fix ${SCRIPT_CLOSE}`, cli: `echo '${SCRIPT_CLOSE}'`, docs: JAVASCRIPT_URL },
  mappings: { owaspApi2023: ['API8'] },
  messages: { described: 'Described as {description}; tagged {tags}.' },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome) =>
    outcome.fail('described', { description: api.description ?? '', tags: Object.entries(api.tags ?? {}).map(([k, v]) => `${k}=${v}`) }),
});

export const HOSTILE_CHECKS: readonly AnyCheck[] = [...allChecks, echoCheck];

export function hostileInventory(): Inventory {
  const eu = region({
    restApis: [
      restApi({
        id: 'aaaaaaaaaa',
        name: SCRIPT_TAG,
        description: SCRIPT_CLOSE,
        tags: { owner: ATTRIBUTE_BREAKOUT, [SCRIPT_TAG]: JAVASCRIPT_URL, label: BIDI },
        resources: [
          resource('/', { GET: { authorizationType: 'NONE' } }),
          resource(`/${ATTRIBUTE_BREAKOUT}`, { POST: { authorizationType: 'NONE' } }),
          resource(`/${SCRIPT_CLOSE}`, { GET: { authorizationType: 'NONE', methodIntegration: { type: 'HTTP', uri: JAVASCRIPT_URL } } }),
        ],
        stages: [
          stage({
            stageName: SCRIPT_TAG,
            description: ATTRIBUTE_BREAKOUT,
            variables: { [SCRIPT_TAG]: SCRIPT_CLOSE, callback: JAVASCRIPT_URL, api_token: 'ghp_R8xQ2mZk7LpV4nT9wY3bC6dF1hJ5sA0eG2uK' },
            tags: { [ATTRIBUTE_BREAKOUT]: BIDI },
          }),
        ],
      }),
      restApi({
        id: 'bbbbbbbbbb',
        name: ATTRIBUTE_BREAKOUT,
        description: SCRIPT_TAG,
        tags: { link: JAVASCRIPT_URL },
        stages: [stage({ stageName: BIDI, variables: { [BIDI]: ATTRIBUTE_BREAKOUT } })],
      }),
      restApi({
        id: 'cccccccccc',
        name: BIDI,
        description: BIDI,
        stages: failed('GetStages', 'AccessDeniedException', { resource: 'cccccccccc', message: `denied ${SCRIPT_TAG}` }),
      }),
    ],
    v2Apis: [
      v2Api({
        ApiId: 'dddddddddd',
        Name: SCRIPT_CLOSE,
        Description: ATTRIBUTE_BREAKOUT,
        ApiEndpoint: JAVASCRIPT_URL,
        Tags: { [SCRIPT_TAG]: JAVASCRIPT_URL },
        CorsConfiguration: { AllowOrigins: [JAVASCRIPT_URL, '*', ATTRIBUTE_BREAKOUT], AllowCredentials: true },
        routes: [route(`GET /${SCRIPT_TAG}`, { AuthorizationType: 'NONE' }), route(`POST /${ATTRIBUTE_BREAKOUT}`, { AuthorizationType: 'NONE' })],
        integrations: [{ IntegrationId: 'i1', IntegrationType: 'HTTP_PROXY', IntegrationUri: JAVASCRIPT_URL }],
        stages: [v2Stage({ StageName: SCRIPT_CLOSE, StageVariables: { token: JAVASCRIPT_URL } })],
      }),
      v2Api({ ApiId: 'eeeeeeeeee', Name: JAVASCRIPT_URL, ProtocolType: 'WEBSOCKET', Description: SCRIPT_TAG }),
    ],
  });
  return inventory({
    regions: [eu],
    // Shield Advanced collected, without a subscription: not an ERROR on every API.
    shared: { ...shared(), shield: { subscription: ok({ SubscriptionState: 'INACTIVE' }) } },
    errors: [
      collectionError('GetStages', 'AccessDeniedException', { resource: 'cccccccccc', message: `denied ${SCRIPT_TAG}` }),
      collectionError('GetWebAcl', `${ATTRIBUTE_BREAKOUT}`, { service: 'wafv2', resource: JAVASCRIPT_URL, message: `${SCRIPT_CLOSE} ${BIDI}` }),
    ],
  });
}

export function hostileReport(): Report {
  const inv = hostileInventory();
  return buildReport({
    inventory: inv,
    results: runChecks(HOSTILE_CHECKS, inv),
    checks: HOSTILE_CHECKS,
    toolVersion: '0.0.0-test',
    generatedAt: '2026-11-01T12:30:00.000Z',
  });
}
