/**
 * akatsuki-rx-2019 against the real reference on 100 synthetic maps (40 plausible, 60 edge-case;
 * 24 of them with more than 2000 objects): compute/test/fixtures/akatsuki-rx-2019-synthetic.json
 * holds values computed by osuAkatsuki/akatsuki-pp-rs c0e499ec itself (see its `provenance`).
 * This covers what the single real test map does not: catmull paths, old file versions, red
 * anchors, degenerate and mixed slider segments, NaN green lines, spinners, HT/EZ/TD/SO/FL
 * combinations, long-map length bonus. Both the WASM build and the TypeScript reference must
 * match bit for bit.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ScoreParams } from '../pp/calculator.js';
import { akatsukiRelax2019 } from '../pp/akatsuki-rx-2019/calculator.js';
import { calculateReference } from '../pp/akatsuki-rx-2019/reference-ts/index.js';
import { fixtureJson } from './fixtures.js';
import { hardMap, syntheticMap } from './relax-2019-synthetic.js';

interface SyntheticCase {
  generator: 'syntheticMap' | 'hardMap';
  seed: number;
  params: ScoreParams;
  result: Record<string, number>;
}

const data = fixtureJson<{ provenance: string; cases: SyntheticCase[] }>('akatsuki-rx-2019-synthetic.json');
const KEYS = ['stars', 'pp', 'ppAim', 'ppSpeed', 'ppAcc', 'aimStrain', 'speedStrain', 'ar', 'od', 'maxCombo', 'nCircles', 'nSliders', 'nSpinners', 'effectiveMissCount'];

const mapOf = (c: SyntheticCase): Buffer => Buffer.from(c.generator === 'hardMap' ? hardMap(c.seed) : syntheticMap(c.seed));

describe('akatsuki-rx-2019 vs akatsuki-pp-rs c0e499ec on synthetic maps', () => {
  test('fixture has its provenance and 100 cases', () => {
    assert.match(data.provenance, /c0e499ec/);
    assert.equal(data.cases.length, 100);
  });

  test('WASM: every value bit-exact', () => {
    for (const c of data.cases) {
      const r = akatsukiRelax2019.calculate(mapOf(c), c.params);
      const got: Record<string, number> = { stars: r.stars, pp: r.pp, maxCombo: r.maxCombo, ...r.components, ...r.attributes };
      for (const k of KEYS) assert.equal(got[k], c.result[k], `${c.generator}(${c.seed}) mods ${c.params.mods} ${k}`);
    }
  });

  test('TypeScript reference: every value bit-exact', () => {
    for (const c of data.cases) {
      const r = calculateReference(mapOf(c), c.params) as unknown as Record<string, number>;
      for (const k of KEYS) assert.equal(r[k], c.result[k], `${c.generator}(${c.seed}) mods ${c.params.mods} ${k}`);
    }
  });
});
