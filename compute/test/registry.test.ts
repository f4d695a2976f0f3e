/** In-thread Calculator objects (the same engines the pool runs), without workers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clearCalculatorCaches, getCalculator } from '../pp/registry.js';
import { assertClose, mapBytes } from './fixtures.js';

test('rosu-2.0 Calculator: Akatsuki VN std HDDT 99 % exactly', async () => {
  const calc = await getCalculator('rosu-2.0');
  assert.equal(calc.id, 'rosu-2.0');
  const r = calc.calculate(mapBytes('2785319'), { mode: 0, mods: 72, accuracy: 99, misses: 0, combo: 909 });
  assertClose(r.pp, 676.0878551170331, 1e-12, 'pp');
  clearCalculatorCaches();
});

test('rosu-3.1 Calculator: stable hit counts (selfGenerated osu/stable/NM/hitcounts)', async () => {
  const r = (await getCalculator('rosu-3.1')).calculate(mapBytes('2785319'), { mode: 0, mods: 0, n300: 580, n100: 15, n50: 2, misses: 4, combo: 700 });
  assertClose(r.pp, 146.8520269221687, 1e-12, 'pp');
  assert.equal(r.state?.n300, 580);
});

const relaxBuilt = existsSync(fileURLToPath(new URL('../pp/akatsuki-rx-2019/calculator.js', import.meta.url)));
test('akatsuki-rx-2019 is a clear CalculatorUnavailableError while not built', { skip: relaxBuilt ? 'relax module present' : false }, async () => {
  await assert.rejects(getCalculator('akatsuki-rx-2019'), { name: 'CalculatorUnavailableError' });
});
test('unknown ids are rejected', async () => {
  await assert.rejects(getCalculator('nope' as never), { name: 'CalculatorUnavailableError' });
});
