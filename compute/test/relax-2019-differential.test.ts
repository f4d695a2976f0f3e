/**
 * akatsuki-rx-2019: the WASM build and the plain-TypeScript reference agree bit for bit on
 * synthetic maps that exercise what the single real test map does not: catmull sliders,
 * old-format red anchors, perfect circles that degrade to bezier or linear, repeats, green lines
 * (incl. NaN = no ticks), file versions < 8, spinners, CS/AR/OD extremes and every mod that
 * matters. Deterministic (seeded), so a failure is reproducible.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PpInputError, type ScoreParams } from '../pp/calculator.js';
import { akatsukiRelax2019 } from '../pp/akatsuki-rx-2019/calculator.js';
import { calculateReference } from '../pp/akatsuki-rx-2019/reference-ts/index.js';
import { syntheticMap } from './relax-2019-synthetic.js';

const MODS = [128, 128 | 8, 128 | 16, 128 | 64, 128 | 256, 128 | 2, 128 | 1024, 128 | 4096, 128 | 4, 128 | 64 | 16 | 8];
const KEYS = ['stars', 'pp', 'ppAim', 'ppSpeed', 'ppAcc', 'aimStrain', 'speedStrain', 'ar', 'od', 'maxCombo', 'nCircles', 'nSliders', 'nSpinners', 'effectiveMissCount'];

test('WASM and TypeScript agree bit for bit on 60 synthetic maps x mods', () => {
  let compared = 0;
  let refused = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const bytes = Buffer.from(syntheticMap(seed));
    const mods = MODS[seed % MODS.length]!;
    const params: ScoreParams = seed % 2 ? { mode: 0, mods, accuracy: 95 + (seed % 5), misses: seed % 3, combo: 50 + seed } : { mode: 0, mods, n300: 30, n100: 3, n50: 1, misses: 1 };
    const outcome = <T>(fn: () => T): T | PpInputError => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof PpInputError) return e;
        throw e;
      }
    };
    const w = outcome(() => akatsukiRelax2019.calculate(bytes, params));
    const t = outcome(() => calculateReference(bytes, params) as unknown as Record<string, number>);
    if (w instanceof PpInputError || t instanceof PpInputError) {
      // Both must refuse (an accuracy the object count cannot produce), never just one.
      assert.ok(w instanceof PpInputError && t instanceof PpInputError, `seed ${seed}: only one side failed: ${String(w)} / ${String(t)}`);
      assert.match(w.message, /cannot be reached/);
      refused++;
      continue;
    }
    const flat: Record<string, number> = { stars: w.stars, pp: w.pp, maxCombo: w.maxCombo, ...w.components, ...w.attributes };
    for (const k of KEYS) assert.equal(flat[k], t[k], `seed ${seed} mods ${mods} ${k}: wasm ${flat[k]} vs ts ${t[k]}`);
    assert.ok(w.pp > 0 && Number.isFinite(w.pp), `seed ${seed}: pp ${w.pp}`);
    compared++;
  }
  assert.equal(compared + refused, 60);
  assert.ok(compared >= 40, `only ${compared} maps compared`);
});
