/**
 * The analysis one submitted score gets in a pool worker (cheat-detection.md §5.2 "where it
 * runs"): decode + time line, frametime, snaps (filtered by the map's objects), UR, steal check
 * against other players' replays of the same map, then the signal verdict. Pure and
 * structured-clone friendly, so it runs the same in a Piscina worker, a test or the CLI.
 */
import { ReplayDecodeError } from '../../protocol/replay/index.js';
import { compareReplays, frametime, snaps, urSummary, type Snap, type UrSummary } from './analyze.js';
import { loadCheatBeatmap, OBJ_CIRCLE, type CheatBeatmap } from './beatmap.js';
import { MOD_RX } from './mods.js';
import { pressesOf } from './ur.js';
import { defaultKernels, tsKernels, wasmKernels, type CheatKernels } from './kernels/index.js';
import { DEFAULT_SIGNAL_CONFIG, evaluateSignals, type ReasonName, type SignalConfig, type SignalResult } from './signals.js';

/** Stored with every result; bump when a check changes meaning (`hayate cheat clear` works by it). */
export const CHECK_VERSION = 'hayate-cheat-1';
const MAX_LISTED_SNAPS = 50;

export interface OtherReplay {
  scoreId: string;
  userId: number;
  /** Compressed frame stream. */
  stream: Uint8Array;
  mods: number;
}

export interface CheatAnalysisRequest {
  stream: Uint8Array;
  mods: number;
  /** Unix seconds. */
  playedAt: number;
  /** The `.osu` bytes, when known (UR and the snap filter need it). */
  beatmap: Uint8Array | null;
  /** Top replays of other players on the same map. */
  others: OtherReplay[];
  signals?: Partial<SignalConfig>;
  hard?: Partial<Record<ReasonName, number>>;
  /** The score's hit counts (score-level checks of §4.8); omitted = not checked. */
  counts?: { n300: number; n100: number; n50: number; nmiss: number };
  /** Force a path (bench/tests); default WASM when available. */
  kernels?: 'ts' | 'wasm';
}

export interface StealComparison {
  scoreId: string;
  userId: number;
  similarity: number;
  correlation: number;
}

export interface CheatAnalysis {
  checkVersion: string;
  frames: number;
  frametime: { cv: number; ucv: number };
  snaps: { count: number; unfiltered: number; filtered: boolean; list: Snap[] };
  ur: UrSummary | null;
  objects: number;
  /** Frames where M1/M2/K1/K2 became newly pressed. */
  keyPresses: number;
  /** §4.8 violations found (each also raises the IMPOSSIBLE signal). */
  impossible: string[];
  steal: StealComparison[];
  verdict: SignalResult;
  /** Set when the map could not be used (UR and the snap filter were skipped). */
  beatmapError?: string;
}

function kernelsOf(name: CheatAnalysisRequest['kernels']): CheatKernels {
  return name === 'ts' ? tsKernels : name === 'wasm' ? wasmKernels : defaultKernels();
}

/**
 * Exact score-level checks (cheat-detection.md §4.8) that need the map: hit and miss counts must
 * add up to the object count, and every circle that was hit needs its own key press, so presses
 * must be at least the hits that cannot have come from sliders or spinners (a held key can follow
 * many sliders, so only circles give a safe bound). Relax is skipped (the game clicks).
 */
export function scoreLevelChecks(map: CheatBeatmap, c: { n300: number; n100: number; n50: number; nmiss: number }, keyPresses: number, mods: number): string[] {
  const out: string[] = [];
  const objects = map.objects.count;
  let circles = 0;
  for (let i = 0; i < objects; i++) if (map.objects.kind[i] === OBJ_CIRCLE) circles++;
  const hits = c.n300 + c.n100 + c.n50;
  if (hits + c.nmiss > objects) out.push(`${hits + c.nmiss} judgements for ${objects} objects`);
  const circleHitsAtLeast = hits - (objects - circles);
  if ((mods & MOD_RX) === 0 && keyPresses < circleHitsAtLeast) out.push(`${keyPresses} key presses for at least ${circleHitsAtLeast} circle hits`);
  return out;
}

export function analyzeForCheat(req: CheatAnalysisRequest): CheatAnalysis {
  const k = kernelsOf(req.kernels);
  const tl = k.timeline(req.stream);
  let map: CheatBeatmap | null = null;
  let beatmapError: string | undefined;
  if (req.beatmap) {
    try {
      map = loadCheatBeatmap(req.beatmap, req.mods);
    } catch (err) {
      beatmapError = err instanceof Error ? err.message : String(err);
    }
  }
  const ft = frametime(tl, req.mods, k);
  const sn = snaps(tl, map, undefined, undefined, k);
  const ur = map ? urSummary(map, tl, req.mods) : null;
  const steal: StealComparison[] = [];
  for (const o of req.others) {
    try {
      const other = k.timeline(o.stream);
      const r = compareReplays({ timeline: tl, mods: req.mods }, { timeline: other, mods: o.mods }, k);
      steal.push({ scoreId: o.scoreId, userId: o.userId, similarity: r.similarity, correlation: r.correlation });
    } catch {
      // A broken stored replay of someone else is not evidence against this player.
    }
  }
  steal.sort((a, b) => a.similarity - b.similarity);
  const keyPresses = pressesOf(tl).t.length;
  const impossible = map && req.counts ? scoreLevelChecks(map, req.counts, keyPresses, req.mods) : [];
  const hard = { ...req.hard, ...(impossible.length > 0 ? { IMPOSSIBLE: 1 } : {}) };
  const best = steal[0] ?? null;
  const verdict = evaluateSignals({
    mods: req.mods, playedAt: req.playedAt, frametimeCv: ft.cv,
    urAdjusted: ur ? ur.adjusted : null, urHits: ur ? ur.hits : 0,
    filteredSnaps: map ? sn.snaps.length : null, objectCount: map ? map.objects.count : 0,
    steal: best, hard,
  }, { ...DEFAULT_SIGNAL_CONFIG, ...req.signals });
  return {
    checkVersion: CHECK_VERSION,
    frames: tl.count,
    frametime: ft,
    snaps: { count: sn.snaps.length, unfiltered: sn.unfiltered.length, filtered: map !== null, list: sn.snaps.slice(0, MAX_LISTED_SNAPS) },
    ur,
    objects: map ? map.objects.count : 0,
    keyPresses,
    impossible,
    steal,
    verdict,
    ...(beatmapError ? { beatmapError } : {}),
  };
}

/** What the pool task answers: an undecodable replay is a result (typed), not a worker error. */
export type CheatAnalysisOutcome = { ok: true; analysis: CheatAnalysis } | { ok: false; code: string; message: string };

export function analyzeForCheatSafe(req: CheatAnalysisRequest): CheatAnalysisOutcome {
  try {
    return { ok: true, analysis: analyzeForCheat(req) };
  } catch (err) {
    if (err instanceof ReplayDecodeError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}
