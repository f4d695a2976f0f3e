/**
 * Every value of rosu-expected.json (upstream rosu-pp's own test expectations + rosu-pp-js 3.1.0
 * regression values) computed THROUGH THE POOL, following the file's `howToCompute`, 1e-12 relative.
 * The stable-score cases also go through the typed `calculate()` path with calculator rosu-3.1.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ComputePool } from '../pool.js';
import { assertClose, fixtureJson, mapBytes } from './fixtures.js';

interface Case {
  id: string;
  map: string;
  mode: number;
  modBits: number;
  expected: Record<string, number | boolean>;
}
interface SelfCase {
  id: string;
  map: string;
  mode: number;
  args: Record<string, unknown>;
  result: Record<string, unknown> & { state: Record<string, number> };
}
interface Expected {
  difficulty: Case[];
  performance: Case[];
  selfGenerated: { cases: SelfCase[] };
}

const data = fixtureJson<Expected>('rosu-expected.json');
const REL = 1e-12;
let pool: ComputePool;

before(() => {
  pool = new ComputePool({ threads: 2 });
});
after(() => pool.close());

describe('rosu-expected.json difficulty through the pool', () => {
  for (const c of data.difficulty) {
    test(c.id, async () => {
      const got = await pool.rosuRaw({ version: '3.1', map: { bytes: mapBytes(c.map) }, mode: c.mode, convertMods: c.modBits, what: 'difficulty', args: { mods: c.modBits } });
      for (const [k, v] of Object.entries(c.expected)) {
        if (typeof v === 'number') assertClose(got[k], v, REL, `${c.id} ${k}`);
        else assert.equal(got[k], v, `${c.id} ${k}`);
      }
    });
  }
});

describe('rosu-expected.json performance through the pool', () => {
  for (const c of data.performance) {
    test(c.id, async () => {
      const got = await pool.rosuRaw({ version: '3.1', map: { bytes: mapBytes(c.map) }, mode: c.mode, convertMods: c.modBits, what: 'performance', args: { mods: c.modBits, lazer: true } });
      for (const [k, v] of Object.entries(c.expected)) assertClose(got[k], v as number, REL, `${c.id} ${k}`);
    });
  }
});

describe('rosu-expected.json selfGenerated through the pool', () => {
  for (const c of data.selfGenerated.cases) {
    test(c.id, async () => {
      const args: Record<string, unknown> = { ...c.args };
      if (args.hitresultPriority === 'Fastest') args.hitresultPriority = 2; // HitResultPriority.Fastest
      const convertMods = typeof c.args.mods === 'number' ? c.args.mods : 0;
      const got = await pool.rosuRaw({ version: '3.1', map: { bytes: mapBytes(c.map) }, mode: c.mode, convertMods, what: 'performance', args });
      for (const [k, v] of Object.entries(c.result)) {
        if (k === 'state') {
          const st = got.state as Record<string, number>;
          for (const [sk, sv] of Object.entries(c.result.state)) assert.equal(st[sk], sv, `${c.id} state.${sk}`);
        } else assertClose(got[k], v as number, REL, `${c.id} ${k}`);
      }
    });
  }
});

describe('stable selfGenerated cases through calculate() with rosu-3.1', () => {
  // Typed path: integer/acronym mods, lazer false, no clock-rate/override extras; accuracy-only
  // cases need Fastest (what calculate() uses), BestCase ones are skipped.
  const typed = data.selfGenerated.cases.filter((c) => {
    const a = c.args;
    const simpleMods = typeof a.mods === 'number' || typeof a.mods === 'string';
    const extras = ['clockRate', 'ar', 'passedObjects', 'sliderEndHits', 'largeTickHits'].some((k) => k in a);
    const lazer = a.lazer === true || (a.lazer === undefined && (c.mode === 0 || c.mode === 3));
    const accOnly = a.accuracy !== undefined && a.hitresultPriority !== 'Fastest';
    return simpleMods && !extras && !lazer && !accOnly;
  });
  test('there are typed cases to check', () => assert.ok(typed.length >= 10, `only ${typed.length}`));
  for (const c of typed) {
    test(c.id, async () => {
      const { mods, lazer: _l, hitresultPriority: _h, ...score } = c.args as Record<string, number | string>;
      const r = await pool.calculate({ map: { bytes: mapBytes(c.map) }, score: { ...(score as object), mode: c.mode as 0, mods: mods as number | string }, calculator: 'rosu-3.1' });
      assert.equal(r.calculator, 'rosu-3.1');
      assertClose(r.pp, c.result.pp as number, REL, `${c.id} pp`);
      assertClose(r.stars, c.result.stars as number, REL, `${c.id} stars`);
      assert.equal(r.maxCombo, c.result.maxCombo);
      for (const k of ['ppAim', 'ppSpeed', 'ppAccuracy', 'ppFlashlight', 'ppDifficulty']) {
        if (typeof c.result[k] === 'number') assertClose(r.components[k], c.result[k] as number, REL, `${c.id} ${k}`);
      }
      for (const [sk, sv] of Object.entries(c.result.state)) {
        if (sk in (r.state ?? {})) assert.equal(r.state![sk], sv, `${c.id} state.${sk}`);
      }
    });
  }
});
