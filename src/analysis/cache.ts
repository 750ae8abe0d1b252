/**
 * The REST stage cache, as the cache checks judge it (Developer Guide, "Cache settings for REST
 * APIs in API Gateway"): nothing is cached unless the stage's cache cluster is provisioned
 * (`cacheClusterEnabled`); with it on, a method caches when its resolved `cachingEnabled` says so
 * (GET methods cache unless told otherwise) and its TTL is not 0 (a TTL of 0 disables caching).
 */
import type { Stage } from '../inventory/schema.js';
import { effectiveSetting } from './method-settings.js';

/** Is the stage's cache cluster provisioned? A missing flag is off. */
export function cacheClusterOn(stage: Pick<Stage, 'cacheClusterEnabled'>): boolean {
  return stage.cacheClusterEnabled === true;
}

/** Does this method (or the default, as path `/` and method `*`) cache, assuming the cluster is on? */
export function methodCaches(stage: Stage, path: string, httpMethod: string): boolean {
  const explicit = effectiveSetting(stage, path, httpMethod, 'cachingEnabled').value;
  // With the stage cache on, GET methods cache unless told otherwise (the API Gateway default).
  const enabled = explicit ?? httpMethod.toUpperCase() === 'GET';
  return enabled && effectiveSetting(stage, path, httpMethod, 'cacheTtlInSeconds').value !== 0;
}
