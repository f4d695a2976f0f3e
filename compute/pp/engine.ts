/**
 * The calculation engine that runs inside a compute worker: rosu-family calculators
 * (rosu-3.1, rosu-2.0, akatsuki-ap-2024) with bounded per-worker caches of parsed maps and
 * difficulty attributes, plus the relax calculator loaded from compute/pp/akatsuki-rx-2019/.
 *
 * Caching follows §6.4: difficulty is the only expensive step, so attributes are cached as plain
 * objects per (calculator, md5, mode, difficulty mods) and a score's pp is then a ~15 us
 * Performance call on those attributes. Every WASM object is freed in a finally block, and
 * parsed maps evicted from the LRU are freed by its dispose hook.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { Mods } from '../../protocol/osu/mods.js';
import type { VanillaMode } from '../../protocol/osu/modes.js';
import type { Calculator, CalculatorId, PpResult, ScoreParams } from './calculator.js';
import { PpInputError } from './calculator.js';
import { autopilotAttributes } from './autopilot.js';
import { isWasmRuntimeError } from '../wasm-globals.js';
import { assertMd5, checkMap, md5Hex, type MapVerdict } from './map-check.js';
import { difficultyMods, normaliseMods } from './mods.js';
import { numericGetters, plainAttributes, rosu, type PlainAttributes, type RosuBeatmap, type RosuVersion } from './rosu-lib.js';

export type RosuCalculatorId = 'rosu-3.1' | 'rosu-2.0' | 'akatsuki-ap-2024';

export function isRosuCalculator(id: CalculatorId): id is RosuCalculatorId {
  return id === 'rosu-3.1' || id === 'rosu-2.0' || id === 'akatsuki-ap-2024';
}

/** A map as a task carries it: the bytes, or an md5 the worker resolves, or both (checked). */
export interface MapRef {
  md5?: string;
  bytes?: Uint8Array;
}

export interface EngineOptions {
  /** Directory of `<md5>.osu` files for md5-only requests (DATA_DIR/osu). */
  mapsDir?: string;
  /** Budget for parsed maps (estimated at 2.5x the file size of WASM memory). Default 64 MiB. */
  beatmapCacheBytes?: number;
  /** Difficulty attribute entries kept. Default 4096. */
  difficultyCacheEntries?: number;
  /** Raw map bytes kept for md5-only requests. Default 32 MiB. */
  bytesCacheBytes?: number;
}

/** Difficulty of one (map, mode, mods) under one calculator. */
export interface DifficultyResult {
  calculator: CalculatorId;
  md5: string;
  mode: VanillaMode;
  mods: number;
  stars: number;
  maxCombo: number;
  /** Plain attributes: what the performance step consumes and the difficulty store keeps. */
  attributes: PlainAttributes;
  suspicious: boolean;
}

const PERF_COMPONENTS = ['ppAim', 'ppSpeed', 'ppAccuracy', 'ppFlashlight', 'ppDifficulty'] as const;
const PERF_EXTRAS = ['effectiveMissCount', 'speedDeviation', 'estimatedUnstableRate'] as const;

/** Which rosu build a calculator parses and computes difficulty with. */
function libVersion(id: RosuCalculatorId): RosuVersion {
  return id === 'rosu-3.1' ? '3.1' : '2.0';
}

/** Mods as the rosu build should see them for this calculator. */
function rosuMods(id: RosuCalculatorId, mode: VanillaMode, mods: number): number {
  // Akatsuki parity: RX changes nothing outside osu!std there (§3.3), AP is emulated separately.
  if (id === 'rosu-2.0' && mode !== 0) return mods & ~Mods.Relax;
  if (id === 'akatsuki-ap-2024') return mods & ~Mods.Autopilot;
  return mods;
}

function numberOr(a: PlainAttributes, k: string, fallback: number): number {
  const v = a[k];
  return typeof v === 'number' ? v : fallback;
}

export class PpEngine {
  private readonly mapsDir: string | undefined;
  private readonly verdicts = new LRUCache<string, MapVerdict>({ max: 20_000 });
  private readonly bytes: LRUCache<string, Uint8Array>;
  private readonly beatmaps: LRUCache<string, RosuBeatmap>;
  private readonly difficulties: LRUCache<string, PlainAttributes>;
  private relax: Calculator | undefined;
  private relaxError: string | undefined;

  constructor(opts: EngineOptions = {}) {
    this.mapsDir = opts.mapsDir;
    this.bytes = new LRUCache<string, Uint8Array>({
      maxSize: opts.bytesCacheBytes ?? 32 * 1024 * 1024,
      sizeCalculation: (b) => Math.max(1, b.byteLength),
    });
    this.beatmaps = new LRUCache<string, RosuBeatmap>({
      max: 1024,
      maxSize: opts.beatmapCacheBytes ?? 64 * 1024 * 1024,
      // Set explicitly on insert (size of the source file x 2.5, measured §1.4).
      sizeCalculation: () => 1,
      dispose: (map) => map.free(),
    });
    this.difficulties = new LRUCache<string, PlainAttributes>({ max: opts.difficultyCacheEntries ?? 4096 });
  }

  /** Frees every cached WASM object. */
  clear(): void {
    this.beatmaps.clear();
    this.difficulties.clear();
    this.verdicts.clear();
    this.bytes.clear();
  }

  stats(): { beatmaps: number; difficulties: number; verdicts: number } {
    return { beatmaps: this.beatmaps.size, difficulties: this.difficulties.size, verdicts: this.verdicts.size };
  }

  /** Resolves a map reference to (md5, bytes), checking the md5 when both were given. */
  resolve(ref: MapRef): { md5: string; bytes: Uint8Array } {
    if (ref.bytes !== undefined) {
      const bytes = ref.bytes;
      if (!(bytes instanceof Uint8Array)) throw new PpInputError('map bytes must be a Uint8Array');
      if (ref.md5 !== undefined) {
        // Hot path (score submission, recalcs): the same map again. Comparing with the bytes
        // verified earlier under this md5 (memcmp, ~2 us) replaces hashing them (~60 us).
        const known = this.bytes.get(ref.md5.toLowerCase());
        if (known && Buffer.from(known.buffer, known.byteOffset, known.byteLength).equals(bytes)) return { md5: ref.md5.toLowerCase(), bytes: known };
      }
      const md5 = md5Hex(bytes);
      if (ref.md5 !== undefined && assertMd5(ref.md5) !== md5) {
        throw new PpInputError(`map md5 ${md5} does not match the expected ${ref.md5.toLowerCase()}`);
      }
      if (!this.bytes.has(md5) && bytes.byteLength > 0) this.bytes.set(md5, bytes);
      return { md5, bytes };
    }
    if (ref.md5 === undefined) throw new PpInputError('a map needs bytes or an md5');
    const md5 = assertMd5(ref.md5);
    const cached = this.bytes.get(md5);
    if (cached) return { md5, bytes: cached };
    if (!this.mapsDir) throw new PpInputError(`map ${md5} not cached and no maps directory configured`);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path.join(this.mapsDir, `${md5}.osu`));
    } catch {
      throw new PpInputError(`map ${md5} not found in ${this.mapsDir}`);
    }
    if (md5Hex(bytes) !== md5) throw new PpInputError(`stored file for ${md5} has a different md5 (corrupt store)`);
    this.bytes.set(md5, bytes);
    return { md5, bytes };
  }

  verdict(md5: string, bytes: Uint8Array): MapVerdict {
    let v = this.verdicts.get(md5);
    if (!v) {
      v = checkMap(bytes);
      this.verdicts.set(md5, v);
    }
    return v;
  }

  /**
   * A parsed (and converted) map. `release()` must be called after use: it frees the map unless
   * the LRU kept it (a map larger than the whole cache budget is never stored).
   */
  private beatmap(
    version: RosuVersion,
    md5: string,
    bytes: Uint8Array,
    mode: VanillaMode,
    mods: number,
    verdict: MapVerdict,
  ): { map: RosuBeatmap; release(): void } {
    // Mania converts depend on key mods; other conversions only on the mode.
    const convertMods = verdict.mode !== mode && mode === 3 ? mods : 0;
    const key = `${version}:${md5}:${mode}:${convertMods}`;
    const cached = this.beatmaps.get(key);
    if (cached) return { map: cached, release: () => undefined };
    const lib = rosu(version);
    const map = new lib.Beatmap(bytes);
    try {
      if (map.mode !== mode) {
        if (map.mode !== 0) {
          throw new PpInputError(`a mode ${map.mode} map cannot be converted to mode ${mode} (only osu!std maps convert)`);
        }
        map.convert(mode, convertMods);
      }
    } catch (err) {
      map.free();
      throw err instanceof PpInputError ? err : new PpInputError(`cannot convert map to mode ${mode}: ${String(err)}`);
    }
    this.beatmaps.set(key, map, { size: Math.max(1, Math.ceil(bytes.byteLength * 2.5)) });
    if (this.beatmaps.peek(key) === map) return { map, release: () => undefined };
    return { map, release: () => map.free() };
  }

  private rosuDifficulty(version: RosuVersion, md5: string, bytes: Uint8Array, mode: VanillaMode, mods: number, verdict: MapVerdict): PlainAttributes {
    const { map, release } = this.beatmap(version, md5, bytes, mode, mods, verdict);
    try {
      const lib = rosu(version);
      const calc = new lib.Difficulty({ mods, lazer: false });
      try {
        const attrs = calc.calculate(map);
        try {
          return plainAttributes(attrs);
        } finally {
          attrs.free();
        }
      } finally {
        calc.free();
      }
    } finally {
      release();
    }
  }

  /**
   * Difficulty attributes of a (validated) map for a rosu-family calculator; cached per worker.
   * `mods` must be normalised.
   */
  difficulty(id: RosuCalculatorId, ref: MapRef, mode: VanillaMode, mods: number): DifficultyResult {
    const { md5, bytes } = this.resolve(ref);
    const verdict = this.verdict(md5, bytes);
    const dmods = difficultyMods(mods);
    const base = { calculator: id, md5, mode, mods: dmods };
    if (verdict.suspicious) return { ...base, stars: 0, maxCombo: 0, attributes: {}, suspicious: true };
    const key = `${id}:${md5}:${mode}:${dmods}`;
    let attrs = this.difficulties.get(key);
    if (!attrs) {
      const rmods = rosuMods(id, mode, dmods);
      if (id === 'akatsuki-ap-2024') {
        const v2 = this.rosuDifficulty('2.0', md5, bytes, mode, rmods, verdict);
        const v3ap = this.rosuDifficulty('3.1', md5, bytes, mode, dmods, verdict);
        const v3 = this.rosuDifficulty('3.1', md5, bytes, mode, rmods, verdict);
        attrs = autopilotAttributes(v2, v3ap, v3, dmods);
      } else {
        attrs = this.rosuDifficulty(libVersion(id), md5, bytes, mode, rmods, verdict);
      }
      this.difficulties.set(key, attrs);
    }
    return { ...base, stars: numberOr(attrs, 'stars', 0), maxCombo: numberOr(attrs, 'maxCombo', 0), attributes: attrs, suspicious: false };
  }

  /** Performance from plain difficulty attributes (no map needed). `params.mods` normalised. */
  performance(id: RosuCalculatorId, attrs: PlainAttributes, params: ScoreParams): PpResult {
    const version = libVersion(id);
    const lib = rosu(version);
    const args: Record<string, unknown> = { mods: rosuMods(id, params.mode, params.mods), lazer: false };
    const onlyAccuracy = params.accuracy !== undefined;
    if (onlyAccuracy) {
      if (params.n300 !== undefined || params.n100 !== undefined || params.n50 !== undefined) {
        throw new PpInputError('give either accuracy or hit counts, not both');
      }
      args.accuracy = params.accuracy;
      // Fastest exists from 3.1 on; on rosu-2.0 BestCase is the only (and Akatsuki's) choice.
      if (lib.HitResultPriority.Fastest !== undefined) args.hitresultPriority = lib.HitResultPriority.Fastest;
    }
    for (const k of ['n300', 'n100', 'n50', 'nGeki', 'nKatu', 'misses', 'combo'] as const) {
      if (params[k] !== undefined) args[k] = params[k];
    }
    const perf = new lib.Performance(args);
    try {
      let input: PlainAttributes = attrs;
      if ('arOriginal' in attrs) {
        input = { ...attrs };
        delete input.arOriginal;
      }
      const p = perf.calculate(input);
      try {
        const components = numericGetters(p, PERF_COMPONENTS);
        const extras = numericGetters(p, PERF_EXTRAS);
        const state = p.state;
        const attributes: Record<string, number> = {};
        for (const [k, v] of Object.entries(attrs)) if (typeof v === 'number') attributes[k] = v;
        if (typeof attrs.arOriginal === 'number') attributes.ar = attrs.arOriginal;
        delete attributes.arOriginal;
        Object.assign(attributes, extras);
        return {
          calculator: id,
          stars: numberOr(attrs, 'stars', 0),
          pp: p.pp,
          maxCombo: numberOr(attrs, 'maxCombo', 0),
          components,
          attributes,
          ...(state
            ? {
                state: {
                  maxCombo: state.maxCombo,
                  n300: state.n300,
                  n100: state.n100,
                  n50: state.n50,
                  misses: state.misses,
                  nGeki: state.nGeki,
                  nKatu: state.nKatu,
                },
              }
            : {}),
        };
      } finally {
        p.free();
      }
    } catch (err) {
      if (err instanceof PpInputError) throw err;
      // rosu rejects non-integer counts etc. with a plain Error: that is the caller's input.
      if (err instanceof Error && !isWasmRuntimeError(err)) throw new PpInputError(`invalid score: ${err.message}`);
      throw err;
    } finally {
      perf.free();
    }
  }

  /**
   * A full calculation. `attrs` may come from the difficulty store (then the map is not parsed).
   * Returns the result and the attributes when they were computed here (for the store).
   */
  calculate(
    id: CalculatorId,
    ref: MapRef,
    rawParams: ScoreParams,
    stored?: PlainAttributes,
  ): { result: PpResult; computed?: DifficultyResult } {
    const params = normaliseParams(rawParams);
    if (!isRosuCalculator(id)) {
      const { bytes } = this.resolve(ref);
      const v = this.verdict(md5Hex(bytes), bytes);
      if (v.suspicious) return { result: suspiciousResult(id) };
      return { result: this.relaxCalculator().calculate(bytes, params) };
    }
    if (stored) return { result: this.performance(id, stored, params) };
    const d = this.difficulty(id, ref, params.mode, params.mods);
    if (d.suspicious) return { result: suspiciousResult(id) };
    return { result: this.performance(id, d.attributes, params), computed: d };
  }

  /** The osu_2019 relax calculator (native/ WASM), loaded by the worker at start if present. */
  setRelaxCalculator(calc: Calculator | undefined, error?: string): void {
    this.relax = calc;
    this.relaxError = error;
  }

  private relaxCalculator(): Calculator {
    if (!this.relax) throw new PpInputError(this.relaxError ?? 'calculator akatsuki-rx-2019 is not available: not built');
    return this.relax;
  }
}

function suspiciousResult(id: CalculatorId): PpResult {
  return { calculator: id, stars: 0, pp: 0, maxCombo: 0, components: {}, attributes: {}, suspicious: true };
}

const COUNT_FIELDS = ['n300', 'n100', 'n50', 'nGeki', 'nKatu', 'misses', 'combo'] as const;

/** Validates score parameters (types and ranges) and normalises the mods. */
export function normaliseParams(p: ScoreParams): ScoreParams {
  if (typeof p !== 'object' || p === null) throw new PpInputError('score parameters missing');
  if (p.mode !== 0 && p.mode !== 1 && p.mode !== 2 && p.mode !== 3) throw new PpInputError(`mode must be 0..3, got ${String(p.mode)}`);
  const out: ScoreParams = { mode: p.mode, mods: normaliseMods(p.mods, p.mode) };
  if (p.accuracy !== undefined) {
    if (typeof p.accuracy !== 'number' || !Number.isFinite(p.accuracy) || p.accuracy < 0 || p.accuracy > 100) {
      throw new PpInputError(`accuracy must be a percentage 0..100, got ${String(p.accuracy)}`);
    }
    out.accuracy = p.accuracy;
  }
  for (const k of COUNT_FIELDS) {
    const v = p[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new PpInputError(`${k} must be a non-negative integer, got ${String(v)}`);
    }
    out[k] = v;
  }
  if (out.accuracy !== undefined && (out.n300 !== undefined || out.n100 !== undefined || out.n50 !== undefined)) {
    throw new PpInputError('give either accuracy or hit counts (n300/n100/n50), not both');
  }
  return out;
}
