/** CheckRunMemo: a check's memo lives for that check's run, not for the rest of the evaluation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckRunMemo, forgetCheckRunMemos } from '../../src/engine/check-run-memo.js';
import { defineCheck } from '../../src/engine/define.js';
import { runCheck, runChecks } from '../../src/engine/runner.js';
import { InventoryView, type RestApiEntity } from '../../src/inventory/view.js';
import { restApi, withRestApis } from '../fixtures/builders.js';
import { TEST_CHECK_META } from '../fixtures/test-check.js';

const base = { ...TEST_CHECK_META, messages: { ok: 'fine' } };

describe('CheckRunMemo', () => {
  it('makes a value once per key until the memos are forgotten, then again', () => {
    const memo = new CheckRunMemo<object, number>();
    const key = {};
    let made = 0;
    const make = () => ++made;
    assert.equal(memo.of(key, make), 1);
    assert.equal(memo.of(key, make), 1);
    assert.equal(memo.of({}, make), 2, 'another key, another value');
    forgetCheckRunMemos();
    assert.equal(memo.of(key, make), 3);
  });

  it('takes values set by hand, as a WeakMap does, and forgets them too', () => {
    const memo = new CheckRunMemo<object, string>();
    const key = {};
    assert.equal(memo.get(key), undefined);
    memo.set(key, 'compared');
    assert.equal(memo.get(key), 'compared');
    assert.equal(memo.of(key, () => 'made'), 'compared');
    forgetCheckRunMemos();
    assert.equal(memo.get(key), undefined);
  });

  it('keeps null and undefined values as made (a memo of "nothing to list")', () => {
    const memo = new CheckRunMemo<object, null | undefined>();
    const key = {};
    let made = 0;
    memo.of(key, () => (made++, null));
    memo.of(key, () => (made++, null));
    const other = {};
    memo.of(other, () => (made++, undefined));
    memo.of(other, () => (made++, undefined));
    assert.equal(made, 2);
  });

  it('serves every target of one run of a check, and is empty again for the next check and the next run', () => {
    const shared = {};
    const memo = new CheckRunMemo<object, number>();
    let made = 0;
    const checkNamed = (id: string) =>
      defineCheck<RestApiEntity, 'ok'>({
        ...base,
        id,
        select: (view) => view.restApis(),
        evaluate: (_api, outcome) => outcome.pass('ok', { made: memo.of(shared, () => ++made) }),
      });
    const inventory = withRestApis(restApi({ id: 'aaaaaaaaaa' }), restApi({ id: 'bbbbbbbbbb' }), restApi({ id: 'cccccccccc' }));
    const results = runChecks([checkNamed('first'), checkNamed('second')], inventory);
    assert.deepEqual(results.map((r) => r.evidence.made), [1, 1, 1, 2, 2, 2]);
    runChecks([checkNamed('first')], inventory);
    assert.equal(made, 3);
  });

  it('is emptied when a check fails to select its targets', () => {
    const shared = {};
    const memo = new CheckRunMemo<object, number>();
    let made = 0;
    const failing = defineCheck<RestApiEntity, 'ok'>({
      ...base,
      id: 'select-throws',
      select: () => {
        memo.of(shared, () => ++made);
        throw new Error('boom');
      },
      evaluate: (_api, outcome) => outcome.pass('ok'),
    });
    const view = new InventoryView(withRestApis(restApi({ id: 'aaaaaaaaaa' })));
    assert.equal(runCheck(failing, view)[0]!.status, 'ERROR');
    memo.of(shared, () => ++made);
    assert.equal(made, 2);
  });
});
