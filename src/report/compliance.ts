/**
 * The roll-up by compliance framework: per requirement of each framework (src/model/frameworks),
 * the checks that map to it and how many resources pass, fail or could not be evaluated, computed
 * from a report's results and its checks' `mappings`. A pure function of them, so the account
 * report and the organisation report (over every account's results) roll up the same way.
 *
 * Resources are counted, not results: a resource that fails two checks of a requirement is one
 * failing resource. Each resource counts once per requirement, under its worst state:
 * failing, then not evaluated (an ERROR may hide a failure), then muted (a failure accepted in a
 * mute rule), then passing, then not applicable.
 */
import { z } from 'zod';
import { FRAMEWORKS, mappedIds, type FrameworkId, type KnownFramework, type Mappings } from '../model/frameworks/index.js';
import type { Status } from '../model/results.js';

/** A requirement's status: FAIL when a resource fails it, UNKNOWN when none fails but some could not be evaluated. */
export const REQUIREMENT_STATUSES = ['FAIL', 'UNKNOWN', 'PASS', 'NOT_APPLICABLE'] as const;
export type RequirementStatus = (typeof REQUIREMENT_STATUSES)[number];

const count = z.number().int().nonnegative();

const resourceCountsSchema = z
  .object({
    failing: count.describe('Resources failing at least one of the checks (a muted failure aside).'),
    notEvaluated: count.describe('Resources none of the checks fails but one could not evaluate (ERROR).'),
    muted: count.describe('Resources whose only failures are muted.'),
    passing: count.describe('Resources that pass the checks that apply to them.'),
    notApplicable: count.describe('Resources none of the checks applies to.'),
  })
  .meta({ id: 'ComplianceResourceCounts' });

const requirementSchema = z
  .object({
    id: z.string(),
    title: z.string().optional(),
    status: z
      .enum(REQUIREMENT_STATUSES)
      .describe('FAIL if a resource fails; else UNKNOWN if one could not be evaluated; else PASS if one passes (or its failure is muted); else NOT_APPLICABLE.'),
    checks: z.array(z.string()).describe('The checks that ran and map to the requirement; none when no check evaluates it.'),
    resources: resourceCountsSchema,
  })
  .meta({ id: 'ComplianceRequirement' });

const frameworkRollUpSchema = z
  .object({
    id: z.string().describe('The framework id, as in the checks’ mappings.'),
    title: z.string(),
    requirements: z.array(requirementSchema).describe('Every requirement of the framework, in its order.'),
    summary: z.object(Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, count])) as Record<RequirementStatus, typeof count>),
  })
  .meta({ id: 'ComplianceFramework' });

export const complianceSchema = z
  .object({
    focus: z.string().optional().describe('The framework asked for with --compliance: listed first, and shown first in the HTML report.'),
    frameworks: z.array(frameworkRollUpSchema),
  })
  .describe('The results rolled up by compliance framework and requirement.')
  .meta({ id: 'Compliance' });

export type Compliance = z.infer<typeof complianceSchema>;
export type FrameworkRollUp = z.infer<typeof frameworkRollUpSchema>;
export type RequirementRollUp = z.infer<typeof requirementSchema>;
export type ResourceCounts = z.infer<typeof resourceCountsSchema>;

/** What the roll-up reads of a result; a `muted` object may be present (mute rules). */
export interface RollUpResult {
  checkId: string;
  status: Status;
  resource: { arn: string; account: string };
}

/** What the roll-up reads of a check. */
export interface RollUpCheck {
  id: string;
  mappings: Mappings;
}

type ResourceState = keyof ResourceCounts;

/** Worst first: the state a resource counts under when its checks disagree. */
const STATE_ORDER: readonly ResourceState[] = ['failing', 'notEvaluated', 'muted', 'passing', 'notApplicable'];

function isMuted(result: RollUpResult): boolean {
  if (!('muted' in result)) return false;
  const muted = (result as { muted?: unknown }).muted;
  return typeof muted === 'object' && muted !== null;
}

function stateOf(result: RollUpResult): ResourceState {
  switch (result.status) {
    case 'FAIL':
      return isMuted(result) ? 'muted' : 'failing';
    case 'ERROR':
      return 'notEvaluated';
    case 'PASS':
      return 'passing';
    case 'NOT_APPLICABLE':
      return 'notApplicable';
  }
}

function worse(a: ResourceState, b: ResourceState): ResourceState {
  return STATE_ORDER.indexOf(a) <= STATE_ORDER.indexOf(b) ? a : b;
}

/**
 * A resource is its ARN within its account: API Gateway ARNs (`…::/restapis/<id>`) and AWS-managed
 * policy ARNs name no account, and the organisation report rolls up several.
 */
function resourceKey(result: RollUpResult): string {
  return `${result.resource.account}\u0000${result.resource.arn}`;
}

function statusOf(counts: ResourceCounts): RequirementStatus {
  if (counts.failing > 0) return 'FAIL';
  if (counts.notEvaluated > 0) return 'UNKNOWN';
  if (counts.passing + counts.muted > 0) return 'PASS';
  return 'NOT_APPLICABLE';
}

function zeroCounts(): ResourceCounts {
  return { failing: 0, notEvaluated: 0, muted: 0, passing: 0, notApplicable: 0 };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rollUpFramework(framework: KnownFramework, checks: readonly RollUpCheck[], resultsByCheck: ReadonlyMap<string, readonly RollUpResult[]>): FrameworkRollUp {
  const summary = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<RequirementStatus, number>;
  const requirements = framework.requirements.map((requirement): RequirementRollUp => {
    const checkIds = checks
      .filter((check) => mappedIds(check.mappings, framework).includes(requirement.id))
      .map((check) => check.id)
      .sort(compareText);
    const states = new Map<string, ResourceState>();
    for (const checkId of checkIds) {
      for (const result of resultsByCheck.get(checkId) ?? []) {
        const state = stateOf(result);
        const key = resourceKey(result);
        const before = states.get(key);
        states.set(key, before === undefined ? state : worse(before, state));
      }
    }
    const resources = zeroCounts();
    for (const state of states.values()) resources[state] += 1;
    const status = statusOf(resources);
    summary[status] += 1;
    return {
      id: requirement.id,
      ...(requirement.title === undefined ? {} : { title: requirement.title }),
      status,
      checks: checkIds,
      resources,
    };
  });
  return { id: framework.id, title: framework.title, requirements, summary };
}

/**
 * Every framework's roll-up, in `FRAMEWORKS` order. A check given twice (an organisation's
 * reports from different versions) maps to the union of its mappings.
 */
export function rollUpCompliance(results: readonly RollUpResult[], checks: readonly RollUpCheck[]): Compliance {
  const byId = new Map<string, RollUpCheck>();
  for (const check of checks) {
    const known = byId.get(check.id);
    byId.set(check.id, known === undefined ? check : { id: check.id, mappings: unionMappings(known.mappings, check.mappings) });
  }
  const resultsByCheck = new Map<string, RollUpResult[]>();
  for (const result of results) {
    const list = resultsByCheck.get(result.checkId) ?? [];
    list.push(result);
    resultsByCheck.set(result.checkId, list);
  }
  const unique = [...byId.values()];
  return { frameworks: FRAMEWORKS.map((framework) => rollUpFramework(framework, unique, resultsByCheck)) };
}

function unionMappings(a: Mappings, b: Mappings): Mappings {
  const union: Mappings = {};
  for (const framework of FRAMEWORKS) {
    const ids = [...new Set([...mappedIds(a, framework), ...mappedIds(b, framework)])];
    if (ids.length > 0) union[framework.id] = ids;
  }
  return union;
}

export const FRAMEWORK_IDS: readonly FrameworkId[] = FRAMEWORKS.map((framework) => framework.id);

/** The framework id that `name` spells, ignoring case; undefined when there is none. */
export function frameworkIdOf(name: string): FrameworkId | undefined {
  return FRAMEWORK_IDS.find((id) => id.toLowerCase() === name.trim().toLowerCase());
}

/** The roll-up with `focus` set and that framework listed first; unchanged without a focus. */
export function focusCompliance(compliance: Compliance, focus: FrameworkId | undefined): Compliance {
  if (focus === undefined) return compliance;
  const chosen = compliance.frameworks.filter((framework) => framework.id === focus);
  const others = compliance.frameworks.filter((framework) => framework.id !== focus);
  return { focus, frameworks: [...chosen, ...others] };
}

/** A report (account or organisation) with its roll-up focused on one framework. */
export function withComplianceFocus<R extends { compliance?: Compliance | undefined }>(report: R, focus: FrameworkId | undefined): R {
  if (focus === undefined || report.compliance === undefined) return report;
  return { ...report, compliance: focusCompliance(report.compliance, focus) };
}

/** The focused framework's roll-up, if the report has one. */
export function focusedFramework(compliance: Compliance | undefined): FrameworkRollUp | undefined {
  if (compliance?.focus === undefined) return undefined;
  return compliance.frameworks.find((framework) => framework.id === compliance.focus);
}
