import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StagesRead, countedList } from '../../src/collect/stages-read.js';

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};
const noStages = { ok: true as const, value: [] };

describe('StagesRead', () => {
  it('settles once both families are listed and every listed API has its stages', async () => {
    const stages = new StagesRead();
    stages.listed('rest', 2);
    stages.restStages({ id: 'a1', name: 'orders', arn: 'arn:a1' }, noStages);
    stages.listed('v2', 1);
    stages.restStages({ id: 'b2', arn: 'arn:b2' }, noStages);
    assert.equal(await settled(stages.all), false, 'the v2 API has no stages yet');
    stages.v2Stages({ ApiId: 'h1', arn: 'arn:h1' }, { ok: false, error: { service: 'apigatewayv2', operation: 'GetStages', region: 'eu-west-1', resource: 'arn:h1', code: 'AccessDeniedException', message: 'no' } });
    const read = await stages.all;
    assert.deepEqual(read.rest.map((api) => api.id), ['a1', 'b2']);
    assert.equal(read.v2[0]?.stages.ok, false, 'a failed stage read counts as read');
  });

  it('a family listed empty (or failed, or not collected) waits for nothing', async () => {
    const stages = new StagesRead();
    stages.listed('rest', 0);
    assert.equal(await settled(stages.all), false, 'v2 not listed yet');
    await countedList(stages, 'v2', Promise.resolve({ ok: false as const, error: { service: 'apigatewayv2', operation: 'GetApis', region: 'eu-west-1', resource: 'eu-west-1', code: 'NotSelected', message: '' } }));
    assert.deepEqual(await stages.all, { rest: [], v2: [] });
  });

  it('refuses a family listed twice and stages of an API never listed', () => {
    const stages = new StagesRead();
    stages.listed('rest', 1);
    assert.throws(() => stages.listed('rest', 1), /listed twice/);
    assert.throws(() => stages.v2Stages({ ApiId: 'h1', arn: 'arn:h1' }, noStages), /not listed/);
    stages.restStages({ id: 'a1', arn: 'arn:a1' }, noStages);
    assert.throws(() => stages.restStages({ id: 'a2', arn: 'arn:a2' }, noStages), /not listed/);
  });
});
