import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import { InputError } from '../../src/errors.js';
import { z } from 'zod';
import { describeOptions } from '../../src/engine/define.js';
import type { RestApiEntity } from '../../src/inventory/view.js';
import { restApi, withRestApis } from '../fixtures/builders.js';
import { TEST_CHECK_META } from '../fixtures/test-check.js';

describe('runner', () => {
  const base = { ...TEST_CHECK_META, severity: 'high' as const };

  it('turns a check that throws on one target into an ERROR for that target only', () => {
    const check = defineCheck<RestApiEntity, 'ok'>({
      ...base,
      id: 'throws-on-b',
      messages: { ok: 'fine {name}' },
      select: (view) => view.restApis(),
      evaluate: ({ api }, outcome) => {
        if (api.id === 'bbbbbbbbbb') throw new Error('boom');
        return outcome.pass('ok', { name: api.name });
      },
    });
    const results = runChecks([check], withRestApis(restApi({ id: 'aaaaaaaaaa' }), restApi({ id: 'bbbbbbbbbb' })));
    assert.deepEqual(results.map((r) => r.status), ['PASS', 'ERROR']);
    assert.equal(results[0]!.message, 'fine api-aaaaaaaaaa');
    assert.deepEqual(results[1]!.error, { kind: 'check-error', message: 'boom' });
    assert.match(results[1]!.message, /The check failed: boom/);
  });

  it('calls betweenChecks once after each check it runs, and only those the selection keeps', () => {
    const seen: string[] = [];
    const checkNamed = (id: string) =>
      defineCheck<RestApiEntity, 'ok'>({
        ...base,
        id,
        messages: { ok: 'fine' },
        select: (view) => view.restApis(),
        evaluate: (_api, outcome) => {
          seen.push(id);
          return outcome.pass('ok', {});
        },
      });
    const checks = [checkNamed('first'), checkNamed('second'), checkNamed('left-out')];
    const selection = { checkIds: new Set(['first', 'second']), keepsResult: () => true };
    const results = runChecks(checks, withRestApis(restApi({ id: 'aaaaaaaaaa' }), restApi({ id: 'bbbbbbbbbb' })), {
      selection,
      betweenChecks: () => seen.push('between'),
    });
    assert.deepEqual(seen, ['first', 'first', 'between', 'second', 'second', 'between']);
    assert.equal(results.length, 4);
  });

  it('turns a failing selection into one ERROR per region', () => {
    const check = defineCheck<RestApiEntity, 'ok'>({
      ...base,
      id: 'bad-select',
      messages: { ok: 'ok' },
      select: () => {
        throw new Error('select failed');
      },
      evaluate: (_t, outcome) => outcome.pass('ok'),
    });
    const results = runChecks([check], withRestApis(restApi()));
    assert.equal(results.length, 1);
    assert.equal(results[0]!.status, 'ERROR');
    assert.equal(results[0]!.resource.type, 'account');
  });

  it('reports an unknown message id as a check error rather than rendering nothing', () => {
    const check = defineCheck<RestApiEntity, 'ok'>({
      ...base,
      id: 'bad-message',
      messages: { ok: 'ok' },
      select: (view) => view.restApis(),
      evaluate: () => ({ status: 'PASS', messageId: 'nope', evidence: {} }),
    });
    const [result] = runChecks([check], withRestApis(restApi()));
    assert.equal(result!.status, 'ERROR');
    assert.match(result!.message, /unknown message id 'nope'/);
  });

  describe('check options', () => {
    const check = defineCheck<RestApiEntity, 'short' | 'long', z.ZodObject<{ maxNameLength: z.ZodDefault<z.ZodNumber> }>>({
      ...base,
      id: 'name-length',
      options: z.object({ maxNameLength: z.number().int().positive().default(10).describe('longest acceptable name') }),
      messages: { short: 'short enough', long: 'longer than {max}' },
      select: (view) => view.restApis(),
      evaluate: ({ api }, outcome, _view, options) =>
        (api.name ?? '').length <= options.maxNameLength
          ? outcome.pass('short', { max: options.maxNameLength })
          : outcome.fail('long', { max: options.maxNameLength }),
    });
    const inventory = withRestApis(restApi({ name: 'a-fifteen-chars' }));

    it('uses the default when nothing is configured', () => {
      assert.equal(runChecks([check], inventory)[0]!.status, 'FAIL');
    });

    it('applies configured values', () => {
      const [result] = runChecks([check], inventory, { checkOptions: { 'name-length': { maxNameLength: 20 } } });
      assert.equal(result!.status, 'PASS');
      assert.deepEqual(result!.evidence, { max: 20 });
    });

    it('rejects wrong types, unknown option names and unknown checks with one-line InputErrors', () => {
      for (const checkOptions of [
        { 'name-length': { maxNameLength: 'twenty' } },
        { 'name-length': { maxNameLenght: 20 } },
        { 'no-such-check': {} },
      ]) {
        assert.throws(() => runChecks([check], inventory, { checkOptions }), (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        });
      }
    });

    it('documents options with type, default and description', () => {
      assert.deepEqual(describeOptions(check), [
        { name: 'maxNameLength', type: 'integer', default: 10, description: 'longest acceptable name' },
      ]);
    });
  });
});
