/**
 * IAM identity policies (customer-managed and inline) and what they grant on API Gateway.
 *
 * The question: does a policy give its holders every action of `execute-api` (invoke, flush the
 * cache and post to WebSocket connections of every IAM-authorized API) or of `apigateway` (create,
 * change and delete every API, stage, authorizer and key) on every resource, or everything on
 * everything (administrator access)?
 *
 * - A service is granted in full when, for each of its actions (`KNOWN_ACTIONS`), some Allow
 *   statement covers it through `Action` (any pattern matching it: `execute-api:*`, `*`,
 *   `execute-*:*`, …) or `NotAction` (not excluding it), on a `Resource`/`NotResource` that
 *   reaches every resource of the service, and no Deny statement without conditions takes it back
 *   on every resource. So `execute-api:I*` (Invoke and InvalidateCache only) is not full access,
 *   an Allow with `NotAction: "iam:*"` is, and a Deny of `execute-api:ManageConnections` on `*`
 *   ends the full grant.
 * - Administrator access is the same test for an action of any service (and one of IAM's) on any
 *   ARN: `"Action": "*"` on `"Resource": "*"`, or a NotAction that spares IAM.
 * - Conditions on an Allow do not narrow it here (they usually pin MFA or a region, not the
 *   scope); a Deny with conditions takes nothing back.
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

export interface NeutralisedWildcard {
  service: ApiService | 'admin';
  /** The Deny statements that take part of the grant back. */
  deniedBy: string[];
}

export interface ApiWildcardAnalysis {
  /** Allow statements granting every action on every resource, when the policy does. */
  admin?: { statements: string[] };
  /** API services granted in full on every resource. */
  services: ServiceWildcard[];
  /** Grants that would be full but for a Deny in the same policy. */
  neutralised: NeutralisedWildcard[];
  /** Allow statements granting some API Gateway action (on any resource). */
  apiStatements: string[];
}

const SERVICES: readonly ApiService[] = ['execute-api', 'apigateway'];

export function analyseApiWildcards(document: PolicyDocument, partition = 'aws'): ApiWildcardAnalysis {
  const statements = document.Statement.map((s, i) => ({ s, label: statementLabel(s, i) }));
  const analysis: ApiWildcardAnalysis = { services: [], neutralised: [], apiStatements: [] };

  const admin = grantOf(statements, ADMIN_PROBES, anyResourceOf('any', partition));
  if (admin.full) analysis.admin = { statements: admin.allowedBy };
  else if (admin.allowed) analysis.neutralised.push({ service: 'admin', deniedBy: admin.deniedBy });

  for (const service of SERVICES) {
    const probes = KNOWN_ACTIONS[service].map((a) => `${service}:${a}`);
    const grant = grantOf(statements, probes, anyResourceOf(service, partition));
    if (grant.full) analysis.services.push({ service, statements: grant.allowedBy });
    else if (grant.allowed) analysis.neutralised.push({ service, deniedBy: grant.deniedBy });
  }

  const apiProbes = SERVICES.flatMap((service) => KNOWN_ACTIONS[service].map((a) => `${service}:${a}`));
  analysis.apiStatements = statements
    .filter(({ s }) => s.Effect === 'Allow' && apiProbes.some((action) => coversAction(s, action)))
    .map(({ label }) => label);
  return analysis;
}
