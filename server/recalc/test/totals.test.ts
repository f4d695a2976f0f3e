import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { akatsukiBonus, akatsukiTotals, bestPerBeatmap, officialBonus, officialTotals, userTotals } from '../totals.js';
import type { TotalsScore } from '../totals.js';

const scores = (n: number, pp: (i: number) => number, acc = (_i: number) => 99): TotalsScore[] =>
  Array.from({ length: n }, (_, i) => ({ beatmapMd5: `m${i}`, pp: pp(i), accuracy: acc(i), ranked: true }));

const near = (a: number, b: number, eps = 0.005): void => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

describe('akatsuki totals', () => {
  test('worked example of §5: 100 scores of 100 pp → 1988.16 + 164.26 = 2152.42, stored as 2152', () => {
    const t = akatsukiTotals(scores(100, () => 100));
    assert.equal(t.pp, 2152);
    assert.equal(t.weighted, 100);
    assert.equal(t.bonusCount, 100);
    near(akatsukiBonus(100), 164.26);
    near(100 * ((1 - 0.95 ** 100) / 0.05) + akatsukiBonus(100), 2152.42);
  });

  test('bonus table of §5 (N = 500, 1000, 2000)', () => {
    near(akatsukiBonus(500), 382.68);
    near(akatsukiBonus(1000), 413.89);
    near(akatsukiBonus(2000), 416.65);
  });

  test('0 scores give 0 pp and 0 accuracy', () => {
    assert.deepEqual(akatsukiTotals([]), { pp: 0, accuracy: 0, weighted: 0, bonusCount: 0 });
  });

  test('more than 100: only the top 100 weigh, the bonus counts all (uncapped)', () => {
    const many = scores(1500, (i) => 1000 - i * 0.5);
    const t = akatsukiTotals(many);
    let sum = 0;
    for (let i = 0; i < 100; i++) sum += (1000 - i * 0.5) * 0.95 ** i;
    assert.equal(t.pp, Math.round(sum + akatsukiBonus(1500)));
    assert.equal(t.weighted, 100);
    assert.equal(t.bonusCount, 1500);
  });

  test('accuracy is the weighted mean in percent (99/98/97 → 98.034)', () => {
    const t = akatsukiTotals(scores(3, (i) => 300 - i, (i) => 99 - i));
    near(t.accuracy, 98.034, 0.001);
  });

  test('unranked maps and duplicates per beatmap are ignored; order of input does not matter', () => {
    const input: TotalsScore[] = [
      { beatmapMd5: 'a', pp: 50, accuracy: 90, ranked: true },
      { beatmapMd5: 'a', pp: 200, accuracy: 95, ranked: true },
      { beatmapMd5: 'b', pp: 500, accuracy: 100, ranked: false },
      { beatmapMd5: 'c', pp: 100, accuracy: 80, ranked: true },
    ];
    const t = akatsukiTotals(input);
    assert.equal(t.pp, Math.round(200 + 100 * 0.95 + akatsukiBonus(2)));
    assert.equal(t.bonusCount, 2);
    assert.deepEqual(akatsukiTotals([...input].reverse()), t);
  });

  test('NaN or negative pp rows count as 0, never poison the total', () => {
    const t = akatsukiTotals([
      { beatmapMd5: 'a', pp: Number.NaN, accuracy: 90 },
      { beatmapMd5: 'b', pp: 100, accuracy: 90 },
    ]);
    assert.ok(Number.isFinite(t.pp));
    assert.equal(t.pp, Math.round(100 + akatsukiBonus(2)));
  });
});

describe('official totals', () => {
  test('weights every deduped score (not only 100) and keeps the float', () => {
    const t = officialTotals(scores(300, () => 10));
    let sum = 0;
    for (let i = 0; i < 300; i++) sum += 10 * 0.95 ** i;
    near(t.pp, sum + officialBonus(300), 1e-9);
    assert.equal(t.weighted, 300);
  });

  test('more than 1000: capped at 1000 rows, bonus 413.89 at N = 1000', () => {
    const t = officialTotals(scores(1500, (i) => 2000 - i));
    assert.equal(t.bonusCount, 1000);
    assert.equal(t.weighted, 1000);
    near(officialBonus(1000), 413.89);
  });

  test('N is counted before the dedupe', () => {
    const dup: TotalsScore[] = [
      { beatmapMd5: 'a', pp: 100, accuracy: 99 },
      { beatmapMd5: 'a', pp: 90, accuracy: 98 },
      { beatmapMd5: 'b', pp: 80, accuracy: 97 },
    ];
    const t = officialTotals(dup);
    assert.equal(t.bonusCount, 3);
    assert.equal(t.weighted, 2);
    near(t.pp, 100 + 80 * 0.95 + officialBonus(3), 1e-9);
  });

  test('accuracy formula: 100·Σacc·0.95^i / (20·(1−0.95^n)) equals the weighted mean, clamped', () => {
    const t = officialTotals(scores(3, (i) => 300 - i, (i) => 99 - i));
    near(t.accuracy, 98.034, 0.001);
    assert.equal(officialTotals([]).accuracy, 0);
    assert.ok(officialTotals(scores(2, () => 1, () => 100)).accuracy <= 100);
  });

  test('userTotals dispatches by rule set', () => {
    const s = scores(150, () => 10);
    assert.deepEqual(userTotals('official', s), officialTotals(s));
    assert.deepEqual(userTotals('akatsuki', s), akatsukiTotals(s));
    assert.notEqual(userTotals('official', s).pp, userTotals('akatsuki', s).pp);
  });

  test('bestPerBeatmap keeps the highest pp per map, sorted descending', () => {
    const b = bestPerBeatmap([
      { beatmapMd5: 'x', pp: 1, accuracy: 1 },
      { beatmapMd5: 'y', pp: 3, accuracy: 1 },
      { beatmapMd5: 'x', pp: 5, accuracy: 1 },
    ]);
    assert.deepEqual(b.map((s) => [s.beatmapMd5, s.pp]), [['x', 5], ['y', 3]]);
  });
});
