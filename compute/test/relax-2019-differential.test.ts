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

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticMap(seed: number): string {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const version = pick([5, 7, 14, 14]);
  const out = [`osu file format v${version}`, '', '[General]', 'Mode: 0', '', '[Difficulty]'];
  out.push(`CircleSize:${pick([2, 4, 4.2, 5, 7, 10])}`, `OverallDifficulty:${pick([3, 7, 8.5, 10])}`, `ApproachRate:${pick([5, 8, 9.3, 10])}`);
  out.push(`SliderMultiplier:${pick([0.6, 1.4, 1.8, 2.6])}`, `SliderTickRate:${pick([0.5, 1, 2, 4])}`, '', '[TimingPoints]');
  const beat = pick([300, 352.941176470588, 400, 500]);
  out.push(`0,${beat},4,2,0,60,1,0`);
  let t = 1000;
  for (let i = 0; i < 6; i++) {
    t += int(2000, 6000);
    const sv = pick(['-100', '-50', '-200', '-66.6666666666667', 'NaN', '-133.33']);
    out.push(`${t},${sv},4,2,0,60,0,0`);
  }
  out.push('', '[HitObjects]');
  t = 1000;
  const n = int(40, 120);
  for (let i = 0; i < n; i++) {
    t += pick([beat / 4, beat / 2, beat, beat / 3]);
    const x = int(0, 512);
    const y = int(0, 384);
    const kind = r();
    const time = Math.round(t);
    if (kind < 0.35) out.push(`${x},${y},${time},1,0,0:0:0:0:`);
    else if (kind < 0.95) {
      const pts = () => `${int(0, 512)}:${int(0, 384)}`;
      const type = pick(['L', 'P', 'P4', 'B', 'Banchor', 'C']);
      let path: string;
      if (type === 'L') path = `L|${pts()}`;
      else if (type === 'P') path = `P|${pts()}|${pts()}`;
      else if (type === 'P4') path = `P|${pts()}|${pts()}|${pts()}`;
      else if (type === 'B') path = `B|${pts()}|${pts()}|${pts()}`;
      else if (type === 'Banchor') {
        const a = pts();
        path = `B|${pts()}|${a}|${a}|${pts()}|${pts()}`;
      } else path = `C|${pts()}|${pts()}|${pts()}`;
      const repeats = pick([1, 1, 1, 2, 3, 5]);
      const length = pick([50, 100, 140, 220, 400]);
      out.push(`${x},${y},${time},2,0,${path},${repeats},${length}`);
      t += (length / 100) * beat * repeats;
    } else {
      out.push(`256,192,${time},8,0,${time + 1500}`);
      t += 1500;
    }
  }
  return out.join('\r\n') + '\r\n';
}

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
