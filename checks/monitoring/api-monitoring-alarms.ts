import { z } from 'zod';
import { defineCheck } from '../../src/engine/define.js';
import { SIGNAL_METRICS, stageAlarmCoverage, type AlarmMatch } from '../../src/analysis/alarms.js';
import { allStages, stageFacts, type StageEntity, type StageFacts } from '../../src/analysis/stages.js';

type MessageId = 'monitored' | 'unmonitored' | 'not-production';

const ENVIRONMENT_TAGS = new Set(['env', 'environment', 'stage']);

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

const options = z.object({
  productionStagePattern: z
    .string()
    .min(1)
    .refine(isRegExp, 'not a valid regular expression')
    .default('^(prod|production|prd|live)$')
    .describe(
      'a stage is production when its name, or the value of its env, environment or stage tag, matches this ' +
        'regular expression (case-insensitive)',
    ),
});

/** Why a stage counts as production, or undefined when it does not. */
function productionReason(stage: StageFacts, pattern: RegExp): string | undefined {
  if (pattern.test(stage.stageName)) return `stage name ${stage.stageName}`;
  const tag = Object.entries(stage.tags)
    .filter(([key]) => ENVIRONMENT_TAGS.has(key.trim().toLowerCase()))
    .find(([, value]) => pattern.test(value.trim()));
  return tag ? `tag ${tag[0]}=${tag[1]}` : undefined;
}

function alarmLabel(match: AlarmMatch): string {
  return `${match.alarm} (${match.metric}${match.scope === 'api' ? ', all stages' : ''})`;
}

export default defineCheck<StageEntity, MessageId, typeof options>({
  id: 'api-monitoring-alarms',
  title: 'Production stages have CloudWatch alarms with actions on server errors and on latency or client errors',
  severity: 'medium',
  resourceTypes: ['rest-stage', 'v2-stage'],
  reads: ['rest-stages', 'v2-stages', 'alarms'],
  rationale:
    'Logs and metrics only help when someone looks at them. An API that starts failing (a broken ' +
    'deployment, an exhausted backend, a revoked role), slows down under a resource-exhaustion ' +
    'attack, or suddenly rejects many callers (credential stuffing, scraping, a broken client) ' +
    'should page someone, not wait for a customer to complain. This check asks every production ' +
    'stage for a CloudWatch alarm with an enabled action on its server errors (REST 5XXError, ' +
    'HTTP 5xx, WebSocket IntegrationError or ExecutionError) and one on latency or client errors ' +
    '(Latency, IntegrationLatency, 4XXError, 4xx, ClientError). Metric-math alarms count through ' +
    'the metrics they read; an alarm without a Stage dimension watches every stage of the API. ' +
    'Alarms on one method or route only, alarms whose actions are disabled or empty, and alarms ' +
    'on a metric name the API kind does not publish (names are case-sensitive) do not count. A ' +
    'stage is production when its name or its env/environment/stage tag matches ' +
    'productionStagePattern; other stages are not applicable.',
  remediation: {
    text:
      'Create CloudWatch alarms on the stage\'s server-error metric and on its latency or client-error ' +
      'metric (dimensions ApiName and Stage for REST APIs, ApiId and Stage for HTTP and WebSocket APIs), ' +
      'with an SNS topic or incident tool as the alarm action.',
    cli: "aws cloudwatch put-metric-alarm --alarm-name <api>-<stage>-5xx --namespace AWS/ApiGateway --metric-name 5XXError --dimensions Name=ApiName,Value=<api-name> Name=Stage,Value=<stage> --statistic Sum --period 60 --evaluation-periods 5 --datapoints-to-alarm 3 --threshold 5 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions <sns-topic-arn>",
    docs: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/monitoring-cloudwatch.html',
  },
  mappings: {
    owaspApi2023: ['API4', 'API8'],
  },
  options,
  messages: {
    monitored:
      'Production stage {stage} ({production}) pages on server errors through {serverErrorAlarms} and on ' +
      'latency or client errors through {latencyOrClientErrorAlarms}.',
    unmonitored: 'Production stage {stage} ({production}) has no alarm with an enabled action on: {missing}.',
    'not-production': 'Stage {stage} is not a production stage (pattern {productionStagePattern}).',
  },
  select: (view) => allStages(view),
  evaluate: (target, outcome, _view, { productionStagePattern }) => {
    const stage = stageFacts(target);
    const base = { stage: stage.stageName, apiKind: stage.kind };
    const production = productionReason(stage, new RegExp(productionStagePattern, 'i'));
    if (!production) return outcome.notApplicable('not-production', { ...base, productionStagePattern });

    const alarms = target.api.region.alarms;
    if (!alarms.ok) return outcome.gap(alarms.error, { ...base, production });
    const coverage = stageAlarmCoverage(alarms.value, stage);
    const serverErrorAlarms = coverage.matches.filter((m) => m.signal === 'server-errors').map(alarmLabel);
    const latencyOrClientErrorAlarms = coverage.matches.filter((m) => m.signal !== 'server-errors').map(alarmLabel);
    const ignoredAlarms = coverage.ignored.map((i) => `${i.alarm}: ${i.reason}`);
    const evidence = { ...base, production, serverErrorAlarms, latencyOrClientErrorAlarms, ignoredAlarms };

    const metrics = SIGNAL_METRICS[stage.kind];
    const missing: string[] = [];
    if (serverErrorAlarms.length === 0) missing.push(`server errors (${metrics['server-errors'].join('/')})`);
    if (latencyOrClientErrorAlarms.length === 0) {
      missing.push(`latency or client errors (${[...metrics.latency, ...metrics['client-errors']].join('/')})`);
    }
    if (missing.length > 0) return outcome.fail('unmonitored', { ...evidence, missing });
    return outcome.pass('monitored', evidence);
  },
});
