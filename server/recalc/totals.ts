/**
 * A user's total pp and accuracy from their scores (pp-compute.md §5). Pure functions: the recalc,
 * the rework processor and score submission all feed them rows and store what comes out.
 *
 * - `akatsuki` (default, performance-service deploy/processor): the best score per beatmap on
 *   ranked/approved maps, top 100 weighted 0.95^i, bonus 416.6667·(1 − 0.995^N) with N = every such
 *   best score (uncapped), total rounded to an integer (performance-service stores `round(total)`).
 *   Accuracy: weighted mean (percent) over the same top 100.
 * - `official` (ppy/osu-queue-score-statistics): up to 1000 rows by pp, deduplicated by beatmap,
 *   weighted 0.95^i over all of them, bonus (417 − 1/3)·(1 − 0.995^N) with N = rows fetched BEFORE
 *   the dedupe; accuracy = 100·Σacc·0.95^i / (20·(1 − 0.95^n)) clamped to [0, 100]. Not rounded.
 */

export type TotalsRules = 'akatsuki' | 'official';

export interface TotalsScore {
  beatmapMd5: string;
  pp: number;
  /** Percent, 0..100. */
  accuracy: number;
  /** Ranked (2) or approved (3) map: only those count. Callers that pre-filter may omit it. */
  ranked?: boolean;
}

export interface UserTotals {
  pp: number;
  /** Percent, 0..100. */
  accuracy: number;
  /** Scores that carried weight. */
  weighted: number;
  /** N of the bonus formula. */
  bonusCount: number;
}

export const AKATSUKI_BONUS_BASE = 416.6667;
export const OFFICIAL_BONUS_BASE = 417 - 1 / 3;
export const AKATSUKI_TOP = 100;
export const OFFICIAL_LIMIT = 1000;

/** Finite, non-negative, else 0: a NaN from a broken row must not poison a total. */
const clean = (v: number): number => (Number.isFinite(v) && v > 0 ? v : 0);

const byPpDesc = (a: TotalsScore, b: TotalsScore): number => clean(b.pp) - clean(a.pp);

/** Keeps the highest-pp score of each beatmap (input need not be sorted); result pp descending. */
export function bestPerBeatmap(scores: readonly TotalsScore[]): TotalsScore[] {
  const best = new Map<string, TotalsScore>();
  for (const s of scores) {
    const cur = best.get(s.beatmapMd5);
    if (!cur || clean(s.pp) > clean(cur.pp)) best.set(s.beatmapMd5, s);
  }
  return [...best.values()].sort(byPpDesc);
}

export function akatsukiBonus(n: number): number {
  return AKATSUKI_BONUS_BASE * (1 - 0.995 ** n);
}

export function officialBonus(n: number): number {
  return OFFICIAL_BONUS_BASE * (1 - 0.995 ** n);
}

/** Akatsuki: `scores` are a user's best scores (any order; non-ranked ones are ignored). */
export function akatsukiTotals(scores: readonly TotalsScore[]): UserTotals {
  const eligible = bestPerBeatmap(scores.filter((s) => s.ranked !== false));
  const top = eligible.slice(0, AKATSUKI_TOP);
  let pp = 0;
  let acc = 0;
  let weights = 0;
  top.forEach((s, i) => {
    const w = 0.95 ** i;
    pp += clean(s.pp) * w;
    acc += clean(s.accuracy) * w;
    weights += w;
  });
  pp += akatsukiBonus(eligible.length);
  return {
    pp: Math.round(pp),
    accuracy: weights > 0 ? Math.min(100, acc / weights) : 0,
    weighted: top.length,
    bonusCount: eligible.length,
  };
}

/** Official: `scores` are all of a user's scores with pp (any order; non-ranked ones ignored). */
export function officialTotals(scores: readonly TotalsScore[]): UserTotals {
  const rows = scores.filter((s) => s.ranked !== false).sort(byPpDesc).slice(0, OFFICIAL_LIMIT);
  const deduped = bestPerBeatmap(rows);
  let pp = 0;
  let acc = 0;
  deduped.forEach((s, i) => {
    const w = 0.95 ** i;
    pp += clean(s.pp) * w;
    acc += (clean(s.accuracy) / 100) * w;
  });
  pp += officialBonus(rows.length);
  const n = deduped.length;
  const accuracy = n === 0 ? 0 : Math.max(0, Math.min(100, (100 * acc) / (20 * (1 - 0.95 ** n))));
  return { pp, accuracy, weighted: n, bonusCount: rows.length };
}

export function userTotals(rules: TotalsRules, scores: readonly TotalsScore[]): UserTotals {
  return rules === 'official' ? officialTotals(scores) : akatsukiTotals(scores);
}
