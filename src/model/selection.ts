/**
 * What a run was asked to cover when it covers less than everything (`--checks`, `--severity`,
 * `--api`, `--resource-tag` …): the report records it as `scan.selection`, so a reader knows the
 * report is partial. Built by src/selection; absent from a run of every check on every API.
 */
import { z } from 'zod';
import { SEVERITIES } from './results.js';

const count = z.number().int().nonnegative();

export const selectionRecordSchema = z
  .object({
    checks: z
      .object({ ran: count, available: count })
      .describe('How many checks ran (report.checks lists them), of how many the tool has.'),
    filters: z
      .object({
        checks: z.array(z.string()).optional().describe('--checks: ids and `*` patterns.'),
        excludedChecks: z.array(z.string()).optional().describe('--excluded-checks.'),
        severity: z.enum(SEVERITIES).optional().describe('--severity: only checks at or above it ran.'),
        excludedRegions: z.array(z.string()).optional().describe('--excluded-regions: regions not scanned.'),
        apis: z.array(z.string()).optional().describe('--api: API names or ARNs, `*` patterns.'),
        resourceTags: z
          .array(z.object({ key: z.string(), value: z.string() }))
          .optional()
          .describe('--resource-tag: an API is selected when it carries every one.'),
      })
      .describe('The selection as given.'),
    apis: z
      .object({
        selected: count,
        found: count,
        rule: z.string().describe('Which results a resource filter keeps.'),
      })
      .optional()
      .describe('With --api or --resource-tag: the APIs selected of those found; report.apis lists the selected ones.'),
    notListed: z
      .boolean()
      .optional()
      .describe('True when the API lists were not collected (no selected check reads them): report.apis is empty for that reason.'),
    collectedFor: z
      .array(z.string())
      .optional()
      .describe('The snapshot was collected for these checks only: any other check reports ERROR (NotSelected) for what it was not given.'),
    collectionErrorsLeftOut: count
      .optional()
      .describe('Collection errors in parts of the snapshot no check that ran needs: not listed in collectionErrors.'),
  })
  .meta({ id: 'Selection' });

export type SelectionRecord = z.infer<typeof selectionRecordSchema>;
