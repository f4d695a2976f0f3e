/**
 * akatsuki-rx-2019: our Rust `osu_2019` port (native/ → WASM) and the plain-TypeScript reference
 * against the 13 relax values of osuAkatsuki/akatsuki-pp-rs c0e499ec
 * (compute/test/fixtures/akatsuki-expected.json, see fixtures/PROVENANCE.md).
 *
 * Goal and result: bit-exact in f32 (every value equals the reference after Math.fround); the
 * 1e-5 relative bound of the brief is asserted as well so a regression shows both.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { PpInputError, type ScoreParams } from '../pp/calculator.js';
import { akatsukiRelax2019 } from '../pp/akatsuki-rx-2019/calculator.js';
import { WASM_PATH, memoryBytes } from '../pp/akatsuki-rx-2019/native.js';
import { calculateReference } from '../pp/akatsuki-rx-2019/reference-ts/index.js';
import { getCalculator } from '../pp/registry.js';
import { fixtureJson, mapBytes, assertClose, scoreParamsOf } from './fixtures.js';
import type { AkatsukiCase } from './fixtures.js';

const data = fixtureJson<{ cases: AkatsukiCase[] }>('akatsuki-expected.json');
const cases = data.cases.filter((c) => c.kind === 'osu_2019_relax');

/** Reported number per reference key. */
type Flat = Record<string, number>;

const F32_KEYS = ['stars', 'pp', 'ppAim', 'ppSpeed', 'ppAcc', 'aimStrain', 'speedStrain', 'effectiveMissCount'] as const;
const EXACT_KEYS = ['ar', 'od', 'maxCombo', 'nCircles', 'nSliders', 'nSpinners'] as const;

function checkCase(c: AkatsukiCase, got: Flat, who: string): void {
  for (const k of F32_KEYS) {
    const e = c.result[k]!;
    assertClose(got[k], e, 1e-5, `${who} ${c.label} ${k}`);
    assert.equal(Math.fround(got[k]!), Math.fround(e), `${who} ${c.label} ${k}: not bit-exact in f32 (${got[k]} vs ${e})`);
  }
  for (const k of EXACT_KEYS) assert.equal(got[k], c.result[k], `${who} ${c.label} ${k}`);
}

describe('akatsuki-rx-2019 WASM calculator vs akatsuki-pp-rs c0e499ec', () => {
  test('the committed wasm resolves from dist/', () => {
    assert.match(WASM_PATH.replaceAll('\\', '/'), /\/native\/hayate_native\.wasm$/);
    assert.ok(existsSync(WASM_PATH), WASM_PATH);
  });

  test('all 13 relax cases are present', () => assert.equal(cases.length, 13));

  for (const c of cases) {
    test(`${c.label} (bit-exact)`, () => {
      const r = akatsukiRelax2019.calculate(mapBytes(c.map), scoreParamsOf(c));
      assert.equal(r.calculator, 'akatsuki-rx-2019');
      checkCase(c, { stars: r.stars, pp: r.pp, maxCombo: r.maxCombo, ...r.components, ...r.attributes }, 'wasm');
    });
  }

  test('the registry serves this calculator', async () => {
    const calc = await getCalculator('akatsuki-rx-2019');
    const c = cases[0]!;
    const r = calc.calculate(mapBytes(c.map), scoreParamsOf(c));
    assert.equal(r.pp, c.result.pp);
  });

  test('no accuracy and no counts means SS (same as accuracy 100, no misses)', () => {
    const bytes = mapBytes('2785319');
    const ss = akatsukiRelax2019.calculate(bytes, { mode: 0, mods: 128 });
    const c = cases.find((x) => x.label === 'RX SS acc100')!;
    assert.equal(ss.pp, c.result.pp);
  });

  test('memory is freed: 300 calls do not grow linear memory after warm-up', () => {
    const bytes = mapBytes('2785319');
    akatsukiRelax2019.calculate(bytes, { mode: 0, mods: 128 });
    const before = memoryBytes();
    for (let i = 0; i < 300; i++) akatsukiRelax2019.calculate(bytes, { mode: 0, mods: 128, accuracy: 90 + (i % 10) });
    assert.equal(memoryBytes(), before);
  });
});

describe('akatsuki-rx-2019 plain-TypeScript reference (second opinion)', () => {
  for (const c of cases) {
    test(`${c.label} (bit-exact)`, () => {
      const r = calculateReference(mapBytes(c.map), scoreParamsOf(c));
      checkCase(c, r as unknown as Flat, 'ts');
    });
  }
});

describe('akatsuki-rx-2019 bad input: typed errors, no crash, no hang', () => {
  const good = mapBytes('2785319');
  const text = Buffer.from(good).toString('utf8');
  const rx = (osu: Uint8Array, p: Partial<ScoreParams> = {}) => akatsukiRelax2019.calculate(osu, { mode: 0, mods: 128, ...p });
  const rejects = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof PpInputError && re.test(e.message));

  test('empty map', () => rejects(() => rx(new Uint8Array(0)), /empty/));
  test('garbage bytes', () => {
    const junk = new Uint8Array(4096);
    let s = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    rejects(() => rx(junk), /not an \.osu file/);
  });
  test('header only / truncated before [HitObjects]', () => {
    rejects(() => rx(Buffer.from('osu file format v14\n')), /no hit objects/);
    rejects(() => rx(Buffer.from(text.slice(0, text.indexOf('[HitObjects]') + 12))), /no hit objects/);
  });
  test('truncated in the middle of the objects: computes on what is there', () => {
    const half = Buffer.from(text.slice(0, Math.floor(text.length * 0.75)));
    const r = rx(half);
    const full = rx(good);
    assert.ok(r.maxCombo > 0 && r.maxCombo < full.maxCombo, `${r.maxCombo} vs ${full.maxCombo}`);
    assert.ok(Number.isFinite(r.pp) && r.pp > 0 && r.pp < full.pp);
  });
  test('not osu!standard', () => rejects(() => rx(Buffer.from(text.replace(/^Mode:\s*0/m, 'Mode: 1'))), /not an osu!standard/));
  test('huge numbers are skipped or bounded, never a hang', () => {
    const head = text.slice(0, text.indexOf('[HitObjects]') + 12);
    const lines = [
      '1e30,1e30,1000,1,0,0:0:0:0:', // coordinates beyond the limit: skipped
      '100,100,1e300,1,0,0:0:0:0:', // time beyond the limit: skipped
      '100,100,2000,1,0,0:0:0:0:',
      '200,100,2500,2,0,B|300:100|400:300|131072:131072,9000,1000', // max repeats
      '300,100,3000,2,0,L|131072:100,1,131072', // max length
      '100,100,1e9,2,0,L|300:100,1,1e-300',
    ];
    const r = rx(Buffer.from(`${head}\n${lines.join('\n')}\n`));
    assert.ok(Number.isFinite(r.stars));
    assert.ok(r.maxCombo >= 9000, String(r.maxCombo));
  });
  test('a hostile bezier slider is rejected as too complex', () => {
    const head = text.slice(0, text.indexOf('[HitObjects]') + 12);
    const pts = Array.from({ length: 3000 }, (_, i) => `${(i * 7919) % 131072}:${(i * 104729) % 131072}`).join('|');
    const lines = ['100,100,1000,1,0,0:0:0:0:', `100,100,2000,2,0,B|${pts},1,100000`];
    rejects(() => rx(Buffer.from(`${head}\n${lines.join('\n')}\n`)), /too complex/);
  });
  test('a catmull slider with 50k control points is refused (memory bound), quickly', () => {
    const head = text.slice(0, text.indexOf('[HitObjects]') + 12);
    const pts = Array.from({ length: 50_000 }, (_, i) => `${i % 500}:${(i * 7) % 380}`).join('|');
    rejects(() => rx(Buffer.from(`${head}\n100,100,1000,1,0\n100,100,2000,2,0,C|${pts},1,100\n`)), /too complex/);
  });
  test('300k timing points in reverse order: refused quickly instead of quadratic sorting', () => {
    const lines = Array.from({ length: 300_000 }, (_, i) => `${(300_000 - i) * 10},500,4,2,0,60,1,0`);
    const osu = Buffer.from(`osu file format v14\n[TimingPoints]\n${lines.join('\n')}\n[HitObjects]\n1,1,1,1,0\n2,2,2,1,0\n`);
    rejects(() => rx(osu), /too complex/);
  });
  test('UTF-16 (with BOM) decodes like UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(rx(utf16).pp, rx(good).pp);
  });
  test('bad score parameters', () => {
    rejects(() => rx(good, { accuracy: 150 }), /accuracy/);
    rejects(() => rx(good, { accuracy: Number.NaN }), /accuracy/);
    rejects(() => rx(good, { combo: -1 }), /combo/);
    rejects(() => rx(good, { misses: 1.5 }), /misses/);
    rejects(() => rx(good, { n300: 2 ** 40 }), /n300/);
    rejects(() => rx(good, { accuracy: 99, n300: 500 }), /either accuracy or hit counts/);
    rejects(() => rx(good, { mode: 1 }), /osu!standard only/);
    rejects(() => rx(good, { mods: -1 }), /mods/);
    rejects(() => akatsukiRelax2019.calculate('abc' as unknown as Uint8Array, { mode: 0, mods: 0 }), /Uint8Array/);
  });
  test('an accuracy the reference would wrap around is refused, not turned into garbage', () => {
    rejects(() => rx(good, { accuracy: 10 }), /cannot be reached/);
    assert.throws(() => calculateReference(good, { mode: 0, mods: 128, accuracy: 10 }), PpInputError);
    // Reachable neighbours still work.
    assert.ok(rx(good, { accuracy: 20 }).pp > 0);
  });
  test('the module still works after all of the above', () => {
    assert.equal(rx(good, { accuracy: 100 }).pp, cases[0]!.result.pp);
  });
});
