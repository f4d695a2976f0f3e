/**
 * Loading the two rosu-pp-js builds side by side (3.1.0 = official 2025 algorithm, 2.0.0 = the
 * 2024-10 algorithm Akatsuki runs). Both are CommonJS wasm-bindgen packages that compile their
 * WASM synchronously at require time (~10-16 ms, ~45 MB RSS), so each is loaded on first use only.
 *
 * The structural types below are the subset of both packages' APIs we use; declaring them here
 * keeps the two slightly different .d.ts files from leaking into the rest of the code.
 */
import { createRequire } from 'node:module';
import type { WasmMemory } from '../wasm-globals.js';

export interface RosuBeatmap {
  readonly mode: number;
  readonly nObjects: number;
  readonly nCircles: number;
  readonly nSliders: number;
  readonly nSpinners: number;
  readonly nHolds: number;
  readonly ar: number;
  readonly od: number;
  readonly cs: number;
  readonly hp: number;
  readonly bpm: number;
  convert(mode: number, mods?: unknown): void;
  /** 3.1 only. */
  isSuspicious?(): boolean;
  free(): void;
}

export interface RosuDifficultyAttributes {
  readonly stars: number;
  readonly maxCombo: number;
  toJSON(): Record<string, unknown>;
  free(): void;
}

export interface RosuScoreState {
  maxCombo: number;
  n300: number;
  n100: number;
  n50: number;
  misses: number;
  nGeki: number;
  nKatu: number;
}

export interface RosuPerformanceAttributes {
  readonly pp: number;
  readonly state?: RosuScoreState;
  free(): void;
}

export type RosuArgs = Record<string, unknown>;

export interface RosuLib {
  Beatmap: new (content: Uint8Array | string) => RosuBeatmap;
  Difficulty: new (args?: RosuArgs) => { calculate(map: RosuBeatmap): RosuDifficultyAttributes; free(): void };
  Performance: new (args?: RosuArgs) => {
    calculate(x: RosuBeatmap | Record<string, unknown>): RosuPerformanceAttributes;
    free(): void;
  };
  HitResultPriority: { BestCase: number; WorstCase: number; Fastest?: number };
  __wasm: { memory: WasmMemory };
}

export type RosuVersion = '3.1' | '2.0';

const PACKAGES: Record<RosuVersion, string> = { '3.1': 'rosu-pp-js', '2.0': 'rosu-pp-js-2' };
const loaded = new Map<RosuVersion, RosuLib>();
const require = createRequire(import.meta.url);

export function rosu(version: RosuVersion): RosuLib {
  let lib = loaded.get(version);
  if (!lib) {
    lib = require(PACKAGES[version]) as RosuLib;
    loaded.set(version, lib);
  }
  return lib;
}

/** Bytes of WASM linear memory held by the loaded builds (it never shrinks; see §1.4). */
export function rosuWasmBytes(): number {
  let total = 0;
  for (const lib of loaded.values()) total += lib.__wasm.memory.buffer.byteLength;
  return total;
}

/** Numeric own/prototype getters of a wasm-bindgen attributes object, as a plain object. */
export function numericGetters(obj: object, names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const rec = obj as unknown as Record<string, unknown>;
  for (const n of names) {
    const v = rec[n];
    if (typeof v === 'number') out[n] = v;
  }
  return out;
}

/** Plain, JSON-safe difficulty attributes (what we cache, store and post between threads). */
export type PlainAttributes = Record<string, number | boolean>;

export function plainAttributes(attrs: RosuDifficultyAttributes): PlainAttributes {
  const j = attrs.toJSON();
  const out: PlainAttributes = {};
  for (const [k, v] of Object.entries(j)) if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}
