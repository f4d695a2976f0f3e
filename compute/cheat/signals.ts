/**
 * From heuristic numbers to a per-score verdict (cheat-detection.md §5.2): each signal maps to a
 * probability with a logistic curve, soft replay signals combine as P(at least two fire) so one
 * noisy heuristic never flags alone, hard signals combine as 1 - prod(1 - p). Every threshold is
 * configuration (`SignalConfig`); the output carries reason bits and a human explanation.
 */
import { MOD_AP, MOD_RX } from './mods.js';

/** Reason bits stored with a flag (stable values: they are written to the database). */
export const Reason = {
  INTEGRITY: 1 << 0,
  CLIENT_FLAGS: 1 << 1,
  LASTFM: 1 << 2,
  PP_CAP: 1 << 3,
  IMPOSSIBLE: 1 << 4,
  RELAX: 1 << 5,
  TIMEWARP: 1 << 6,
  SNAPS: 1 << 7,
  STEAL: 1 << 8,
} as const;
export type ReasonName = keyof typeof Reason;

export const REASON_NAMES = Object.keys(Reason) as ReasonName[];

export function reasonNames(bits: number): ReasonName[] {
  return REASON_NAMES.filter((n) => (bits & Reason[n]) !== 0);
}

/** A logistic 1 / (1 + e^(k (x - x0))): p = 0.5 at x0; k > 0 makes low x suspicious. */
export interface Logistic {
  x0: number;
  k: number;
}

export interface SignalConfig {
  /** UR (clock-rate adjusted) → p; default p 0.5 at 50, about 0.95 at 35. */
  relax: Logistic;
  /** Frametime (cv) → p; default 0.5 at 13, 0.9 at 11. */
  timewarp: Logistic;
  /** Plays before this unix time skip the timewarp check (2010-2012 clients recorded 10 ms frames). */
  timewarpSince: number;
  /** Filtered snaps per 1000 hit objects → p (negative k: more is worse), scaled by `snapsWeight`. */
  snaps: Logistic;
  snapsWeight: number;
  /** Similarity to another player's replay → p; default 0.5 at 10, ~0.9 at 5, 0.1 at 15. */
  steal: Logistic;
  /** Below this correlation a low similarity counts half (time-shifted or short-map false positives). */
  stealCorrelation: number;
  /** A signal below this probability sets no reason bit. */
  reasonFloor: number;
}

export const DEFAULT_SIGNAL_CONFIG: SignalConfig = {
  relax: { x0: 50, k: Math.log(19) / 15 },
  timewarp: { x0: 13, k: Math.log(9) / 2 },
  timewarpSince: Date.UTC(2013, 0, 1) / 1000,
  snaps: { x0: 10, k: -0.5 },
  snapsWeight: 0.5,
  steal: { x0: 10, k: Math.log(9) / 5 },
  stealCorrelation: 0.99,
  reasonFloor: 0.05,
};

export function logistic(x: number, c: Logistic): number {
  return 1 / (1 + Math.exp(c.k * (x - c.x0)));
}

export interface SignalInput {
  mods: number;
  /** Play time, unix seconds. */
  playedAt: number;
  frametimeCv: number | null;
  urAdjusted: number | null;
  /** Hits the UR is based on (no UR signal below 50 hits). */
  urHits: number;
  filteredSnaps: number | null;
  objectCount: number;
  /** Best (lowest similarity) comparison against other players' replays of the map. */
  steal: { similarity: number; correlation: number; scoreId: string; userId: number } | null;
  /** Hard signals decided elsewhere (submission gates), passed through: reason bit → p. */
  hard?: Partial<Record<ReasonName, number>>;
}

export interface SignalResult {
  probability: number;
  reasons: number;
  /** One line per signal that fired. */
  explanation: string[];
  /** Per-signal probabilities (for the stored analysis). */
  parts: Partial<Record<ReasonName, number>>;
}

/** P(at least two of independent events). */
export function atLeastTwo(ps: number[]): number {
  let none = 1;
  for (const p of ps) none *= 1 - p;
  let exactlyOne = 0;
  for (let i = 0; i < ps.length; i++) {
    let term = ps[i]!;
    for (let j = 0; j < ps.length; j++) if (j !== i) term *= 1 - ps[j]!;
    exactlyOne += term;
  }
  return Math.max(0, 1 - none - exactlyOne);
}

export function anyOf(ps: number[]): number {
  let none = 1;
  for (const p of ps) none *= 1 - p;
  return 1 - none;
}

export function evaluateSignals(input: SignalInput, config: SignalConfig = DEFAULT_SIGNAL_CONFIG): SignalResult {
  const parts: Partial<Record<ReasonName, number>> = {};
  const explanation: string[] = [];
  const assisted = (input.mods & (MOD_RX | MOD_AP)) !== 0;
  if (!assisted && input.urAdjusted !== null && Number.isFinite(input.urAdjusted) && input.urHits >= 50) {
    parts.RELAX = logistic(input.urAdjusted, config.relax);
    explanation.push(`UR ${input.urAdjusted.toFixed(2)} (cv) over ${input.urHits} hits → p ${parts.RELAX.toFixed(3)}`);
  }
  if (!assisted && input.frametimeCv !== null && Number.isFinite(input.frametimeCv) && input.playedAt >= config.timewarpSince) {
    parts.TIMEWARP = logistic(input.frametimeCv, config.timewarp);
    explanation.push(`frametime ${input.frametimeCv.toFixed(2)} ms (cv) → p ${parts.TIMEWARP.toFixed(3)}`);
  }
  if (input.filteredSnaps !== null && input.objectCount > 0) {
    const per1000 = (1000 * input.filteredSnaps) / input.objectCount;
    parts.SNAPS = config.snapsWeight * logistic(per1000, config.snaps);
    explanation.push(`${input.filteredSnaps} snaps on hit objects (${per1000.toFixed(1)} per 1000) → p ${parts.SNAPS.toFixed(3)}`);
  }
  if (input.steal && Number.isFinite(input.steal.similarity)) {
    let p = logistic(input.steal.similarity, config.steal);
    if (!(input.steal.correlation > config.stealCorrelation)) p /= 2;
    parts.STEAL = p;
    explanation.push(`similarity ${input.steal.similarity.toFixed(2)} / correlation ${input.steal.correlation.toFixed(4)} to score ${input.steal.scoreId} of user ${input.steal.userId} → p ${p.toFixed(3)}`);
  }
  for (const [name, p] of Object.entries(input.hard ?? {}) as Array<[ReasonName, number]>) {
    parts[name] = p;
    explanation.push(`${name} (submission) → p ${p.toFixed(3)}`);
  }
  const soft = (['RELAX', 'TIMEWARP', 'SNAPS'] as const).map((n) => parts[n]).filter((p): p is number => p !== undefined);
  const hard = (Object.keys(parts) as ReasonName[]).filter((n) => n !== 'RELAX' && n !== 'TIMEWARP' && n !== 'SNAPS').map((n) => parts[n]!);
  const probability = anyOf([atLeastTwo(soft), ...hard]);
  let reasons = 0;
  for (const [name, p] of Object.entries(parts) as Array<[ReasonName, number]>) if (p >= config.reasonFloor) reasons |= Reason[name];
  return { probability, reasons, explanation, parts };
}
