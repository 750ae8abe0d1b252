import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import type { Authorizer } from '../../src/inventory/schema.js';
import type { RestApiEntity } from '../../src/inventory/view.js';

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

function identitySources(authorizer: Authorizer): string[] {
  return (authorizer.identitySource ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function describe(authorizer: Authorizer, type: string, ttl: number): string {
  const ttlText = authorizer.authorizerResultTtlInSeconds === undefined ? `TTL unset = ${ttl} s` : `TTL ${ttl} s`;
  return `${authorizer.name ?? authorizer.id} (${type}, ${ttlText})`;
}

export default defineCheck<RestApiEntity, MessageId, typeof options>({
  id: 'rest-authorizer-caching',
  title: 'REST API Lambda authorizers cache their results for a bounded time, keyed on the caller',
  severity: 'low',
  resourceTypes: ['rest-api'],
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
    'authorizers have no such setting and are not judged.',
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
    balanced: 'Every Lambda authorizer caches its results for a bounded time, keyed on the caller: {authorizers}.',
    'caching-issues': 'Lambda authorizer caching problems ({issueCount}): {issues}.',
    'no-lambda-authorizers': 'The API has no Lambda authorizers.',
  },
  select: (view) => view.restApis(),
  evaluate: ({ api }, outcome, _view, { longTtlSeconds }) => {
    if (!api.authorizers.ok) return outcome.gap(api.authorizers.error);
    const lambdas = api.authorizers.value
      .map((a) => ({ a, type: (a.type ?? '').trim().toUpperCase() }))
      .filter(({ type }) => LAMBDA_TYPES.has(type))
      .sort((x, y) => (x.a.name ?? x.a.id).localeCompare(y.a.name ?? y.a.id));
    if (lambdas.length === 0) return outcome.notApplicable('no-lambda-authorizers', { authorizerCount: api.authorizers.value.length });

    const issues: string[] = [];
    const authorizers = lambdas.map(({ a, type }) => {
      const ttl = a.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS;
      const label = describe(a, type, ttl);
      const sources = identitySources(a);
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
      return label;
    });
    const evidence = { authorizers, longTtlSeconds, defaultTtlSeconds: DEFAULT_TTL_SECONDS };
    if (issues.length === 0) return outcome.pass('balanced', evidence);
    return outcome.fail('caching-issues', { ...evidence, issueCount: issues.length, issues });
  },
});
