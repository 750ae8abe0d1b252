/**
 * The shapes of check results, defined once as zod schemas with their TypeScript types inferred:
 * the engine produces them, the inventory's entities refer to resources by them, and the report
 * (schema/report.schema.json) publishes them. The bottom layer: it imports zod only.
 */
import { z } from 'zod';

/** Gravest first: the one severity order. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A severity's place in `SEVERITIES`: 0 for critical, 4 for info; lower is graver. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const STATUSES = ['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const;
export type Status = (typeof STATUSES)[number];

/** What one result is about. */
export const RESOURCE_TYPES = [
  'rest-api',
  'rest-stage',
  'http-api',
  'websocket-api',
  'v2-stage',
  'domain',
  'user-pool',
  'kms-key',
  'iam-policy',
  'account',
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

export const checkResultSchema = z
  .object({
    checkId: z.string(),
    status: z.enum(STATUSES),
    severity: z.enum(SEVERITIES),
    resource: resourceRefSchema,
    // Key into the check's `messages`; the rendered text is in `message`.
    messageId: z.string(),
    message: z.string(),
    evidence: evidenceSchema,
    error: errorReasonSchema.optional().describe('Why the result is ERROR.'),
  })
  .meta({ id: 'CheckResult' });
export type CheckResult = z.infer<typeof checkResultSchema>;
