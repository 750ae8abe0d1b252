/**
 * The shapes of check results, defined once as zod schemas with their TypeScript types inferred:
 * the engine produces them, the inventory's entities refer to resources by them, and the report
 * (schema/report.schema.json) publishes them. The bottom layer: it imports zod only.
 */
import { z } from 'zod';

/** Gravest first: the one severity order. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Each key's place in `keys`, as a record: looked up without searching the list. */
function placesOf<K extends string>(keys: readonly K[]): Readonly<Record<K, number>> {
  return Object.freeze(Object.fromEntries(keys.map((key, i) => [key, i]))) as Record<K, number>;
}

/** A severity's place in `SEVERITIES`: 0 for critical, 4 for info; lower is graver. */
export const SEVERITY_RANK = placesOf(SEVERITIES);

/** A severity's place in `SEVERITIES` (`SEVERITY_RANK`); -1 for a value that is none. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity] ?? -1;
}

export const STATUSES = ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const;
export type Status = (typeof STATUSES)[number];

/** A status's place in `STATUSES`. */
export const STATUS_SLOT = placesOf(STATUSES);

/** What one result is about. */
export const RESOURCE_TYPES = [
  'rest-api',
  'rest-stage',
  'http-api',
  'websocket-api',
  'v2-stage',
  'domain',
  'user-pool',
  'identity-pool',
  'kms-key',
  'iam-policy',
  'account',
  'dns-record',
  'lambda-function',
  'web-acl',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/** The resource types a check declares: at least one, the main one first. */
export type ResourceTypes = readonly [ResourceType, ...ResourceType[]];

export const resourceRefSchema = z
  .object({
    arn: z.string(),
    type: z.enum(RESOURCE_TYPES),
    // Human name: `orders-api`, `orders-api/prod`, `api.example.com`.
    name: z.string(),
    account: z.string(),
    region: z.string(),
    apiArn: z.string().optional().describe('The API this resource counts towards; absent for account-level results.'),
    // A weak shared resource lowers the score of each API relying on it.
    linkedApiArns: z
      .array(z.string())
      .optional()
      .describe('For shared resources (custom domains, user pools): the APIs that rely on it; the result counts towards each.'),
  })
  .meta({ id: 'ResourceRef' });
export type ResourceRef = z.infer<typeof resourceRefSchema>;

/** Why a result is ERROR: the data was not collected, or the check itself failed. */
export const errorReasonSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('collection-gap'), operation: z.string(), code: z.string(), message: z.string() }),
    z.object({ kind: z.literal('invalid-data'), message: z.string() }),
    z.object({ kind: z.literal('check-error'), message: z.string() }),
  ])
  .meta({ id: 'ErrorReason' });
export type ErrorReason = z.infer<typeof errorReasonSchema>;

export const evidenceSchema = z.record(z.string(), z.unknown());
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * How a result compares with the previous run's report (`--previous-report`, `diff`):
 * `new` fails now and did not fail before (or did not exist), `still-failing` failed before too,
 * `regressed` passed before, `fixed` failed before and passes or no longer applies now,
 * `newly-muted` is muted now and was not before. Other results carry no state.
 */
export const CHANGE_STATES = ['new', 'regressed', 'still-failing', 'fixed', 'newly-muted'] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

/** The mute rule that accepted a result (`--mute-file`): the result keeps its status but counts in no score, grade cap, risk tier or exit code. */
export const mutedSchema = z
  .object({
    rule: z.string().describe('The id of the mute rule (`rules[<index>]` when the file gives it none).'),
    reason: z.string(),
    owner: z.string(),
    expires: z.string().optional().describe('When the rule stops muting, as the mute file gives it (an ISO date or date-time).'),
  })
  .meta({ id: 'Muted' });
export type Muted = z.infer<typeof mutedSchema>;

/** Whether a mute rule accepted the result. */
export function isMuted(result: { muted?: Muted | undefined }): boolean {
  return result.muted !== undefined;
}

export const checkResultSchema = z
  .object({
    id: z
      .string()
      .optional()
      .describe('Stable across runs and renames: apiposture/<checkId>/<resource ARN> (the Security Hub finding Id); computed when an older report is read.'),
    checkId: z.string(),
    status: z.enum(STATUSES),
    severity: z.enum(SEVERITIES),
    resource: resourceRefSchema,
    // Key into the check's `messages`; the rendered text is in `message`.
    messageId: z.string(),
    message: z.string(),
    evidence: evidenceSchema,
    error: errorReasonSchema.optional().describe('Why the result is ERROR.'),
    muted: mutedSchema.optional().describe('Set when a mute rule accepted the result: it keeps its status, but counts in no score, grade cap, risk tier or exit code.'),
    change: z
      .enum(CHANGE_STATES)
      .optional()
      .describe('Compared with the previous report (--previous-report): absent when there was none, or nothing changed.'),
  })
  .meta({ id: 'CheckResult' });
export type CheckResult = z.infer<typeof checkResultSchema>;
