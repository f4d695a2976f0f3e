import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decideConsumerCount, DEFAULT_SCALING_TUNING } from '../scaling-decision.js';
import type { ScalingInput, ScalingReason } from '../scaling-decision.js';

const base: ScalingInput = { depthHistory: [], consumers: 2, inFlight: 0, prefetch: 2, min: 1, max: 10 };

const cases: { name: string; input: Partial<ScalingInput>; target: number; reason: ScalingReason }[] = [
  { name: 'below min is raised to min', input: { consumers: 0, min: 2 }, target: 2, reason: 'below-min' },
  { name: 'above max is lowered to max', input: { consumers: 12, depthHistory: [500, 600] }, target: 10, reason: 'above-max' },
  { name: 'no sample yet holds', input: { depthHistory: [] }, target: 2, reason: 'warming-up' },
  { name: 'one backlog sample is not enough (hysteresis)', input: { depthHistory: [50] }, target: 2, reason: 'steady' },
  { name: 'a growing backlog grows by half, at least one', input: { depthHistory: [20, 40] }, target: 3, reason: 'backlog' },
  { name: 'a steady backlog grows', input: { depthHistory: [40, 40] }, target: 3, reason: 'backlog' },
  { name: 'growth of a large group is proportional', input: { consumers: 6, depthHistory: [100, 300] }, target: 9, reason: 'backlog' },
  { name: 'growth is capped by maxStep', input: { consumers: 30, max: 100, depthHistory: [100, 300] }, target: 38, reason: 'backlog' },
  { name: 'growth never passes max', input: { consumers: 9, depthHistory: [100, 300] }, target: 10, reason: 'backlog' },
  { name: 'at max with a backlog holds', input: { consumers: 10, depthHistory: [100, 300] }, target: 10, reason: 'at-max' },
  { name: 'a saturated pool gets no more consumers', input: { depthHistory: [100, 300], utilisation: 0.95 }, target: 2, reason: 'pool-saturated' },
  { name: 'a pool with headroom grows', input: { depthHistory: [100, 300], utilisation: 0.5 }, target: 3, reason: 'backlog' },
  { name: 'a backlog that clears soon is left alone', input: { depthHistory: [100, 40] }, target: 2, reason: 'draining' },
  { name: 'a backlog that drains too slowly still grows', input: { depthHistory: [1000, 990] }, target: 3, reason: 'backlog' },
  { name: 'an empty sample in the window blocks growth', input: { depthHistory: [0, 80] }, target: 2, reason: 'steady' },
  { name: 'two empty samples are not enough to shrink', input: { consumers: 4, depthHistory: [5, 0, 0] }, target: 4, reason: 'steady' },
  { name: 'three empty samples and idle shrink by a quarter, at least one', input: { consumers: 4, depthHistory: [0, 0, 0] }, target: 3, reason: 'idle' },
  { name: 'a large idle group shrinks proportionally', input: { consumers: 10, depthHistory: [0, 0, 0] }, target: 7, reason: 'idle' },
  { name: 'empty but busy (keeping up) holds', input: { consumers: 4, inFlight: 7, depthHistory: [0, 0, 0] }, target: 4, reason: 'steady' },
  { name: 'shrinking never passes min', input: { consumers: 3, min: 3, depthHistory: [0, 0, 0] }, target: 3, reason: 'at-min' },
  { name: 'only the newest samples count', input: { consumers: 4, depthHistory: [900, 900, 0, 0, 0] }, target: 3, reason: 'idle' },
];

describe('decideConsumerCount', () => {
  for (const c of cases) {
    test(c.name, () => {
      const d = decideConsumerCount({ ...base, ...c.input });
      assert.deepEqual(d, { target: c.target, reason: c.reason });
    });
  }

  test('the target is always within [min, max] for arbitrary inputs', () => {
    let seed = 12345;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 5000; i++) {
      const min = 1 + rnd(5);
      const max = min + rnd(20);
      const input: ScalingInput = {
        depthHistory: Array.from({ length: rnd(6) }, () => (rnd(3) === 0 ? 0 : rnd(1000))),
        consumers: rnd(30),
        inFlight: rnd(50),
        prefetch: 1 + rnd(8),
        utilisation: rnd(2) === 0 ? undefined : rnd(101) / 100,
        min,
        max,
      };
      const { target } = decideConsumerCount(input);
      assert.ok(target >= min && target <= max, `${JSON.stringify(input)} → ${target}`);
    }
  });

  test('tuning is honoured (act after one sample)', () => {
    const d = decideConsumerCount({ ...base, depthHistory: [50] }, { ...DEFAULT_SCALING_TUNING, upAfterSamples: 1 });
    assert.deepEqual(d, { target: 3, reason: 'backlog' });
  });
});
