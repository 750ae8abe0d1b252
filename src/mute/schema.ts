/**
 * The mute file (`--mute-file`, `APIPOSTURE_MUTE_FILE`): rules that accept findings, each with
 * a reason, an owner and an optional expiry, and what a report says about them (`mutes`).
 *
 * A rule's matchers are ANDed (every one given must match); each matcher's list matches when any
 * of its entries does. `*` in a pattern stands for any run of characters.
 */
import { z } from 'zod';

export const MUTE_FILE_VERSION = 1;

const text = z.string().trim().min(1, 'must not be empty');
/** A non-empty list of non-empty patterns. */
const patterns = z.array(text).min(1, 'needs at least one entry');

/** `2027-06-30` (mutes through the end of that day, UTC) or an ISO date-time with its offset. */
const expiry = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be an ISO date (2027-06-30) or date-time (2027-06-30T18:00:00Z)',
});

export const MATCHERS = ['checks', 'resources', 'accounts', 'regions', 'tags'] as const;

export const muteRuleSchema = z
  .strictObject({
    id: text.optional().describe('How reports name the rule; default: rules[<index>].'),
    reason: text.describe('Why the findings are accepted.'),
    owner: text.describe('Who accepted them and reviews the rule.'),
    expires: expiry.optional().describe('After this date (UTC) or instant, the rule mutes nothing and is reported as expired.'),
    checks: patterns.optional().describe('Check ids, `*` wildcards allowed.'),
    resources: patterns.optional().describe('Resource ARNs or names (orders-api, orders-api/prod), `*` wildcards allowed.'),
    accounts: patterns.optional().describe('Account ids.'),
    regions: patterns.optional().describe('Regions, `*` wildcards allowed.'),
    tags: z
      .record(text, z.string())
      .refine((tags) => Object.keys(tags).length > 0, 'needs at least one tag')
      .optional()
      .describe('Tags the resource, or every API it counts towards, carries (values may use `*`).'),
  })
  .refine((rule) => MATCHERS.some((key) => rule[key] !== undefined), {
    message: `needs at least one matcher (${MATCHERS.join(', ')}): a rule without one would mute everything`,
  });

export const muteFileSchema = z.strictObject({
  schemaVersion: z.literal(MUTE_FILE_VERSION, { error: `must be ${MUTE_FILE_VERSION}` }),
  rules: z.array(muteRuleSchema),
});

export type MuteFileDocument = z.infer<typeof muteFileSchema>;

/** One validated rule, with its id settled. */
export interface MuteRule {
  id: string;
  reason: string;
  owner: string;
  expires?: string;
  checks?: readonly string[];
  resources?: readonly string[];
  accounts?: readonly string[];
  regions?: readonly string[];
  tags?: Readonly<Record<string, string>>;
}

/** A validated mute file. */
export interface MuteList {
  /** The file, as given on the command line. */
  source: string;
  rules: readonly MuteRule[];
}

const count = z.number().int().nonnegative();

export const MUTE_RULE_STATES = ['applied', 'expired', 'unmatched', 'skipped', 'other-account'] as const;
export type MuteRuleState = (typeof MUTE_RULE_STATES)[number];

export const muteRuleSummarySchema = z
  .object({
    id: z.string(),
    reason: z.string(),
    owner: z.string(),
    expires: z.string().optional(),
    state: z
      .enum(MUTE_RULE_STATES)
      .describe(
        'applied: it matched results; expired: past its expiry, it mutes nothing; unmatched: it matched no result (a stale rule); ' +
          'skipped: it tests tags, which merged reports do not carry; other-account: its accounts are not this report\'s.',
      ),
    matched: count.describe('Results its matchers select (for an expired rule: the results it would mute).'),
    muted: count.describe('Results it muted: the first rule that matches a result mutes it.'),
  })
  .meta({ id: 'MuteRuleSummary' });
export type MuteRuleSummary = z.infer<typeof muteRuleSummarySchema>;

export const muteSummarySchema = z
  .object({
    file: z.string().describe('The mute file.'),
    muted: count.describe('Results muted by its rules.'),
    rules: z.array(muteRuleSummarySchema).describe('Every rule of the file, in its order.'),
  })
  .meta({ id: 'Mutes' });
export type MuteSummary = z.infer<typeof muteSummarySchema>;
