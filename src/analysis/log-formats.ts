/**
 * What an access-log format writes, read from the `$context` variables it names (API Gateway
 * developer guide, "Variables for access logging for API Gateway" for REST APIs, and the HTTP
 * and WebSocket API logging-variable pages). Variables are case-sensitive; a name followed by
 * more identifier characters is another variable (`$context.identity.apiKeyId` is the key's id,
 * not the key).
 */
import type { Outcome, OutcomeBuilders } from '../engine/define.js';
import type { Evidence } from '../engine/types.js';
import { stageFacts, type StageEntity } from './stages.js';

/** The access-log format of a REST, HTTP or WebSocket stage, trimmed; undefined when none is set. */
export function accessLogFormat(target: StageEntity): string | undefined {
  const format = target.kind === 'rest-stage' ? target.stage.accessLogSettings?.format : target.stage.AccessLogSettings?.Format;
  return format?.trim() || undefined;
}

/**
 * The part every access-log-format check shares: a stage without access logs is not applicable,
 * one with a destination but no format cannot be judged; otherwise `judge` decides on the format.
 */
export function judgeAccessLogFormat(
  target: StageEntity,
  outcome: Pick<OutcomeBuilders<'no-access-logs'>, 'notApplicable' | 'invalid'>,
  judge: (format: string, evidence: Evidence) => Outcome,
): Outcome {
  const stage = stageFacts(target);
  const destinationArn = stage.accessLogDestination;
  if (!destinationArn) return outcome.notApplicable('no-access-logs', { stage: stage.stageName });
  const format = accessLogFormat(target);
  const evidence = { stage: stage.stageName, destinationArn, format: format ?? null };
  if (!format) return outcome.invalid(`stage ${stage.stageName} names an access-log destination but no format`, evidence);
  return judge(format, evidence);
}

/** A variable as written in a format, not a longer name that starts the same way. */
function variable(name: string): RegExp {
  return new RegExp(`\\$context\\.${name.replace(/\./g, '\\.')}(?![A-Za-z0-9_])`);
}

/**
 * `$context.identity.apiKey`: "the API owner key associated with key-enabled API request" —
 * the API key value itself, which then sits in the log for anyone who can read the group.
 */
export const API_KEY_VARIABLE = '$context.identity.apiKey';

export function logsApiKey(format: string): boolean {
  return variable('identity.apiKey').test(format);
}

export interface FieldNeed {
  /** What the investigation needs: `request id`, `source IP`, `caller`, `status`. */
  field: string;
  /** Any one of these variables gives it. */
  variables: readonly string[];
  /** Variable-name patterns that also give it (`authorizer.claims.<property>`). */
  patterns?: readonly RegExp[];
}

/**
 * The fields without which an access log cannot answer "who sent which request from where, and
 * what happened": the request id (to join with execution logs and X-Ray), the source IP, who
 * the caller was (the IAM caller or user, a Lambda authorizer's principal, or a Cognito/JWT
 * claim), and the response status.
 */
export const REQUIRED_FIELDS: readonly FieldNeed[] = [
  { field: 'request id', variables: ['requestId', 'extendedRequestId'] },
  { field: 'source IP', variables: ['identity.sourceIp'] },
  {
    field: 'caller',
    variables: ['identity.caller', 'identity.user', 'identity.userArn', 'authorizer.principalId'],
    patterns: [/\$context\.authorizer\.claims\.[A-Za-z0-9_:-]+/],
  },
  { field: 'status', variables: ['status'] },
];

/** The fields of REQUIRED_FIELDS the format writes none of, each with the variables that would. */
export function missingFields(format: string): { field: string; anyOf: string[] }[] {
  return REQUIRED_FIELDS.filter(
    (need) => !need.variables.some((name) => variable(name).test(format)) && !(need.patterns ?? []).some((p) => p.test(format)),
  ).map((need) => ({
    field: need.field,
    anyOf: [...need.variables.map((name) => `$context.${name}`), ...(need.patterns ? ['$context.authorizer.claims.<claim>'] : [])],
  }));
}
