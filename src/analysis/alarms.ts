/**
 * Which CloudWatch alarms watch a stage's API Gateway metrics, and what they watch.
 *
 * Metrics live in the `AWS/ApiGateway` namespace. REST APIs are named by the `ApiName` dimension
 * (the API's name with non-ASCII characters stripped; its id if nothing remains), HTTP and
 * WebSocket APIs by `ApiId`. An optional `Stage` dimension narrows a metric to one stage; without
 * it the metric sums every stage of the API, so such an alarm covers each of them. Method,
 * resource and route dimensions (detailed metrics) narrow a metric to part of a stage: an alarm
 * on them does not watch the stage as a whole and is not counted.
 *
 * Metric names are case-sensitive and differ by API kind: REST `5XXError`/`4XXError`, HTTP
 * `5xx`/`4xx`, WebSocket `IntegrationError`/`ExecutionError`/`ClientError`. An alarm on a name the
 * API does not publish never fires, so it is not counted either.
 *
 * Metric-math alarms name their metrics in `Metrics[].MetricStat.Metric`; each of those counts
 * as watched. An alarm notifies someone only when its actions are enabled and it has at least
 * one `AlarmActions` target (OK and insufficient-data actions do not page anyone on a failure).
 */
import type { MetricAlarm } from '../inventory/schema.js';
import type { ApiKind, StageFacts } from './stages.js';

export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';

/** What an alarm watches: failures of the API or its backends, slowness, or caller errors. */
export type AlarmSignal = 'server-errors' | 'latency' | 'client-errors';

export const SIGNAL_METRICS: Readonly<Record<ApiKind, Readonly<Record<AlarmSignal, readonly string[]>>>> = {
  rest: { 'server-errors': ['5XXError'], latency: ['Latency', 'IntegrationLatency'], 'client-errors': ['4XXError'] },
  http: { 'server-errors': ['5xx'], latency: ['Latency', 'IntegrationLatency'], 'client-errors': ['4xx'] },
  websocket: {
    'server-errors': ['IntegrationError', 'ExecutionError'],
    latency: ['IntegrationLatency'],
    'client-errors': ['ClientError'],
  },
};

const SIGNALS: readonly AlarmSignal[] = ['server-errors', 'latency', 'client-errors'];

/** The `ApiName` dimension CloudWatch uses for a REST API: non-ASCII stripped, else the id. */
export function restMetricApiName(name: string | undefined, id: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = (name ?? '').replace(/[^\x00-\x7F]/g, '');
  return ascii.length > 0 ? ascii : id;
}

export interface WatchedMetric {
  namespace?: string;
  metricName?: string;
  dimensions: { Name: string; Value: string }[];
}

/** The metrics an alarm evaluates: its own, or those its metric-math expression reads. */
export function watchedMetrics(alarm: MetricAlarm): WatchedMetric[] {
  const metrics: WatchedMetric[] = [];
  if (alarm.MetricName !== undefined || alarm.Namespace !== undefined) {
    metrics.push({
      ...(alarm.Namespace !== undefined ? { namespace: alarm.Namespace } : {}),
      ...(alarm.MetricName !== undefined ? { metricName: alarm.MetricName } : {}),
      dimensions: alarm.Dimensions ?? [],
    });
  }
  for (const query of alarm.Metrics ?? []) {
    const metric = query.MetricStat?.Metric;
    if (!metric) continue;
    metrics.push({
      ...(metric.Namespace !== undefined ? { namespace: metric.Namespace } : {}),
      ...(metric.MetricName !== undefined ? { metricName: metric.MetricName } : {}),
      dimensions: metric.Dimensions ?? [],
    });
  }
  return metrics;
}

/**
 * Why an alarm would notify no one, or undefined when it would. `ActionsEnabled` is always
 * returned by DescribeAlarms; when a snapshot lacks it, the API default (true) is assumed.
 */
export function silentReason(alarm: MetricAlarm): string | undefined {
  if (alarm.ActionsEnabled === false) return 'its actions are disabled';
  if ((alarm.AlarmActions ?? []).filter((a) => a.trim()).length === 0) return 'it has no alarm action';
  return undefined;
}

export interface AlarmMatch {
  alarm: string;
  signal: AlarmSignal;
  metric: string;
  /** `stage` when the metric names this stage; `api` when it sums every stage of the API. */
  scope: 'stage' | 'api';
}

export interface IgnoredAlarm {
  alarm: string;
  reason: string;
}

export interface StageAlarmCoverage {
  /** Alarms that notify someone when this stage misbehaves, one entry per alarm and signal. */
  matches: AlarmMatch[];
  /** Alarms on this stage's metrics that do not count, and why. */
  ignored: IgnoredAlarm[];
}

const IDENTITY_DIMENSION: Readonly<Record<ApiKind, string>> = { rest: 'ApiName', http: 'ApiId', websocket: 'ApiId' };

type MetricVerdict =
  | { kind: 'match'; signal: AlarmSignal; metric: string; scope: 'stage' | 'api' }
  | { kind: 'narrow'; metric: string; dimensions: string[] }
  | { kind: 'other' };

function judgeMetric(metric: WatchedMetric, stage: StageFacts): MetricVerdict {
  if (metric.namespace !== API_GATEWAY_NAMESPACE || metric.metricName === undefined) return { kind: 'other' };
  const identity = IDENTITY_DIMENSION[stage.kind];
  const expected = stage.kind === 'rest' ? restMetricApiName(stage.apiName, stage.apiId) : stage.apiId;
  const dims = new Map(metric.dimensions.map((d) => [d.Name, d.Value]));
  if (dims.get(identity) !== expected) return { kind: 'other' };
  const stageDim = dims.get('Stage');
  if (stageDim !== undefined && stageDim !== stage.stageName) return { kind: 'other' };
  const signal = SIGNALS.find((s) => SIGNAL_METRICS[stage.kind][s].includes(metric.metricName!));
  if (!signal) return { kind: 'other' };
  const extra = [...dims.keys()].filter((name) => name !== identity && name !== 'Stage');
  if (extra.length > 0) return { kind: 'narrow', metric: metric.metricName, dimensions: extra.sort() };
  return { kind: 'match', signal, metric: metric.metricName, scope: stageDim === undefined ? 'api' : 'stage' };
}

/**
 * A region's alarms by the API they name (`ApiName=orders` or `ApiId=a1b2c3`), in their order:
 * an alarm whose metrics name another API judges `other` for a stage, so only these candidates
 * need judging. Built once per alarm list, rather than scanning every alarm for every stage.
 */
const alarmsByApi = new WeakMap<readonly MetricAlarm[], ReadonlyMap<string, readonly MetricAlarm[]>>();

function identityKey(dimension: string, value: string): string {
  return `${dimension}\u0000${value}`;
}

function alarmsNaming(alarms: readonly MetricAlarm[], dimension: string, value: string): readonly MetricAlarm[] {
  let index = alarmsByApi.get(alarms);
  if (!index) {
    const built = new Map<string, MetricAlarm[]>();
    for (const alarm of alarms) {
      const keys = new Set<string>();
      for (const metric of watchedMetrics(alarm)) {
        // The last of repeated dimension names counts, as in `judgeMetric`.
        const dims = new Map(metric.dimensions.map((d) => [d.Name, d.Value]));
        for (const name of new Set(Object.values(IDENTITY_DIMENSION))) {
          const named = dims.get(name);
          if (named !== undefined) keys.add(identityKey(name, named));
        }
      }
      for (const key of keys) {
        const list = built.get(key);
        if (list) list.push(alarm);
        else built.set(key, [alarm]);
      }
    }
    index = built;
    alarmsByApi.set(alarms, index);
  }
  return index.get(identityKey(dimension, value)) ?? [];
}

/** The alarms that watch one stage, by signal, and the ones on its metrics that do not count. */
export function stageAlarmCoverage(alarms: readonly MetricAlarm[], stage: StageFacts): StageAlarmCoverage {
  const coverage: StageAlarmCoverage = { matches: [], ignored: [] };
  const expected = stage.kind === 'rest' ? restMetricApiName(stage.apiName, stage.apiId) : stage.apiId;
  for (const alarm of alarmsNaming(alarms, IDENTITY_DIMENSION[stage.kind], expected)) {
    const verdicts = watchedMetrics(alarm).map((m) => judgeMetric(m, stage));
    const matches = verdicts.filter((v): v is Extract<MetricVerdict, { kind: 'match' }> => v.kind === 'match');
    const narrow = verdicts.filter((v): v is Extract<MetricVerdict, { kind: 'narrow' }> => v.kind === 'narrow');
    if (matches.length === 0) {
      if (narrow.length > 0) {
        const [first] = narrow;
        coverage.ignored.push({
          alarm: alarm.AlarmName,
          reason: `it watches ${first!.metric} of part of the stage only (${first!.dimensions.join(', ')})`,
        });
      }
      continue;
    }
    const silent = silentReason(alarm);
    if (silent) {
      coverage.ignored.push({ alarm: alarm.AlarmName, reason: silent });
      continue;
    }
    const seen = new Set<AlarmSignal>();
    for (const m of matches) {
      if (seen.has(m.signal)) continue;
      seen.add(m.signal);
      coverage.matches.push({ alarm: alarm.AlarmName, signal: m.signal, metric: m.metric, scope: m.scope });
    }
  }
  return coverage;
}
