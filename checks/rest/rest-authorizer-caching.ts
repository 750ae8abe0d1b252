import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import { compareMethods, methodLabel } from '../../src/analysis/method-settings.js';
import type { DeployedRestConfig } from '../../src/inventory/schema.js';
import { describeUnjudged, judgedOnOf, exportedView, servedParts, unjudgedOutcome, type Unjudged } from '../../src/analysis/stage-serves.js';
import type { RestStageEntity } from '../../src/inventory/view.js';

type MessageId = 'balanced' | 'caching-issues' | 'no-lambda-authorizers';

/** API Gateway caches Lambda authorizer results for 300 s when the TTL is unset. */
const DEFAULT_TTL_SECONDS = 300;

const options = z.object({
  longTtlSeconds: z
    .number()
    .int()
    .positive()
    .default(3600)
    .describe('a Lambda authorizer TTL at or above this many seconds is reported (3600 is the most API Gateway allows)'),
});

const LAMBDA_TYPES = new Set(['TOKEN', 'REQUEST']);

type DeployedAuthorizer = NonNullable<DeployedRestConfig['authorizers']>[number];

function identitySources(authorizer: DeployedAuthorizer): string[] {
  return (authorizer.identitySource ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function describe(authorizer: DeployedAuthorizer, type: string, ttl: number, canary: boolean): string {
  const ttlText = authorizer.authorizerResultTtlInSeconds === undefined ? `TTL unset = ${ttl} s` : `TTL ${ttl} s`;
  return `${authorizer.name} (${type}, ${ttlText}${canary ? ', canary' : ''})`;
}

/** Served methods naming an authorizer the deployed view does not carry: its settings are unknown. */
function missingAuthorizers(config: DeployedRestConfig): string[] {
  const names = new Set((config.authorizers ?? []).map((a) => a.name));
  // Sorting is stable: sorting the few that are missing gives the order sorting all would.
  return config.methods
    .filter((m) => m.authorizerName !== undefined && !names.has(m.authorizerName))
    .sort(compareMethods)
    .map((m) => `${m.authorizerName} (named by ${methodLabel(m.httpMethod, m.path)})`);
}

export default defineCheck<RestStageEntity, MessageId, typeof options>({
  id: 'rest-authorizer-caching',
  title: 'REST API Lambda authorizers cache their results for a bounded time, keyed on the caller',
  severity: 'low',
  resourceTypes: ['rest-stage'],
  reads: ['rest-stages', 'rest-deployments'],
  rationale:
    'The authorizer result TTL is a trade-off. At 0, every request invokes the authorizer ' +
    'Lambda: latency on every call, a Lambda bill and concurrency use that grow with traffic, and ' +
    'a flood of requests (even with invalid tokens) becomes a flood of invocations that can ' +
    'exhaust the account\'s Lambda concurrency and take other functions down with it. At the ' +
    'maximum of 3600 s (or a configured longTtlSeconds), a policy once granted keeps being ' +
    'honoured for up to an hour: a revoked token, a disabled user or a tightened policy takes ' +
    'that long to take effect. Unset means the 300 s default, a reasonable middle. Cached ' +
    'results are keyed on the identity sources, so a REQUEST authorizer that caches with no ' +
    'identity source, or only stage variables as sources, shares one cached decision between ' +
    'all callers: the first caller\'s Allow or Deny applies to everyone for the TTL. Cognito ' +
    'authorizers have no such setting and are not judged. Each stage is judged on the authorizers ' +
    'its deployment (and its canary\'s) serves, those its methods name: an authorizer change ' +
    'reaches a stage only when deployed (Developer Guide, "Updates to REST APIs that require ' +
    'redeployment"), and an authorizer no served method names is never invoked. A deployment that ' +
    'could not be read, or a canary deployment known only from its API summary (which carries no ' +
    'authorizers), is an error rather than a pass.',
  remediation: {
    text:
      'Set a TTL between a few seconds and a few minutes (the 300 s default suits most APIs), and ' +
      'give REQUEST authorizers that cache the header or query parameter that identifies the caller ' +
      'as identity source.',
    cli: "aws apigateway update-authorizer --rest-api-id <api-id> --authorizer-id <authorizer-id> --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=300 'op=replace,path=/identitySource,value=method.request.header.Authorization' && aws apigateway create-deployment --rest-api-id <api-id> --stage-name <stage>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/configure-api-gateway-lambda-authorization.html',
  },
  mappings: {
    owaspApi2023: ['API2'],
  },
  options,
  messages: {
    balanced: 'Every Lambda authorizer stage {stage} serves caches its results for a bounded time, keyed on the caller: {authorizers}.',
    'caching-issues': 'Lambda authorizer caching problems on stage {stage} ({issueCount}): {issues}.',
    'no-lambda-authorizers': 'Stage {stage} serves no method behind a Lambda authorizer.',
  },
  select: (view) => view.restStages(),
  evaluate: ({ stage, api: { api } }, outcome, _view, { longTtlSeconds }) => {
    const parts = servedParts(api, stage);
    const unjudged: Unjudged[] = [];
    const issues: string[] = [];
    const authorizers: string[] = [];
    let authorizerCount = 0;
    const judgedDeployments = new Set<string>();
    for (const part of parts) {
      const view = exportedView(part, 'authorizers');
      if ('unjudged' in view) {
        unjudged.push(view.unjudged);
        continue;
      }
      // Authorizer settings do not depend on stage variables: a canary on the stage's deployment adds nothing.
      if (judgedDeployments.has(view.config.deploymentId)) continue;
      judgedDeployments.add(view.config.deploymentId);
      const missing = missingAuthorizers(view.config);
      if (missing.length > 0) {
        unjudged.push({ judgedOn: part.judgedOn, reason: `${part.judgedOn} does not carry authorizers its methods name: ${missing.join(', ')}` });
      }
      const deployed = view.config.authorizers ?? [];
      authorizerCount += deployed.length;
      const lambdas = deployed
        .map((a) => ({ a, type: (a.type ?? '').trim().toUpperCase() }))
        .filter(({ type }) => LAMBDA_TYPES.has(type))
        .sort((x, y) => x.a.name.localeCompare(y.a.name));
      for (const { a, type } of lambdas) {
        const ttl = a.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS;
        const label = describe(a, type, ttl, part.role === 'canary');
        authorizers.push(label);
        issues.push(...cachingIssues(label, type, ttl, identitySources(a), longTtlSeconds));
      }
    }
    const evidence = {
      stage: stage.stageName,
      judgedOn: judgedOnOf(parts),
      authorizers,
      authorizerCount,
      longTtlSeconds,
      defaultTtlSeconds: DEFAULT_TTL_SECONDS,
      unjudged: describeUnjudged(unjudged),
    };
    if (issues.length > 0) return outcome.fail('caching-issues', { ...evidence, issueCount: issues.length, issues });
    if (unjudged.length > 0) return unjudgedOutcome(outcome, unjudged, evidence);
    if (authorizers.length === 0) return outcome.notApplicable('no-lambda-authorizers', evidence);
    return outcome.pass('balanced', evidence);
  },
});

function cachingIssues(label: string, type: string, ttl: number, sources: string[], longTtlSeconds: number): string[] {
  const issues: string[] = [];
  if (ttl <= 0) {
    issues.push(`${label}: caching off, every request invokes the Lambda`);
  } else if (ttl >= longTtlSeconds) {
    issues.push(`${label}: a granted policy is honoured for up to ${ttl} s after revocation`);
  }
  if (ttl > 0 && type === 'REQUEST' && sources.every((s) => s.startsWith('stageVariables.'))) {
    issues.push(
      `${label}: caches with ${sources.length === 0 ? 'no identity source' : `only stage variables as identity sources (${sources.join(', ')})`}, so one decision is shared by all callers`,
    );
  }
  return issues;
}
