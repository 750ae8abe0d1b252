/**
 * A table-driven check tester in the spirit of ESLint's RuleTester: typed cases, at least one
 * PASS and one FAIL, frozen inputs (a check that mutates the inventory throws), and assertions
 * on statuses, message ids and evidence rather than prose. Every result about an evaluated
 * resource must have one of the check's declared `resourceTypes`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnyCheck } from '../../src/engine/define.js';
import { ALL_EVIDENCE_ITEMS } from '../../src/engine/evidence-bounds.js';
import { runChecks } from '../../src/engine/runner.js';
import { INVENTORY_PARTS, withEnclosingParts, withoutParts } from '../../src/inventory/parts.js';
import type { CheckResult, Status } from '../../src/engine/types.js';
import type { Inventory } from '../../src/inventory/schema.js';
import { InventoryView } from '../../src/inventory/view.js';

export interface Expected {
  status: Status;
  messageId?: string;
  /** Keys that must be present in the evidence with these exact (deep-equal) values. */
  evidence?: Record<string, unknown>;
  /** The result's resource name, e.g. `api-a1/prod`. */
  resource?: string;
}

export interface Case {
  name: string;
  inventory: Inventory;
  /** The check's options for this case, as a user would give them in a config file (validated). */
  options?: Record<string, unknown>;
  /** The results, in order; the count must match too. */
  expect: Expected[];
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Results the engine makes for a list it could not read (about the API or region holding it). */
function selectionGapArns(check: AnyCheck, inventory: Inventory): Set<string> {
  return new Set(check.select(new InventoryView(inventory)).gaps.map((gap) => gap.ref.arn));
}

/** Every result about an evaluated resource has one of the check's declared resource types. */
function assertDeclaredType(check: AnyCheck, result: CheckResult, gapArns: ReadonlySet<string>, label: string): void {
  if (result.messageId === 'collection-gap' && gapArns.has(result.resource.arn)) return;
  assert.ok(
    check.resourceTypes.includes(result.resource.type),
    `${label}: resource type ${result.resource.type} (${result.resource.name}) is not among the declared resourceTypes ${check.resourceTypes.join(', ')}`,
  );
}

export function evaluate(check: AnyCheck, inventory: Inventory, options?: Record<string, unknown>): CheckResult[] {
  // Every list item the check found, whatever the result's status: the tables pin the check's evidence, not the report's bound.
  return runChecks([check], deepFreeze(structuredClone(inventory)), {
    evidenceItems: ALL_EVIDENCE_ITEMS,
    ...(options === undefined ? {} : { checkOptions: { [check.id]: options } }),
  });
}

/**
 * Two cases with the same name, or the same input (inventory and options), test nothing new and
 * usually hide a copy-paste mistake (as ESLint's RuleTester rejects duplicate cases).
 */
export function duplicateCases(cases: readonly Case[]): string[] {
  const problems: string[] = [];
  const names = new Map<string, number>();
  const inputs = new Map<string, string>();
  for (const testCase of cases) {
    names.set(testCase.name, (names.get(testCase.name) ?? 0) + 1);
    const input = JSON.stringify([testCase.inventory, testCase.options ?? null]);
    const earlier = inputs.get(input);
    if (earlier !== undefined) problems.push(`'${testCase.name}' has the same inventory and options as '${earlier}'`);
    else inputs.set(input, testCase.name);
  }
  for (const [name, count] of names) if (count > 1) problems.push(`${count} cases are named '${name}'`);
  return problems;
}

/**
 * Every `{key}` of the result's template must be filled. Judged on the template rather than the
 * rendered text, since evidence itself may hold braces (`DELETE /pets/{id}`).
 */
function assertPlaceholdersFilled(check: AnyCheck, result: CheckResult, label: string): void {
  const template = (check.messages as Record<string, string>)[result.messageId];
  if (template === undefined) {
    // A built-in message (collection-gap, invalid-data, check-error), filled from the error.
    assert.doesNotMatch(result.message, /\{\w+\}/, `${label}: message has an unfilled placeholder: ${result.message}`);
    return;
  }
  for (const [, key] of template.matchAll(/\{(\w+)\}/g)) {
    assert.ok(key! in result.evidence, `${label}: message placeholder {${key}} has no evidence: ${result.message}`);
  }
}

function assertMatches(check: AnyCheck, result: CheckResult, expected: Expected, label: string): void {
  assert.equal(result.status, expected.status, `${label}: status (message: ${result.message})`);
  if (result.status === 'ERROR' && expected.status === 'ERROR') {
    assert.ok(result.error, `${label}: an ERROR carries its reason`);
  }
  assert.notEqual(result.messageId, 'check-error', `${label}: the check threw: ${result.message}`);
  if (expected.messageId !== undefined) assert.equal(result.messageId, expected.messageId, `${label}: messageId`);
  if (expected.resource !== undefined) assert.equal(result.resource.name, expected.resource, `${label}: resource`);
  for (const [key, value] of Object.entries(expected.evidence ?? {})) {
    assert.deepEqual(result.evidence[key], value, `${label}: evidence.${key}`);
  }
  assertPlaceholdersFilled(check, result, label);
}

/**
 * The check's `reads` is true for this case: with every part it does not declare left out (as a
 * collection for that check alone leaves them), it gives the same results.
 */
function assertReadsDeclared(check: AnyCheck, testCase: Case, results: readonly CheckResult[]): void {
  const declared = new Set(withEnclosingParts(check.reads ?? INVENTORY_PARTS));
  const undeclared = INVENTORY_PARTS.filter((part) => !declared.has(part));
  const partial = evaluate(check, withoutParts(testCase.inventory, undeclared), testCase.options);
  assert.deepEqual(partial, results, `${check.id} reads a part of the inventory its \`reads\` does not declare`);
}

export function testCheck(check: AnyCheck, cases: Case[]): void {
  describe(`check ${check.id}`, () => {
    it('has at least one PASS and one FAIL case', () => {
      const statuses = new Set(cases.flatMap((c) => c.expect.map((e) => e.status)));
      assert.ok(statuses.has('PASS'), 'no PASS case');
      assert.ok(statuses.has('FAIL'), 'no FAIL case');
    });
    it('has no duplicate cases', () => {
      assert.deepEqual(duplicateCases(cases), []);
    });
    for (const testCase of cases) {
      it(testCase.name, () => {
        const results = evaluate(check, testCase.inventory, testCase.options);
        const gapArns = selectionGapArns(check, testCase.inventory);
        results.forEach((result, i) => assertDeclaredType(check, result, gapArns, `result ${i}`));
        assert.equal(
          results.length,
          testCase.expect.length,
          `result count; got ${JSON.stringify(results.map((r) => [r.status, r.resource.name, r.message]))}`,
        );
        testCase.expect.forEach((expected, i) => assertMatches(check, results[i]!, expected, `result ${i}`));
        assertReadsDeclared(check, testCase, results);
      });
    }
  });
}
