/**
 * akatsuki-expected.json through the pool with the akatsuki profile (calculator chosen by
 * selectCalculator, as score submission does):
 * - vanilla std, taiko, catch, mania and the RX-equals-VN taiko/catch cases: rosu-2.0 is the
 *   algorithm Akatsuki runs, so these must match to 1e-12 relative;
 * - autopilot: emulated (compute/pp/autopilot.ts); each case's residual is bounded below at the
 *   measured value (rounded up), so any regression of the emulation fails.
 * - osu_2019 relax: every case through the pool once compute/pp/akatsuki-rx-2019 exists (its
 *   bit-exactness is tested by its own suite; here 1e-5, the upper bound).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ComputePool } from '../pool.js';
import { assertClose, fixtureJson, mapBytes, scoreParamsOf } from './fixtures.js';
import type { AkatsukiCase } from './fixtures.js';

const data = fixtureJson<{ cases: AkatsukiCase[] }>('akatsuki-expected.json');

/** Measured relative pp residual of the AP emulation per case (+ margin); see autopilot.ts. */
const AP_PP_BOUND: Record<string, number> = {
  'AP SS': 0.0045, // measured +0.391 %
  'AP acc98 miss1 combo800': 0.0070, // +0.637 %
  'APHDDT acc99 combo909': 0.0070, // +0.643 %
  'AP counts 580/15/2 miss4 combo700': 0.0075, // +0.692 %
};
const AP_STARS_BOUND = 0.0005; // measured +0.029..0.038 %

let pool: ComputePool;
before(() => {
  pool = new ComputePool({ threads: 2, profile: 'akatsuki' });
});
after(() => pool.close());

describe('akatsuki-expected.json modern_rosu_fork cases (profile akatsuki)', () => {
  const cases = data.cases.filter((c) => c.kind === 'modern_rosu_fork');
  test('all 15 fork cases are present', () => assert.equal(cases.length, 15));
  for (const c of cases) {
    const isAp = (c.mods & 8192) !== 0;
    test(`${c.label}${isAp ? ' (emulated, bounded)' : ' (exact)'}`, async () => {
      const r = await pool.calculate({ map: { bytes: mapBytes(c.map) }, score: scoreParamsOf(c) });
      assert.equal(r.maxCombo, c.result.maxCombo);
      if (isAp) {
        assert.equal(r.calculator, 'akatsuki-ap-2024');
        const bound = AP_PP_BOUND[c.label];
        assert.ok(bound !== undefined, `no bound recorded for ${c.label}`);
        assertClose(r.pp, c.result.pp, bound, `${c.label} pp`);
        assertClose(r.stars, c.result.stars, AP_STARS_BOUND, `${c.label} stars`);
        assert.equal(r.components.ppAim! < 1e-3, true, 'autopilot has (practically) no aim pp');
      } else {
        assert.equal(r.calculator, 'rosu-2.0');
        assertClose(r.pp, c.result.pp, 1e-12, `${c.label} pp`);
        assertClose(r.stars, c.result.stars, 1e-12, `${c.label} stars`);
      }
    });
  }
});

const relaxModule = fileURLToPath(new URL('../pp/akatsuki-rx-2019/calculator.js', import.meta.url));

describe('osu_2019 relax through the pool (profile akatsuki picks akatsuki-rx-2019)', () => {
  const relaxCases = data.cases.filter((x) => x.kind === 'osu_2019_relax');
  const c = relaxCases[0]!;
  for (const rc of relaxCases) {
    test(rc.label, { skip: existsSync(relaxModule) ? false : 'compute/pp/akatsuki-rx-2019 not built yet' }, async () => {
      const r = await pool.calculate({ map: { bytes: mapBytes(rc.map) }, score: scoreParamsOf(rc) });
      assert.equal(r.calculator, 'akatsuki-rx-2019');
      assertClose(r.pp, rc.result.pp, 1e-5, `${rc.label} pp`);
      assertClose(r.stars, rc.result.stars, 1e-5, `${rc.label} stars`);
      assert.equal(r.maxCombo, rc.result.maxCombo);
    });
  }
  test('without the module, relax is a clear error, not a crash', { skip: existsSync(relaxModule) ? 'module present' : false }, async () => {
    await assert.rejects(pool.calculate({ map: { bytes: mapBytes(c.map) }, score: scoreParamsOf(c) }), {
      name: 'PpInputError',
      message: /akatsuki-rx-2019 is not available/,
    });
  });
});
