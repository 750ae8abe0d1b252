/**
 * IAM identity policies (customer-managed, AWS-managed and inline) and what they grant on API
 * Gateway.
 *
 * The questions: does a policy let its holders invoke every IAM-authorized API, post to every
 * WebSocket connection, or create, change and delete every API; does it give them every action
 * of `execute-api` or `apigateway` on every resource; or everything on everything
 * (administrator access)?
 *
 * - An action is granted on a resource when some Allow statement covers it through `Action` (any
 *   pattern matching it: `execute-api:*`, `*`, `execute-api:Inv*`, …) or `NotAction` (not
 *   excluding it; "NotAction with Allow" grants everything it does not list), on a
 *   `Resource`/`NotResource` matching the resource, and no Deny statement without conditions
 *   covers both ("an explicit deny in any policy overrides any allows"). IAM JSON policy
 *   reference: Action, NotAction, Resource, NotResource; Policy evaluation logic.
 * - A broad grant is one action on every API: `execute-api:Invoke` or
 *   `execute-api:ManageConnections` on `arn:<partition>:execute-api:<region>:<account>:<api-id>/
 *   <stage>/<verb>/<path>` for any API id, stage, verb and path (API Gateway developer guide,
 *   "Control access for invoking an API"; `*` in an ARN segment matches across `/`), and each
 *   write verb `apigateway:POST|PUT|PATCH|DELETE` on `arn:<partition>:apigateway:<region>::/
 *   restapis/<id>` or `/apis/<id>` for any id ("API Gateway permissions model for creating and
 *   managing an API": management calls are authorized as the HTTP verb on the resource path).
 *   Every region counts, and so does every region a pattern names (`eu-west-1`, `eu-*`).
 * - A service is granted in full when each of its actions (`KNOWN_ACTIONS`) is granted on every
 *   resource of the service; administrator access is the same test for an action of any service
 *   (and one of IAM's) on any ARN.
 * - Conditions on an Allow do not narrow it here (they usually pin MFA or a source network, not
 *   the scope); a Deny with conditions takes nothing back.
 *
 * Actions compare case-insensitively, resources case-sensitively, as IAM does.
 */
import { parsePolicy, statementLabel, wildcardMatch, type PolicyDocument, type PolicyStatement } from './policy.js';

export type ParsedIdentityPolicy = { ok: true; document: PolicyDocument } | { ok: false; reason: string };

// ── Parsing ────────────────────────────────────────────────────────────────────────────

/**
 * Parses an identity policy document. IAM returns documents URL-encoded; the collector decodes
 * them, but an encoded one (`%7B…`) is decoded here too, as is the backslash-escaped form.
 */
export function parseIdentityPolicy(raw: string): ParsedIdentityPolicy {
  let text = raw.trim();
  if (text.startsWith('%7B') || text.startsWith('%7b')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return { ok: false, reason: 'the policy document is not valid URL-encoded text' };
    }
  }
  return parsePolicy(text, 'identity');
}

// ── Analysis ───────────────────────────────────────────────────────────────────────────

export type ApiService = 'execute-api' | 'apigateway';

/**
 * The actions whose union is "everything" for each service: execute-api's three, and the five
 * verbs through which every API Gateway resource is managed (the few other apigateway actions,
 * such as SetWebACL, only accompany those).
 */
export const KNOWN_ACTIONS: Readonly<Record<ApiService, readonly string[]>> = {
  'execute-api': ['Invoke', 'InvalidateCache', 'ManageConnections'],
  apigateway: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
};

/** A character no literal in a policy holds: only a wildcard matches it. */
const OPAQUE = '\u0001';

/** An ARN standing for "any resource of this service": only a pattern reaching all of them matches it. */
function anyResourceOf(service: ApiService | 'any', partition: string): string {
  if (service === 'execute-api') return `arn:${partition}:execute-api:${OPAQUE}:${OPAQUE}:${OPAQUE}/${OPAQUE}`;
  if (service === 'apigateway') return `arn:${partition}:apigateway:${OPAQUE}::/${OPAQUE}`;
  return `arn:${partition}:${OPAQUE}:${OPAQUE}:${OPAQUE}:${OPAQUE}`;
}

/** Actions only a grant of everything covers: one of an unknown service, and one of IAM. */
const ADMIN_PROBES = [`${OPAQUE}:${OPAQUE}`, `iam:${OPAQUE}`];

function coversAction(s: PolicyStatement, action: string): boolean {
  if (s.Action) return s.Action.some((p) => wildcardMatch(p.trim(), action, true));
  if (s.NotAction) return !s.NotAction.some((p) => wildcardMatch(p.trim(), action, true));
  return false;
}

function coversResource(s: PolicyStatement, resource: string): boolean {
  if (s.Resource) return s.Resource.some((p) => wildcardMatch(p.trim(), resource));
  if (s.NotResource) return !s.NotResource.some((p) => wildcardMatch(p.trim(), resource));
  return false;
}

interface Labelled {
  s: PolicyStatement;
  label: string;
}

interface GrantOutcome {
  /** Every probe is allowed on every resource and not denied back. */
  full: boolean;
  /** Every probe is allowed on every resource, before Deny statements. */
  allowed: boolean;
  allowedBy: string[];
  deniedBy: string[];
}

function grantOf(statements: Labelled[], probes: readonly string[], resource: string): GrantOutcome {
  const allowedBy = new Set<string>();
  const deniedBy = new Set<string>();
  let allowed = true;
  let full = true;
  for (const action of probes) {
    const allows = statements.filter(({ s }) => s.Effect === 'Allow' && coversAction(s, action) && coversResource(s, resource));
    const denies = statements.filter(
      ({ s }) => s.Effect === 'Deny' && !s.Condition && coversAction(s, action) && coversResource(s, resource),
    );
    allows.forEach(({ label }) => allowedBy.add(label));
    denies.forEach(({ label }) => deniedBy.add(label));
    if (allows.length === 0) allowed = false;
    if (allows.length === 0 || denies.length > 0) full = false;
  }
  return { full, allowed, allowedBy: [...allowedBy], deniedBy: [...deniedBy] };
}

export interface ServiceWildcard {
  service: ApiService;
  /** The Allow statements that together grant every action on every resource. */
  statements: string[];
}

/**
 * One action on every API (of the account, in any region or in the regions a pattern names):
 * the grants that matter even when the rest of the service is not granted. Invoking or posting
 * to WebSocket connections of every IAM-authorized API; creating, changing or deleting every
 * API (POST, PUT, PATCH, DELETE on its resource path).
 */
export interface BroadGrant {
  action: string;
  /** `every API`, `every REST API in eu-west-1`, … */
  scope: string;
  /** The Allow statements granting it. */
  statements: string[];
}

export interface NeutralisedGrant {
  /** `*`, `execute-api:*`, or a broad grant (`execute-api:Invoke on every API`). */
  grant: string;
  /** The Deny statements that take it back. */
  deniedBy: string[];
}

export interface ApiWildcardAnalysis {
  /** Allow statements granting every action on every resource, when the policy does. */
  admin?: { statements: string[] };
  /** API services granted in full on every resource. */
  services: ServiceWildcard[];
  /** Invoke, ManageConnections and write verbs granted on every API (full services included). */
  broad: BroadGrant[];
  /** Grants that would hold but for a Deny in the same policy. */
  neutralised: NeutralisedGrant[];
  /** Allow statements granting some API Gateway action (on any resource). */
  apiStatements: string[];
}

const SERVICES: readonly ApiService[] = ['execute-api', 'apigateway'];

/** What a broad grant is about: the resource standing for "any such API" in a region. */
type ApiKind = 'api' | 'rest' | 'v2';

const API_KIND_SCOPE: Record<ApiKind, string> = { api: 'every API', rest: 'every REST API', v2: 'every HTTP and WebSocket API' };

/**
 * The grants of one action that matter on their own. API Gateway authorizes management calls as
 * `apigateway:<HTTP verb>` on the resource path (`/restapis/<id>`, `/apis/<id>`); GET only reads.
 */
const BROAD_RULES: readonly { action: string; kinds: readonly ApiKind[] }[] = [
  { action: 'execute-api:Invoke', kinds: ['api'] },
  { action: 'execute-api:ManageConnections', kinds: ['api'] },
  ...['POST', 'PUT', 'PATCH', 'DELETE'].map((verb) => ({ action: `apigateway:${verb}`, kinds: ['rest', 'v2'] as const })),
];

/**
 * Any API of `kind` in `region`: execute-api ARNs carry the account, API Gateway resource paths
 * do not (arn:aws:apigateway:<region>::/restapis/<id>).
 */
function anyApiOf(kind: ApiKind, partition: string, region: string, account: string): string {
  if (kind === 'api') return `arn:${partition}:execute-api:${region}:${account}:${OPAQUE}/${OPAQUE}/${OPAQUE}/${OPAQUE}`;
  return `arn:${partition}:apigateway:${region}::/${kind === 'rest' ? 'restapis' : 'apis'}/${OPAQUE}`;
}

/**
 * The regions to try: any region (the opaque one, matched only by a wildcard), and each region
 * segment an Allow statement names for the service, wildcards opaque (`eu-west-1`, `eu-*`). A
 * grant on every API of one region is still a grant on every API there.
 */
function regionProbes(statements: Labelled[], service: string): { region: string; label?: string }[] {
  const named = new Set<string>();
  for (const { s } of statements) {
    for (const pattern of [...(s.Resource ?? []), ...(s.NotResource ?? [])]) {
      const parts = pattern.trim().split(':');
      if (parts.length < 6 || parts[2] !== service) continue;
      const region = parts[3]!;
      if (region !== '' && region !== '*') named.add(region);
    }
  }
  return [{ region: OPAQUE }, ...[...named].sort().map((label) => ({ region: label.replace(/[*?]/g, OPAQUE), label }))];
}

export function analyseApiWildcards(document: PolicyDocument, partition = 'aws', account: string = OPAQUE): ApiWildcardAnalysis {
  const statements = document.Statement.map((s, i) => ({ s, label: statementLabel(s, i) }));
  const analysis: ApiWildcardAnalysis = { services: [], broad: [], neutralised: [], apiStatements: [] };

  const admin = grantOf(statements, ADMIN_PROBES, anyResourceOf('any', partition));
  if (admin.full) analysis.admin = { statements: admin.allowedBy };
  else if (admin.allowed) analysis.neutralised.push({ grant: '*', deniedBy: admin.deniedBy });

  for (const service of SERVICES) {
    const probes = KNOWN_ACTIONS[service].map((a) => `${service}:${a}`);
    const grant = grantOf(statements, probes, anyResourceOf(service, partition));
    if (grant.full) analysis.services.push({ service, statements: grant.allowedBy });
    else if (grant.allowed) analysis.neutralised.push({ grant: `${service}:*`, deniedBy: grant.deniedBy });
  }

  for (const { action, kinds } of BROAD_RULES) {
    const regions = regionProbes(statements, kinds[0] === 'api' ? 'execute-api' : 'apigateway');
    for (const kind of kinds) {
      const held: string[] = [];
      const allowedBy = new Set<string>();
      const deniedBy = new Set<string>();
      for (const { region, label } of regions) {
        const grant = grantOf(statements, [action], anyApiOf(kind, partition, region, account));
        if (grant.full) {
          held.push(label ?? '');
          grant.allowedBy.forEach((l) => allowedBy.add(l));
          if (label === undefined) break; // every region: the named ones add nothing
        } else if (grant.allowed) grant.deniedBy.forEach((l) => deniedBy.add(l));
      }
      const anyRegion = held.includes('');
      const scope = anyRegion || held.length === 0 ? API_KIND_SCOPE[kind] : `${API_KIND_SCOPE[kind]} in ${held.join(' and ')}`;
      if (held.length > 0) analysis.broad.push({ action, scope, statements: [...allowedBy] });
      else if (deniedBy.size > 0) analysis.neutralised.push({ grant: `${action} on ${scope}`, deniedBy: [...deniedBy] });
    }
  }

  const apiProbes = SERVICES.flatMap((service) => KNOWN_ACTIONS[service].map((a) => `${service}:${a}`));
  analysis.apiStatements = statements
    .filter(({ s }) => s.Effect === 'Allow' && apiProbes.some((action) => coversAction(s, action)))
    .map(({ label }) => label);
  return analysis;
}
