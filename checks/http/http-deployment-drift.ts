import { DRIFT_MESSAGES } from '../../src/analysis/drift.js';
import { defineCheck } from '../../src/engine/define.js';
import type { Severity } from '../../src/engine/types.js';
import { v2DraftConfig, v2StageServes } from '../../src/analysis/deployed.js';
import { redactUri } from '../../src/util/redact.js';
import { schemeOf, substituteStageVariables } from '../../src/analysis/rest-integrations.js';
import type { DeployedV2Route, V2Stage } from '../../src/inventory/schema.js';
import { authorizationType, httpStages, isPreflightOnlyRoute, isRouteAuthorized, JUDGED_ON_EXPORT, JUDGED_ON_LATEST, sortRouteKeys } from '../../src/analysis/v2.js';
import type { V2StageEntity } from '../../src/inventory/view.js';

type MessageId = 'in-sync' | 'fix-not-deployed' | 'weaker-in-draft' | 'changed-in-draft' | 'auto-deploy';

/**
 * `fix-not-deployed`: the draft (the latest configuration) is stronger than what the stage
 * serves; `weaker-in-draft`: the next deployment makes a weaker configuration live; `changed`:
 * different, neither stronger nor weaker (another authorizer, another backend).
 */
type Kind = 'fix-not-deployed' | 'weaker-in-draft' | 'changed';

interface Difference {
  kind: Kind;
  /** The route key. */
  subject: string;
  point: 'route' | 'authorization' | 'integration';
  live: string;
  draft: string;
}

/** A live side weaker than the draft that leaves a route open to anyone. */
interface Finding extends Difference {
  liveUnauthenticated: boolean;
}

type Integration = NonNullable<DeployedV2Route['integration']>;

/** `live` below `draft`: the fix is not deployed; above: the draft is weaker. */
function byRank(live: number, draft: number): Kind | undefined {
  if (live === draft) return undefined;
  return live < draft ? 'fix-not-deployed' : 'weaker-in-draft';
}

// ── Authorization: NONE < an authorizer (AWS_IAM, JWT, CUSTOM); two authorizers are a change ──

/** The route in the shape the route helpers read; its target only says whether an integration is behind it. */
const toRoute = (r: DeployedV2Route) => ({ RouteKey: r.routeKey, AuthorizationType: r.authorizationType, ...(r.integration ? { Target: 'integration' } : {}) });

function isOpen(r: DeployedV2Route): boolean {
  return !isRouteAuthorized(toRoute(r), 'HTTP');
}

function describeAccess(r: DeployedV2Route): string {
  return `${authorizationType(toRoute(r))}${r.authorizerName ? ` (authorizer ${r.authorizerName})` : ''}`;
}

const KNOWN_TYPES = new Set(['NONE', 'AWS_IAM', 'JWT', 'CUSTOM']);

function compareAccess(live: DeployedV2Route, draft: DeployedV2Route): Kind | undefined {
  if (describeAccess(live) === describeAccess(draft)) return undefined;
  const known = [live, draft].every((r) => KNOWN_TYPES.has(authorizationType(toRoute(r))));
  if (!known || (!isOpen(live) && !isOpen(draft))) return 'changed';
  return byRank(isOpen(live) ? 0 : 1, isOpen(draft) ? 0 : 1) ?? 'changed';
}

// ── Integration: plaintext < TLS (an https:// URI; for a private integration, a TLS configuration) ──

const HTTP_TYPES = new Set(['HTTP', 'HTTP_PROXY']);
const isPrivate = (i: Integration) => i.connectionType?.trim().toUpperCase() === 'VPC_LINK';

function describeIntegration(i: Integration): string {
  const uri = i.uri === undefined ? '(no URI)' : redactUri(i.uri);
  if (!isPrivate(i)) return `${i.type ?? '(no type)'} ${uri}`;
  const tls = i.serverNameToVerify ? `TLS, server name ${i.serverNameToVerify}` : 'no TLS configuration';
  return `${i.type ?? '(no type)'} ${uri} via VPC link ${i.connectionId ?? '(unknown)'} (${tls})`;
}

/**
 * 0 plaintext, 1 TLS; undefined when not an HTTP integration, or its scheme cannot be read. An
 * HTTP API private integration uses TLS only with a TLS configuration (API reference, TlsConfig),
 * which an export shows by its server name.
 */
function tlsRank(i: Integration, stage: V2Stage): number | undefined {
  if (isPrivate(i)) return i.serverNameToVerify ? 1 : 0;
  if (!HTTP_TYPES.has(i.type?.trim().toUpperCase() ?? '')) return undefined;
  const scheme = schemeOf(substituteStageVariables(i.uri?.trim() ?? '', stage.StageVariables));
  return scheme === 'http' ? 0 : scheme === 'https' ? 1 : undefined;
}

function compareIntegration(subject: string, live: Integration | undefined, draft: Integration | undefined, stage: V2Stage): Finding | undefined {
  const text = (i: Integration | undefined) => (i ? describeIntegration(i) : '(none)');
  if (text(live) === text(draft)) return undefined;
  const ranked = live && draft ? tlsRankPair(live, draft, stage) : undefined;
  return { kind: ranked ?? 'changed', subject, point: 'integration', live: text(live), draft: text(draft), liveUnauthenticated: false };
}

function tlsRankPair(live: Integration, draft: Integration, stage: V2Stage): Kind | undefined {
  const l = tlsRank(live, stage);
  const d = tlsRank(draft, stage);
  return l === undefined || d === undefined ? undefined : byRank(l, d);
}

// ── Comparing what the stage serves with the draft ──

function compareRoutes(live: readonly DeployedV2Route[], draft: readonly DeployedV2Route[], stage: V2Stage): Finding[] {
  const liveRoutes = new Map(live.map((r) => [r.routeKey, r]));
  const draftRoutes = new Map(draft.map((r) => [r.routeKey, r]));
  const findings: Finding[] = [];
  for (const key of sortRouteKeys(new Set([...liveRoutes.keys(), ...draftRoutes.keys()]))) {
    const l = liveRoutes.get(key);
    const d = draftRoutes.get(key);
    // OPTIONS routes with nothing behind them answer preflights only: adding or removing one is no weakness.
    const exposed = (r: DeployedV2Route) => isOpen(r) && !isPreflightOnlyRoute(toRoute(r));
    if (l && !d) {
      findings.push({ kind: exposed(l) ? 'fix-not-deployed' : 'changed', subject: key, point: 'route', live: describeAccess(l), draft: '(removed)', liveUnauthenticated: exposed(l) });
      continue;
    }
    if (d && !l) {
      findings.push({ kind: exposed(d) ? 'weaker-in-draft' : 'changed', subject: key, point: 'route', live: '(not served)', draft: describeAccess(d), liveUnauthenticated: false });
      continue;
    }
    if (!l || !d) continue;
    const access = compareAccess(l, d);
    if (access) {
      findings.push({ kind: access, subject: key, point: 'authorization', live: describeAccess(l), draft: describeAccess(d), liveUnauthenticated: exposed(l) });
    }
    const integration = compareIntegration(key, l.integration, d.integration, stage);
    if (integration) findings.push(integration);
  }
  return findings;
}

function describeDifference(d: Difference): string {
  return `${d.subject}: ${d.point} live ${d.live}, draft ${d.draft}`;
}

export default defineCheck<V2StageEntity, MessageId>({
  id: 'http-deployment-drift',
  title: 'HTTP API stages without automatic deployment serve the security configuration the draft holds',
  severity: 'medium',
  resourceTypes: ['v2-stage'],
  reads: ['v2-routes', 'v2-stages', 'v2-integrations', 'v2-authorizers', 'v2-exports'],
  rationale:
    'An HTTP API stage serves a deployment, a snapshot of the API: "You must deploy an API for ' +
    'changes to take effect. If you enable automatic deployments, changes to an API are ' +
    'automatically released for you" (Developer Guide, "Stages for HTTP APIs in API Gateway"). So ' +
    'a stage without AutoDeploy can serve something other than the latest configuration (the draft ' +
    'GetRoutes and GetIntegrations show). This check reads what such a stage serves with ExportApi ' +
    'for the stage and compares it with the draft, route by route, on the points that decide ' +
    'security: the route\'s presence, its authorization (NONE < an authorizer: AWS_IAM, JWT or ' +
    'CUSTOM; two different authorizers or types are a change, neither stronger nor weaker) and its ' +
    'integration endpoint and TLS (http:// < https://, the scheme resolved with the stage\'s ' +
    'variables; a private integration without a TLS configuration < one with it, "If you specify a ' +
    'TLS configuration, private integration traffic uses the HTTPS protocol", API reference, ' +
    'TlsConfig; another backend over the same scheme is a change). A draft stronger than what is ' +
    'live is a fix made but not deployed: the live weakness stays exposed, so the finding is high, ' +
    'and critical when the live side leaves a route without authorization (HTTP APIs are always ' +
    'internet-facing). A draft weaker than what is live, or changed on one of these points, is a ' +
    'medium warning: the next deployment makes it live. rest-deployment-drift does the same for ' +
    'REST APIs. Stages with AutoDeploy serve the draft and cannot drift; WebSocket APIs cannot be ' +
    'exported, so what their stages serve cannot be compared (their checks say so). A stage export ' +
    'or draft that could not be read is an error, never a pass.',
  remediation: {
    text:
      'Deploy the fixes waiting in the draft to every stage that serves an older deployment, and ' +
      'review what a deployment would make live before running it; or turn on automatic deployment ' +
      'where every change should go live at once.',
    cli: 'aws apigatewayv2 create-deployment --api-id <api-id> --stage-name <stage> --description "deploy pending fixes"',
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html',
  },
  mappings: {
    owaspApi2023: ['API8', 'API9'],
  },
  messages: {
    ...DRIFT_MESSAGES,
    'auto-deploy': 'Stage {stage} deploys every change automatically, so it serves the draft.',
  },
  select: (view) => httpStages(view),
  evaluate: ({ stage, api: { api } }, outcome) => {
    const base = { stage: stage.StageName, deploymentId: stage.DeploymentId ?? '(none)' };
    const serves = v2StageServes(api, stage);
    if (serves.kind !== 'export') return outcome.notApplicable('auto-deploy', { ...base, judgedOn: JUDGED_ON_LATEST });
    const evidenceBase = { ...base, judgedOn: JUDGED_ON_EXPORT };
    if (!serves.config.ok) return outcome.gap(serves.config.error, evidenceBase);
    const draft = v2DraftConfig(api, stage.StageName);
    if (!draft.ok) return outcome.gap(draft.error, evidenceBase);

    const findings = compareRoutes(serves.config.value.routes, draft.value.routes, stage);
    const listed = (kind: Kind) => findings.filter((d) => d.kind === kind).map(describeDifference);
    const fixesNotDeployed = listed('fix-not-deployed');
    const weakerInDraft = listed('weaker-in-draft');
    const changedInDraft = listed('changed');
    const evidence = {
      ...evidenceBase,
      differences: findings.map(({ liveUnauthenticated: _open, ...d }) => d),
      fixCount: fixesNotDeployed.length,
      fixesNotDeployed,
      weakerCount: weakerInDraft.length,
      weakerInDraft,
      changedCount: changedInDraft.length,
      changedInDraft,
    };
    if (fixesNotDeployed.length > 0) {
      const exposed = findings.some((d) => d.kind === 'fix-not-deployed' && d.liveUnauthenticated);
      const severity: Severity = exposed ? 'critical' : 'high';
      return outcome.fail('fix-not-deployed', evidence, severity);
    }
    if (weakerInDraft.length > 0) return outcome.fail('weaker-in-draft', evidence);
    if (changedInDraft.length > 0) return outcome.fail('changed-in-draft', evidence);
    return outcome.pass('in-sync', evidence);
  },
});
