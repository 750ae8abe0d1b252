/**
 * Demo data for the cache-invalidation, default-endpoint TLS and Shield Advanced checks:
 *
 * - mobile-backend/prod (us-east-1, edge-optimized): its cached `GET /catalog` override turns
 *   off "require authorization" for cache invalidation, so any client can send
 *   `Cache-Control: max-age=0` and make every catalogue read hit the backend
 *   (rest-stage-cache-invalidation FAIL; orders-api/prod, cached with authorization required, PASS).
 *   Its default endpoint takes the enhanced edge policy in BASIC mode, mid-migration
 *   (default-endpoint-tls-policy PASS with the advice to switch to STRICT).
 * - webhooks-ingest (us-east-1, Regional): its default endpoint was pinned to TLS_1_0 for an old
 *   payment-provider client (default-endpoint-tls-policy FAIL). Regional APIs that set no policy
 *   get TLS_1_0 too (Developer Guide, "Supported security policies": default security policies);
 *   payments-api, private, gets TLS_1_2 (PASS); orders-api has its default endpoint disabled (N/A).
 * - the account does not subscribe to AWS Shield Advanced (api-shield-advanced NOT_APPLICABLE).
 *
 * Idempotent: applying it twice leaves the demo as applying it once.
 */
import type { Inventory, RestApi } from '../../src/inventory/schema.js';
import { ok } from '../../test/fixtures/builders.js';

function restApiOf(demo: Inventory, id: string): RestApi {
  const api = demo.regions.flatMap((r) => (r.apigateway.restApis.ok ? r.apigateway.restApis.value : [])).find((a) => a.id === id);
  if (!api) throw new Error(`the demo has no REST API ${id}`);
  return api;
}

export function addProtection(demo: Inventory): void {
  const mobile = restApiOf(demo, 'm0b1le07g');
  mobile.securityPolicy = 'SecurityPolicy_TLS13_2025_EDGE';
  mobile.endpointAccessMode = 'BASIC';
  const prod = mobile.stages.ok ? mobile.stages.value.find((s) => s.stageName === 'prod') : undefined;
  const catalog = prod?.methodSettings?.['~1catalog/GET'];
  if (!catalog) throw new Error('mobile-backend/prod has no GET /catalog override to change');
  catalog.requireAuthorizationForCacheControl = false;
  catalog.unauthorizedCacheControlHeaderStrategy = 'SUCCEED_WITH_RESPONSE_HEADER';

  restApiOf(demo, 'w3bh00k08h').securityPolicy = 'TLS_1_0';

  demo.shared.shield = { subscription: ok({ SubscriptionState: 'INACTIVE' }) };
}
