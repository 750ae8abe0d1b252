/**
 * REST API integrations as the integration checks see them: which methods call an HTTP backend,
 * over which scheme, through the internet or a VPC link.
 *
 * `GetResources` with `embed=methods` returns each method's `methodIntegration`; a method without
 * one is **unknown** (its integration was not returned), never assumed to be anything.
 * Integration URIs may reference stage variables (`http://${stageVariables.host}/x`, or the whole
 * URL as `${stageVariables.url}`): when the scheme itself comes from a variable it is resolved
 * per stage.
 */
import { restMethods, type RestMethodRef } from './method-settings.js';
import type { Integration, Resource, Stage } from './schema.js';

export interface HttpIntegrationRef extends RestMethodRef {
  integration: Integration;
  /** Upper case: `HTTP` or `HTTP_PROXY`. */
  type: string;
  /** `INTERNET` (the default when unset) or `VPC_LINK`. */
  connectionType: string;
  uri: string | undefined;
}

export interface RestIntegrations {
  /** Methods whose integration type is HTTP or HTTP_PROXY. */
  http: HttpIntegrationRef[];
  /** Methods with another integration type (AWS, AWS_PROXY, MOCK). */
  other: RestMethodRef[];
  /** Methods whose integration was not in the snapshot. */
  unknown: RestMethodRef[];
}

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);

export function restIntegrations(resources: readonly Resource[]): RestIntegrations {
  const out: RestIntegrations = { http: [], other: [], unknown: [] };
  for (const ref of restMethods(resources)) {
    const integration = ref.method.methodIntegration;
    const type = integration?.type?.trim().toUpperCase();
    if (!integration || !type) out.unknown.push(ref);
    else if (HTTP_TYPES.has(type)) {
      out.http.push({
        ...ref,
        integration,
        type,
        connectionType: integration.connectionType?.trim().toUpperCase() || 'INTERNET',
        uri: integration.uri,
      });
    } else out.other.push(ref);
  }
  return out;
}

/**
 * A URI fit for evidence: user info (`user:pass@`) and the query string (which may carry keys)
 * are replaced by `…`.
 */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1…@').replace(/\?[^#]*/, '?…');
}

export type UriScheme = 'http' | 'https' | 'other' | 'unknown';

export function schemeOf(uri: string | undefined): UriScheme {
  if (!uri) return 'unknown';
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri.trim());
  if (!match) return 'unknown';
  const scheme = match[1]!.toLowerCase();
  return scheme === 'http' || scheme === 'https' ? scheme : 'other';
}

/** `${stageVariables.backend}/x` → `backend`, when a stage variable supplies the scheme. */
export function leadingStageVariable(uri: string | undefined): string | undefined {
  return /^\$\{stageVariables\.([A-Za-z0-9_]+)\}/.exec(uri?.trim() ?? '')?.[1];
}

/** Replaces `${stageVariables.name}` references with the stage's values; undefined if one is missing. */
export function resolveStageVariables(uri: string, stage: Stage): string | undefined {
  let missing = false;
  const resolved = uri.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_whole, name: string) => {
    const value = stage.variables?.[name];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : resolved;
}
