import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCheck } from '../../src/engine/define.js';
import { runChecks } from '../../src/engine/runner.js';
import type { RestApiEntity } from '../../src/inventory/view.js';
import { restApi, withRestApis } from '../fixtures/builders.js';

describe('runner', () => {
  const base = {
    title: 'test check',
    severity: 'high' as const,
    resourceType: 'rest-api' as const,
    rationale: 'r',
    remediation: { text: 't' },
    mappings: {},
  };

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
});
