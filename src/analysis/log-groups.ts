/**
 * How a CloudWatch Logs group that holds API evidence is judged (access logs, REST execution
 * logs, WAF logs alike): kept long enough and encrypted with a KMS key. Log groups keep events
 * forever unless a retention is set ("Working with log groups and log streams", CloudWatch Logs
 * User Guide), so a group without one passes the retention test, as the AWS Config rule
 * cw-loggroup-retention-period-check does; data is encrypted with a customer-managed key only
 * when one is associated ("Encrypt log data in CloudWatch Logs using AWS KMS").
 */
import { z } from 'zod';
import type { Outcome, OutcomeBuilders } from '../engine/define.js';
import type { Evidence, Mappings } from '../engine/types.js';
import type { LogGroup } from '../inventory/schema.js';

export const DEFAULT_MIN_RETENTION_DAYS = 365;

/** The option every log-group check takes; `group` names its kind of log group in the description. */
export function minRetentionOptions(group: string) {
  return z.object({
    minRetentionDays: z
      .number()
      .int()
      .min(1)
      .default(DEFAULT_MIN_RETENTION_DAYS)
      .describe(`${group} keeping events for fewer days than this is reported; "never expire" always passes`),
  });
}

/** What a log group's retention and encryption answer to, whichever log group it is. */
export const LOG_GROUP_MAPPINGS: Mappings = {
  securityHub: ['CloudWatch.16'],
  awsConfig: ['cw-loggroup-retention-period-check', 'cloudwatch-log-group-encrypted'],
  owaspApi2023: ['API8'],
  nist80053r5: ['AU-10', 'AU-11', 'AU-6(3)', 'AU-6(4)', 'CA-7', 'SI-12'],
};

export interface LogGroupJudgement {
  retentionInDays: number | null;
  /** `365 days`, `forever (never expires)`. */
  retention: string;
  kmsKeyId: string | null;
  /** Empty when the group is kept long enough and encrypted. */
  problems: string[];
}

/** What every log-group check concludes once the group exists: `kept`, or `weak-group` with its problems. */
export function logGroupVerdict(
  outcome: Pick<OutcomeBuilders<'kept' | 'weak-group'>, 'pass' | 'fail'>,
  group: LogGroup,
  minRetentionDays: number,
  evidence: Evidence,
): Outcome {
  const { retentionInDays, retention, kmsKeyId, problems } = judgeLogGroup(group, minRetentionDays);
  const judged = { ...evidence, retentionInDays, retention, minRetentionDays, kmsKeyId };
  return problems.length > 0 ? outcome.fail('weak-group', { ...judged, problems }) : outcome.pass('kept', judged);
}

export function judgeLogGroup(group: LogGroup, minRetentionDays: number): LogGroupJudgement {
  const retentionInDays = group.retentionInDays ?? null;
  const retention = retentionInDays === null ? 'forever (never expires)' : `${retentionInDays} days`;
  const kmsKeyId = group.kmsKeyId?.trim() || null;
  const problems: string[] = [];
  if (retentionInDays !== null && retentionInDays < minRetentionDays) {
    problems.push(`events are deleted after ${retentionInDays} days (minimum ${minRetentionDays})`);
  }
  if (!kmsKeyId) problems.push('not encrypted with a KMS key');
  return { retentionInDays, retention, kmsKeyId, problems };
}
