import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgedOnOf, servedParts } from '../../src/analysis/stage-serves.js';
import { restDraftConfig } from '../../src/analysis/deployed.js';
import { ok, resource, restApi, stage } from '../fixtures/builders.js';

describe('servedParts and judgedOnOf: one frozen list per stage, pinned against a fresh read', () => {
  const api = restApi({ resources: [resource('/a', { GET: {} })] });
  const canaried = stage({ stageName: 'prod', canarySettings: { deploymentId: 'dep2', stageVariableOverrides: { v: '2' } }, variables: { v: '1' } });

  it('the same stage of the same API reads the same frozen parts and judgedOn list', () => {
    const parts = servedParts(api, canaried);
    assert.equal(servedParts(api, canaried), parts);
    assert.ok(Object.isFrozen(parts));
    const judgedOn = judgedOnOf(parts);
    assert.equal(judgedOnOf(servedParts(api, canaried)), judgedOn);
    assert.ok(Object.isFrozen(judgedOn));
    assert.deepEqual(judgedOn, ['deployment dep1 (stage prod)', 'deployment dep2 (canary of stage prod)']);
    assert.deepEqual(parts[1]!.variables, { v: '2' });
  });

  it('replaced deployments, or another API, read the stage afresh', () => {
    const parts = servedParts(api, canaried);
    assert.equal(parts[1]!.deployment.ok, false, 'dep2 is not in the snapshot');
    const draft = restDraftConfig(api, 'dep2');
    assert.ok(draft.ok);
    const redeployed = { ...api, deployments: { ...api.deployments, dep2: ok(draft.value) } };
    const again = servedParts(redeployed, canaried);
    assert.notEqual(again, parts);
    assert.equal(again[1]!.deployment.ok, true);
    const other = { ...redeployed, arn: 'arn:aws:apigateway:eu-west-1::/restapis/other' };
    const elsewhere = servedParts(other, stage({ stageName: 'prod', deploymentId: 'missing' }));
    assert.ok(!elsewhere[0]!.deployment.ok && elsewhere[0]!.deployment.error.resource.startsWith(other.arn));
    const sameStage = servedParts(other, canaried);
    assert.notEqual(sameStage, again);
  });
});
