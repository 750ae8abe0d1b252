/**
 * Progress never calls a phase done while its list is still paging: the phase shows as under
 * way from its first page, and a region is not done before each of its lists has finished.
 */
import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { ProgressTracker } from '../../src/cli/progress.js';
import type { CollectProgress } from '../../src/collect/progress.js';
import { apigateway, apigatewayv2, collect, REGION, resetAws, restoreAws } from './mock-aws.js';

describe('progress while lists page', () => {
  beforeEach(resetAws);
  after(restoreAws);

  it('rest-apis and v2-apis are under way from their first page, done after their last', async () => {
    const timeline: string[] = [];
    const tracker = new ProgressTracker([REGION]);
    const seenWhilePaging: ReturnType<ProgressTracker['snapshot']>[] = [];
    const onProgress = (event: CollectProgress) => {
      tracker.onProgress(event);
      if (event.phase === 'rest-apis' || event.phase === 'v2-apis') timeline.push(`${event.phase} ${event.done}/${event.total}`);
    };
    apigateway.on(GetRestApisCommand).callsFake((input: { position?: string }) => {
      timeline.push(`GetRestApis page ${input.position ?? 1}`);
      seenWhilePaging.push(tracker.snapshot());
      return input.position ? { items: [] } : { items: [], position: '2' };
    });
    apigatewayv2.on(GetApisCommand).callsFake((input: { NextToken?: string }) => {
      timeline.push(`GetApis page ${input.NextToken ?? 1}`);
      return input.NextToken ? { Items: [] } : { Items: [], NextToken: '2' };
    });
    await collect({ onProgress });
    const rest = timeline.filter((t) => t.startsWith('rest-apis') || t.startsWith('GetRestApis'));
    assert.deepEqual(rest, ['rest-apis 0/1', 'GetRestApis page 1', 'GetRestApis page 2', 'rest-apis 0/0']);
    const v2 = timeline.filter((t) => t.startsWith('v2-apis') || t.startsWith('GetApis'));
    assert.deepEqual(v2, ['v2-apis 0/1', 'GetApis page 1', 'GetApis page 2', 'v2-apis 0/0']);
    for (const snapshot of seenWhilePaging) {
      assert.ok(snapshot.phasesDone < snapshot.phases, `a phase is still paging: ${JSON.stringify(snapshot)}`);
      assert.equal(snapshot.regionsDone, 0);
    }
    const end = tracker.snapshot();
    assert.equal(end.phasesDone, end.phases);
    assert.equal(end.regionsDone, 1);
  });

  it('a list that fails ends its phase (the region can finish)', async () => {
    apigateway.on(GetRestApisCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }));
    const tracker = new ProgressTracker([REGION]);
    await collect({ onProgress: tracker.onProgress });
    const end = tracker.snapshot();
    assert.equal(end.phasesDone, end.phases);
    assert.equal(end.regionsDone, 1);
  });
});
