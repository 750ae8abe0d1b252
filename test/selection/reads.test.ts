/**
 * Every check's `reads` is true: run on an inventory whose every part the check does not declare
 * is replaced by `NotSelected` slots (what a collection for that check alone leaves), it gives
 * the results the full inventory gives. An under-declared check fails here. Run on the demo
 * account and on a generated account (bench/generate.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allChecks } from '../../checks/index.js';
import { generateAccount, SHAPES } from '../../bench/generate.js';
import { collectionPlan, partsReadBy } from '../../src/collect/plan.js';
import type { AnyCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import { parseInventory } from '../../src/inventory/io.js';
import { INVENTORY_PARTS, NOT_SELECTED, withEnclosingParts, withoutParts, type InventoryPart } from '../../src/inventory/parts.js';
import type { Inventory } from '../../src/inventory/schema.js';

const demo = parseInventory(JSON.parse(readFileSync(new URL('../../examples/demo-inventory.json', import.meta.url), 'utf8')) as unknown, 'demo');
const inventories: [string, Inventory][] = [
  ['the demo account', demo],
  ['a generated small account', generateAccount(SHAPES.small, 7)],
];

function undeclared(check: Pick<AnyCheck, 'reads'>): InventoryPart[] {
  const declared = new Set(withEnclosingParts(check.reads ?? INVENTORY_PARTS));
  return INVENTORY_PARTS.filter((part) => !declared.has(part));
}

describe("each check's reads", () => {
  it('is declared by every check', () => {
    assert.deepEqual(allChecks.filter((check) => !check.reads?.length).map((check) => check.id), []);
  });

  for (const [name, inventory] of inventories) {
    it(`is true on ${name}: without the parts it does not declare, every check gives the same results`, () => {
      const wrong: string[] = [];
      for (const check of allChecks) {
        const full = runChecks([check], inventory);
        const partial = runChecks([check], withoutParts(inventory, undeclared(check)));
        if (JSON.stringify(partial) !== JSON.stringify(full)) wrong.push(check.id);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('catches an under-declared check: without web-acls, rest-stage-waf gives other results', () => {
    const check = allChecks.find((c) => c.id === 'rest-stage-waf')!;
    const underDeclared = { ...check, reads: check.reads!.filter((part) => part !== 'web-acls') };
    assert.notDeepEqual(runChecks([check], withoutParts(demo, undeclared(underDeclared))), runChecks([check], demo));
  });

  it('makes a check that reads a part left out report ERROR (NotSelected), never PASS', () => {
    const check = allChecks.find((c) => c.id === 'account-cloudtrail')!;
    const results = runChecks([check], withoutParts(demo, ['trails']));
    assert.ok(results.length > 0);
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['ERROR']));
    assert.ok(results.every((r) => r.error?.kind === 'collection-gap' && r.message.includes(NOT_SELECTED)));
  });

  it('covers every part: a run of every check collects everything', () => {
    assert.deepEqual([...collectionPlan(partsReadBy(allChecks))], [...INVENTORY_PARTS]);
  });
});
