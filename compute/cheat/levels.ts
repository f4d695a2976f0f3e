/**
 * Per-score classes and per-player cheat levels (cheat-detection.md §5.1-5.2, RaidHub's Nemesis
 * model adapted): flags over a rolling window are counted cumulatively (an A also counts as B, C
 * and D), combined with an account prior, and mapped to a level 0-4 that only ever rises
 * automatically. Pure functions; every threshold is configuration.
 */
export type FlagClass = 'A' | 'B' | 'C' | 'D';

export interface LevelConfig {
  /** Probability floors of classes A, B, C (D is anything above `storeAbove`). */
  classA: number;
  classB: number;
  classC: number;
  /** Flags at or below this probability are not stored. */
  storeAbove: number;
  /** Rolling window in days. */
  windowDays: number;
  /** Level triggers on cumulative counts. */
  level1: { A: number; B: number; C: number; D: number };
  level2: { A: number; B: number; C: number; priorC: { prior: number; C: number } };
  level3: { A: number; B: number; priorB: { prior: number; B: number } };
  level4: { A: number; ladder: Array<{ A: number; prior: number }> };
  /** Level from which new scores are shadowed and at which the player is restricted. */
  shadowLevel: number;
  restrictLevel: number;
  reportLevel: number;
}

export const DEFAULT_LEVEL_CONFIG: LevelConfig = {
  classA: 0.85,
  classB: 0.5,
  classC: 0.25,
  storeAbove: 0.05,
  windowDays: 60,
  level1: { A: 1, B: 2, C: 5, D: 30 },
  level2: { A: 4, B: 10, C: 30, priorC: { prior: 0.6, C: 15 } },
  level3: { A: 6, B: 30, priorB: { prior: 0.75, B: 10 } },
  level4: { A: 100, ladder: [{ A: 5, prior: 0.9 }, { A: 10, prior: 0.7 }, { A: 25, prior: 0.5 }, { A: 50, prior: 0.25 }] },
  reportLevel: 2,
  shadowLevel: 3,
  restrictLevel: 4,
};

export function classify(p: number, c: LevelConfig = DEFAULT_LEVEL_CONFIG): FlagClass | null {
  if (!(p > c.storeAbove)) return null;
  if (p >= c.classA) return 'A';
  if (p >= c.classB) return 'B';
  if (p >= c.classC) return 'C';
  return 'D';
}

export interface ClassCounts {
  A: number;
  B: number;
  C: number;
  D: number;
}

/** Cumulative counts: an A flag counts in A, B, C and D. */
export function cumulativeCounts(classes: FlagClass[]): ClassCounts {
  const c = { A: 0, B: 0, C: 0, D: 0 };
  for (const k of classes) {
    c.D++;
    if (k === 'D') continue;
    c.C++;
    if (k === 'C') continue;
    c.B++;
    if (k === 'B') continue;
    c.A++;
  }
  return c;
}

export interface AccountFacts {
  /** Days since registration. */
  accountAgeDays: number;
  playcount: number;
  /** Whitelisted players get prior 0. */
  whitelisted: boolean;
}

/** "Cheater account chance" 1 - prod(1 - f_i) from account facts (RaidHub's shape, osu! factors). */
export function accountPrior(f: AccountFacts): number {
  if (f.whitelisted) return 0;
  const factors: number[] = [];
  if (f.accountAgeDays < 7) factors.push(0.4);
  else if (f.accountAgeDays < 30) factors.push(0.3);
  else if (f.accountAgeDays < 90) factors.push(0.2);
  else if (f.accountAgeDays < 365) factors.push(0.05);
  if (f.playcount < 200) factors.push(((200 - f.playcount) / 200) * 0.2);
  let none = 1;
  for (const x of factors) none *= 1 - x;
  return 1 - none;
}

export interface LevelDecision {
  level: number;
  why: string;
}

/** The level the counts and prior justify (not yet combined with the current level). */
export function computeLevel(n: ClassCounts, prior: number, c: LevelConfig = DEFAULT_LEVEL_CONFIG): LevelDecision {
  if (n.A >= c.level4.A) return { level: 4, why: `${n.A} class-A flags` };
  for (const step of c.level4.ladder) {
    if (n.A >= step.A && prior >= step.prior) return { level: 4, why: `${n.A} class-A flags with account prior ${prior.toFixed(2)} >= ${step.prior}` };
  }
  if (n.A >= c.level3.A) return { level: 3, why: `${n.A} class-A flags` };
  if (n.B >= c.level3.B) return { level: 3, why: `${n.B} class-B-or-worse flags` };
  if (prior >= c.level3.priorB.prior && n.B >= c.level3.priorB.B) return { level: 3, why: `${n.B} class-B flags with prior ${prior.toFixed(2)}` };
  if (n.A >= c.level2.A) return { level: 2, why: `${n.A} class-A flags` };
  if (n.B >= c.level2.B) return { level: 2, why: `${n.B} class-B-or-worse flags` };
  if (n.C >= c.level2.C) return { level: 2, why: `${n.C} class-C-or-worse flags` };
  if (prior >= c.level2.priorC.prior && n.C >= c.level2.priorC.C) return { level: 2, why: `${n.C} class-C flags with prior ${prior.toFixed(2)}` };
  if (n.A >= c.level1.A) return { level: 1, why: `${n.A} class-A flag(s)` };
  if (n.B >= c.level1.B) return { level: 1, why: `${n.B} class-B-or-worse flags` };
  if (n.C >= c.level1.C) return { level: 1, why: `${n.C} class-C-or-worse flags` };
  if (n.D >= c.level1.D) return { level: 1, why: `${n.D} flags` };
  return { level: 0, why: 'no qualifying flags' };
}

/** Levels only rise automatically: the new level is the higher of the current and the computed. */
export function nextLevel(current: number, computed: LevelDecision): LevelDecision {
  return computed.level > current ? computed : { level: current, why: 'unchanged (levels never fall automatically)' };
}

export type LevelAction = 'watchlist' | 'report' | 'shadow' | 'restrict';

/** Actions a rise from `from` to `to` triggers (each once, on the way up). */
export function actionsForRise(from: number, to: number, c: LevelConfig = DEFAULT_LEVEL_CONFIG): LevelAction[] {
  const out: LevelAction[] = [];
  const crossed = (lvl: number): boolean => from < lvl && to >= lvl;
  if (crossed(1)) out.push('watchlist');
  if (crossed(c.reportLevel)) out.push('report');
  if (crossed(c.shadowLevel)) out.push('shadow');
  if (crossed(c.restrictLevel)) out.push('restrict');
  return out;
}
