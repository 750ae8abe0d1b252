/**
 * The organisation's compliance roll-up, folded one account at a time: the same figures as
 * `rollUpCompliance` over every merged account's results and checks (compliance.ts), without
 * holding the results.
 *
 * The roll-up counts each resource (its account and ARN) once per requirement, under its worst
 * state among the requirement's checks. What a resource contributes therefore depends only on
 * its worst state under each check it has results for (its *signature*), and on which checks the
 * requirement lists, which is known only once every account's checks are (a check given by
 * several tool versions maps to the union of their mappings). So an account keeps:
 * - for each signature, how many of its own resources have it; resources of API Gateway (whose
 *   ARNs name no account) are always the scanned account's own and appear in no other report;
 * - the signature of each other resource by its key: a KMS key or Lambda function of another
 *   account, named in several accounts' reports, must be counted once, under its worst state.
 */
import { REQUIREMENT_STATUSES, STATE_ORDER, requirementStatus, resultState, rollUpCompliance, type Compliance, type RequirementStatus, type ResourceCounts, type RollUpCheck, type RollUpResult } from './compliance.js';


/** One account's part of the roll-up. */
export interface ComplianceFacts {
  checks: RollUpCheck[];
  /** Own resources that appear in no other report, counted by signature. */
  local: Map<string, number>;
  /** Every other resource: `account \0 ARN` → check id → its worst state under that check (an index in STATE_ORDER). */
  shared: Map<string, Map<string, number>>;
}

/** The account field of an ARN (`arn:partition:service:region:account:…`); empty for API Gateway's. */
function arnAccount(arn: string): string {
  return arn.split(':', 5)[4] ?? '';
}

/** `check \u0001 state` pairs by check id, one string per distinct set. */
function signatureOf(states: ReadonlyMap<string, number>): string {
  return [...states]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([checkId, state]) => `${checkId}\u0001${state}`)
    .join('\u0002');
}

function parseSignature(signature: string): [string, number][] {
  if (signature === '') return [];
  return signature.split('\u0002').map((pair) => {
    const [checkId, state] = pair.split('\u0001') as [string, string];
    return [checkId, Number(state)];
  });
}

/** One account's results and checks, reduced to what the organisation's roll-up needs. */
export function complianceFacts(report: { scan: { account: string }; results: readonly RollUpResult[]; checks: readonly RollUpCheck[] }): ComplianceFacts {
  const byResource = new Map<string, Map<string, number>>();
  for (const result of report.results) {
    const key = `${result.resource.account}\u0000${result.resource.arn}`;
    let states = byResource.get(key);
    if (!states) {
      states = new Map();
      byResource.set(key, states);
    }
    const state = resultState(result);
    const before = states.get(result.checkId);
    if (before === undefined || state < before) states.set(result.checkId, state);
  }
  const local = new Map<string, number>();
  const shared = new Map<string, Map<string, number>>();
  const own = `${report.scan.account}\u0000`;
  for (const [key, states] of byResource) {
    const isLocal = key.startsWith(own) && arnAccount(key.slice(own.length)) === '';
    if (isLocal) {
      const signature = signatureOf(states);
      local.set(signature, (local.get(signature) ?? 0) + 1);
    } else {
      shared.set(key, states);
    }
  }
  return { checks: report.checks.map((check) => ({ id: check.id, mappings: check.mappings })), local, shared };
}

/** The roll-up of the accounts' facts, as `rollUpCompliance` over all their results and checks would make it. */
export function rollUpComplianceFacts(accounts: readonly ComplianceFacts[]): Compliance {
  const signatures = new Map<string, number>();
  const add = (signature: string, n: number) => signatures.set(signature, (signatures.get(signature) ?? 0) + n);
  const shared = new Map<string, Map<string, number>>();
  for (const facts of accounts) {
    for (const [signature, n] of facts.local) add(signature, n);
    for (const [key, states] of facts.shared) {
      const known = shared.get(key);
      if (!known) {
        shared.set(key, new Map(states));
        continue;
      }
      for (const [checkId, state] of states) {
        const before = known.get(checkId);
        if (before === undefined || state < before) known.set(checkId, state);
      }
    }
  }
  for (const states of shared.values()) add(signatureOf(states), 1);
  const parsed = [...signatures].map(([signature, n]) => ({ pairs: parseSignature(signature), n }));

  // Which checks each requirement lists (the union of the accounts' mappings), as compliance.ts decides it.
  const shape = rollUpCompliance(
    [],
    accounts.flatMap((facts) => facts.checks),
  );
  return {
    frameworks: shape.frameworks.map((framework) => {
      const summary = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<RequirementStatus, number>;
      const requirements = framework.requirements.map((requirement) => {
        const checks = new Set(requirement.checks);
        const resources: ResourceCounts = { failing: 0, notEvaluated: 0, muted: 0, passing: 0, notApplicable: 0 };
        if (checks.size > 0) {
          for (const { pairs, n } of parsed) {
            let worst = Infinity;
            for (const [checkId, state] of pairs) if (state < worst && checks.has(checkId)) worst = state;
            if (worst !== Infinity) resources[STATE_ORDER[worst]!] += n;
          }
        }
        const status = requirementStatus(resources);
        summary[status] += 1;
        return { ...requirement, status, resources };
      });
      return { ...framework, requirements, summary };
    }),
  };
}
