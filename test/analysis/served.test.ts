import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restServedViews, splitMethods, viewMethods } from '../../src/analysis/served.js';
import { resource, restApi, stage } from '../fixtures/builders.js';

describe('the methods a deployment serves, split for judging', () => {
  const api = restApi({
    resources: [resource('/orders', { GET: { authorizationType: 'NONE' }, POST: { authorizationType: 'AWS_IAM' } })],
    stages: [stage({ stageName: 'beta' }), stage({ stageName: 'prod' })],
  });
  const [beta, prod] = restServedViews(api, api.stages.ok ? api.stages.value : []);

  it('is split once per deployment: every stage and check serving it shares the same lists', () => {
    assert.ok(beta?.config.ok && prod?.config.ok);
    assert.equal(beta.config.value, prod.config.value, 'both stages serve deployment dep1');
    const [b, p] = [viewMethods(beta, beta.config.value), viewMethods(prod, prod.config.value)];
    assert.equal(b.judged, p.judged);
    assert.equal(b.open, p.open);
    assert.equal(splitMethods(beta.config.value), splitMethods(prod.config.value));
    assert.deepEqual(b.open.map((m) => m.label), ['GET /orders']);
    assert.deepEqual([b.source, p.source], ['the export of stage beta (deployment dep1)', 'the export of stage prod (deployment dep1)']);
  });

  it('shares lists no reader can change', () => {
    assert.ok(beta?.config.ok);
    const { judged, open } = viewMethods(beta, beta.config.value);
    assert.ok(Object.isFrozen(judged) && Object.isFrozen(open));
  });
});
