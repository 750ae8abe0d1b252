/**
 * What changed since the previous run's report, as the report carries it (`report.changes`):
 * counted by change state, with the failures that are fixed or whose resource is gone. Computed by
 * src/changes from two reports; optional, so reports without it (or written before it) still parse.
 */
import { z } from 'zod';
import { SEVERITIES, STATUSES, resourceRefSchema } from '../model/results.js';

const count = z.number().int().nonnegative();

export const changeCountsSchema = z
  .object({
    new: count.describe('Failing now; no failing result with that id before (the resource may be new).'),
    regressed: count.describe('Failing now; passed before.'),
    'still-failing': count.describe('Failing now and before.'),
    fixed: count.describe('Failing before; passing or not applicable now, or the resource is gone (counted in `gone` too).'),
    gone: count.describe('Failing before; the resource (or the result) is no longer there, where this run looked.'),
    'newly-muted': count.describe('Muted now and not before.'),
  })
  .meta({ id: 'ChangeCounts' });
export type ChangeCounts = z.infer<typeof changeCountsSchema>;

export const fixedFindingSchema = z
  .object({
    id: z.string(),
    checkId: z.string(),
    severity: z.enum(SEVERITIES),
    resource: resourceRefSchema.describe('As this run saw it; as the previous run did when it is gone.'),
    message: z.string().describe("The previous run's message: what was wrong."),
    status: z.enum(STATUSES).optional().describe('Its status now; absent when it is gone.'),
    gone: z.boolean(),
  })
  .meta({ id: 'FixedFinding' });
export type FixedFinding = z.infer<typeof fixedFindingSchema>;

export const changesSchema = z
  .object({
    previous: z
      .object({
        source: z.string().describe('The file or s3:// object the previous report was read from.'),
        collectedAt: z.iso.datetime({ offset: true }),
        generatedAt: z.iso.datetime({ offset: true }),
      })
      .describe('The report this one is compared with.'),
    counts: changeCountsSchema,
    fixed: z.array(fixedFindingSchema).describe('The failures of the previous report that are fixed or gone, gravest first.'),
  })
  .meta({ id: 'Changes' });
export type Changes = z.infer<typeof changesSchema>;
