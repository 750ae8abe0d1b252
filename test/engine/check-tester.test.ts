/** The check tester itself: per-case options reach the check (validated), duplicate cases are refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import check from '../../checks/rest/rest-stage-throttling.js';
import { InputError } from '../../src/errors.js';
import { restApi, withRestApis } from '../fixtures/builders.js';
import { duplicateCases, evaluate, type Case } from '../checks/tester.js';

const inventory = withRestApis(restApi());

describe('check tester', () => {
  it('refuses cases with the same name, or the same inventory and options', () => {
    const cases: Case[] = [
      { name: 'a', inventory, expect: [] },
      { name: 'a', inventory: withRestApis(restApi({ id: 'bbbbbbbbbb' })), expect: [] },
      { name: 'c', inventory, expect: [] },
      { name: 'd', inventory, options: { maxAccountSharePercent: 10 }, expect: [] },
    ];
    assert.deepEqual(duplicateCases(cases), ["'c' has the same inventory and options as 'a'", "2 cases are named 'a'"]);
  });

  it('passes per-case options to the check, validated like a config file', () => {
    assert.deepEqual(duplicateCases([{ name: 'x', inventory, expect: [] }, { name: 'y', inventory, options: { maxAccountSharePercent: 10 }, expect: [] }]), []);
    assert.throws(() => evaluate(check, inventory, { maxAccountSharePercent: 'lots' }), InputError);
    assert.throws(() => evaluate(check, inventory, { unknownOption: 1 }), InputError);
    assert.equal(evaluate(check, inventory, { maxAccountSharePercent: 10 }).length, evaluate(check, inventory).length);
  });
});
