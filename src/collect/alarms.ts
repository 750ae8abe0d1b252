/**
 * CloudWatch metric alarms that watch API Gateway. `DescribeAlarms` cannot filter by namespace,
 * so every metric alarm is listed and the ones on an `AWS/ApiGateway` metric are kept: at the
 * top level, or among a metric-math alarm's metrics.
 */
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { z } from 'zod';
import { metricAlarmSchema, type Collected, type MetricAlarm } from '../inventory/schema.js';
import type { RegionFetcher } from './context.js';

export const API_GATEWAY_NAMESPACE = 'AWS/ApiGateway';

/** The largest page `DescribeAlarms` returns. */
const MAX_RECORDS = 100;

const alarmsSchema = z.array(metricAlarmSchema);

interface AlarmMetrics {
  Namespace?: string | undefined;
  Metrics?: { MetricStat?: { Metric?: { Namespace?: string | undefined } | undefined } | undefined }[] | undefined;
}

export function watchesApiGateway(alarm: AlarmMetrics): boolean {
  return (
    alarm.Namespace === API_GATEWAY_NAMESPACE ||
    (alarm.Metrics ?? []).some((query) => query.MetricStat?.Metric?.Namespace === API_GATEWAY_NAMESPACE)
  );
}

export async function collectAlarms(f: RegionFetcher): Promise<Collected<MetricAlarm[]>> {
  const target = f.target('DescribeAlarms', f.region);
  const client = f.ctx.clients.cloudWatch(f.region);
  f.progress('alarms', 0, 1);
  const pages = await f.pages(target, async (NextToken) => {
    const output = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ['MetricAlarm'], MaxRecords: MAX_RECORDS, NextToken }));
    return { items: output.MetricAlarms, position: output.NextToken };
  });
  f.progress('alarms', 1, 1);
  return f.conform(alarmsSchema, pages, target, (alarms) => alarms.filter(watchesApiGateway));
}
