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
export const STATE_ORDER: readonly ResourceState[] = ['failing', 'notEvaluated', 'muted', 'passing', 'notApplicable'];

function isMuted(result: RollUpResult): boolean {
  if (!('muted' in result)) return false;
  const muted = (result as { muted?: unknown }).muted;
  return typeof muted === 'object' && muted !== null;
}

/** A result's state, as an index in STATE_ORDER (lower is worse). */
export function resultState(result: RollUpResult): number {
  switch (result.status) {
    case 'FAIL':
      return isMuted(result) ? 2 : 0;
    case 'ERROR':
      return 1;
    case 'PASS':
      return 3;
    case 'NOT_APPLICABLE':
      return 4;
  }
}

/** A requirement's status from its resources' counts. */
export function requirementStatus(counts: ResourceCounts): RequirementStatus {
  if (counts.failing > 0) return 'FAIL';
  if (counts.notEvaluated > 0) return 'UNKNOWN';
  if (counts.passing + counts.muted > 0) return 'PASS';
  return 'NOT_APPLICABLE';
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The state of a resource a check has no result for: after every state of STATE_ORDER. */
const NONE = 5;

/**
 * Each check's resources under their worst state for that check, found in two passes over the
 * results: a requirement's roll-up then merges the states of its checks, and requirements that
 * list the same checks share one count. A resource is a number here: its ARN within its account
 * (API Gateway ARNs, `…::/restapis/<id>`, and AWS-managed policy ARNs name no account, and the
 * organisation report rolls up several), looked up once per resource object.
 */
class ResourceStates {
  /** Per check id: resource number → worst state (index in STATE_ORDER), `NONE` where the check has no result. */
  private readonly byCheck = new Map<string, Uint8Array>();
  private readonly resources: number;
  private readonly counted = new Map<string, ResourceCounts>();

  constructor(results: readonly RollUpResult[], checkIds: ReadonlySet<string>) {
    const [resourceOf, checkOf, stateOf] = [new Int32Array(results.length), new Int32Array(results.length), new Uint8Array(results.length)];
    const checks: string[] = [];
    const checkNumbers = new Map<string, number>();
    // Resource numbers by account, then ARN: no key text is made per resource.
    const byAccount = new Map<string, Map<string, number>>();
    let resources = 0;
    const byObject = new Map<object, number>();
    let [lastCheck, lastCheckNumber] = [undefined as string | undefined, -1];
    for (let i = 0; i < results.length; i++) {
      const { checkId, resource } = results[i]!;
      // Results of one check usually follow one another.
      if (checkId !== lastCheck) {
        lastCheck = checkId;
        let number = checkNumbers.get(checkId);
        if (number === undefined) {
          number = checkIds.has(checkId) ? checks.push(checkId) - 1 : -1;
          checkNumbers.set(checkId, number);
        }
        lastCheckNumber = number;
      }
      checkOf[i] = lastCheckNumber;
      if (lastCheckNumber < 0) continue;
      let number = byObject.get(resource);
      if (number === undefined) {
        let byArn = byAccount.get(resource.account);
        if (byArn === undefined) byAccount.set(resource.account, (byArn = new Map()));
        number = byArn.get(resource.arn);
        if (number === undefined) byArn.set(resource.arn, (number = resources++));
        byObject.set(resource, number);
      }
      resourceOf[i] = number;
      stateOf[i] = resultState(results[i]!);
    }
    this.resources = resources;
    const states = checks.map(() => new Uint8Array(this.resources).fill(NONE));
    for (let i = 0; i < results.length; i++) {
      const check = checkOf[i]!;
      if (check < 0) continue;
      const state = stateOf[i]!;
      const of = states[check]!;
      if (state < of[resourceOf[i]!]!) of[resourceOf[i]!] = state;
    }
    checks.forEach((checkId, i) => this.byCheck.set(checkId, states[i]!));
  }

  /** How many resources count under each state for these checks: each resource once, under its worst state. */
  countsOf(checkIds: readonly string[]): ResourceCounts {
    const key = checkIds.join('\u0000');
    let counts = this.counted.get(key);
    if (counts === undefined) this.counted.set(key, (counts = this.count(checkIds)));
    return { ...counts };
  }

  private count(checkIds: readonly string[]): ResourceCounts {
    const tally = [0, 0, 0, 0, 0, 0];
    const arrays = checkIds.flatMap((id) => this.byCheck.get(id) ?? []);
    // Indexed loops: `for…of` over a typed array makes an iterator result per resource until optimised.
    if (arrays.length === 1) {
      const states = arrays[0]!;
      for (let resource = 0; resource < states.length; resource++) tally[states[resource]!]! += 1;
    } else if (arrays.length > 1) {
      const worst = new Uint8Array(this.resources).fill(NONE);
      for (const states of arrays) {
        for (let resource = 0; resource < states.length; resource++) if (states[resource]! < worst[resource]!) worst[resource] = states[resource]!;
      }
      for (let resource = 0; resource < worst.length; resource++) tally[worst[resource]!]! += 1;
    }
    return { failing: tally[0]!, notEvaluated: tally[1]!, muted: tally[2]!, passing: tally[3]!, notApplicable: tally[4]! };
  }
}

function rollUpFramework(framework: KnownFramework, checks: readonly RollUpCheck[], states: ResourceStates): FrameworkRollUp {
  const summary = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<RequirementStatus, number>;
  const requirements = framework.requirements.map((requirement): RequirementRollUp => {
    const checkIds = checks
      .filter((check) => mappedIds(check.mappings, framework).includes(requirement.id))
      .map((check) => check.id)
      .sort(compareText);
    const resources = states.countsOf(checkIds);
    const status = requirementStatus(resources);
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
  const states = new ResourceStates(results, new Set(byId.keys()));
  const unique = [...byId.values()];
  return { frameworks: FRAMEWORKS.map((framework) => rollUpFramework(framework, unique, states)) };
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
