/** The deploy template's job size, from the benchmark's figures: the rule, and the template holding its answer. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { MEASURED, jobSize } from '../../scripts/gen-deploy.js';

const figures = (overrides: Partial<Record<keyof typeof MEASURED, number>>) => ({ ...MEASURED, ...overrides }) as typeof MEASURED;

describe('deploy job sizing', () => {
  it('gives the memory of the whole 17-region scan (collection + what evaluation and reports add) with headroom, in Fargate steps', () => {
    const size = jobSize(figures({ scanLargePeakRssMiB: 500, collectLargePeakRssMiB: 200, collect17RegionsPeakRssMiB: 400, cpuMsPerCall: 1, calls17Regions: 1000, bound17RegionsSeconds: 100 }));
    // (400 + 300) MiB × 1.5 = 1,050 MiB (the bench measures MiB: no conversion); 0.015 vCPU × 1.5 →
    // the smallest size holding 1,050 MiB, in 0.25 vCPU's 512 MiB steps.
    assert.equal(size.neededMiB, 1050);
    assert.deepEqual({ vcpu: size.vcpu, memoryMiB: size.memoryMiB }, { vcpu: '0.25', memoryMiB: 1536 });
  });

  it('gives the vCPUs that keep pace with the rate limits, but no more than the one a Node process uses', () => {
    const half = jobSize(figures({ cpuMsPerCall: 2, calls17Regions: 10_000, bound17RegionsSeconds: 100 }));
    assert.ok(Math.abs(half.neededVcpu - 0.3) < 1e-9);
    assert.equal(half.vcpu, '0.5', 'the smallest with room for the memory');
    const busy = jobSize(figures({ cpuMsPerCall: 5, calls17Regions: 40_000, bound17RegionsSeconds: 50 }));
    assert.equal(busy.neededVcpu, 6);
    assert.equal(busy.vcpu, '1');
    assert.equal(busy.memoryMiB, 2048, "1 vCPU's smallest memory");
  });

  it('is what the scheduled template holds as its defaults (npm run gen)', () => {
    const template = JSON.parse(readFileSync(new URL('../../deploy/apiposture-scheduled.template.json', import.meta.url), 'utf8')) as {
      Parameters: Record<string, { Default?: string }>;
    };
    const size = jobSize();
    assert.equal(template.Parameters.JobVcpu!.Default, size.vcpu);
    assert.equal(template.Parameters.JobMemory!.Default, String(size.memoryMiB));
  });
});
