/**
 * `POST /api/v1/calculate`, performance-service's batch pp endpoint (pp-compute.md §4.1), same
 * body and answer: a JSON array of `{beatmap_id, beatmap_md5, mode, mods, max_combo, accuracy?,
 * count_300?, count_100?, count_50?, miss_count}` → an array in the same order of
 * `{stars, pp, ar, od, max_combo}`, stars/pp rounded to 2 decimals in f32 (printed as the
 * shortest decimal of that f32, as serde does), NaN/inf → 0, ar/od only for osu! (0 otherwise).
 *
 * Errors: neither or both of `accuracy` and the three counts → 400 "you must pass accuracy OR hit
 * results" (the original text). Where the original answers 500 "internal server error" for
 * everything else, Hayate is more precise without changing the success shape: a body that is not
 * such an array → 400 naming the field; a map that is not in the beatmap store → 404
 * "beatmap not found"; invalid mods or a map that cannot be calculated → 400 with the reason;
 * a saturated compute pool → 503. Maps are found by `beatmap_id`, or by `beatmap_md5` when the id
 * is 0 or unknown (the original ignores the md5), and read from DATA_DIR/osu by the pool.
 */
import type { VanillaMode } from '../../../protocol/osu/modes.js';
import type { Storage } from '../../ports/storage.js';
import type { HttpRequest, HttpResponse } from '../../http/types.js';
import { json, text } from '../../http/types.js';
import type { ComputePool, ScoreInput } from '../../../compute/pool.js';
import { ComputeBusyError } from '../../../compute/errors.js';
import { PpInputError, type PpResult } from '../../../compute/pp/calculator.js';

export interface CalculateRequestItem {
  beatmapId: number;
  beatmapMd5: string;
  mode: VanillaMode;
  mods: number;
  maxCombo: number;
  accuracy?: number;
  count300?: number;
  count100?: number;
  count50?: number;
  missCount: number;
}

export interface CalculateResponseItem {
  stars: number;
  pp: number;
  ar: number;
  od: number;
  max_combo: number;
}

export class CalculateInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CalculateInputError';
  }
}

export const ACCURACY_OR_COUNTS = 'you must pass accuracy OR hit results';
const MAX_BATCH = 1000;

/** Shortest decimal that reads back as the same f32 (what serde_json prints for an f32). */
export function f32Json(v: number): number {
  const f = Math.fround(v);
  if (!Number.isFinite(f)) return 0;
  for (let p = 1; p <= 9; p++) {
    const n = Number(f.toPrecision(p));
    if (Math.fround(n) === f) return n;
  }
  return f;
}

/** `(x * 100.0).round() / 100.0` in f32, NaN/inf → 0. */
export function round2f32(x: number): number {
  const v = Math.fround(x);
  if (!Number.isFinite(v)) return 0;
  const scaled = Math.fround(v * 100);
  const r = Math.sign(scaled) * Math.round(Math.abs(scaled)); // half away from zero, as Rust
  return f32Json(Math.fround(r / 100));
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;

function field(o: Record<string, unknown>, name: string, i: number, optional = false): number | undefined {
  const v = o[name];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new CalculateInputError(400, `item ${i}: missing ${name}`);
  }
  if (!isInt(v)) throw new CalculateInputError(400, `item ${i}: ${name} must be a 32-bit integer`);
  return v;
}

export function parseCalculateBody(body: Buffer): CalculateRequestItem[] {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CalculateInputError(400, 'body must be a JSON array');
  }
  if (!Array.isArray(v)) throw new CalculateInputError(400, 'body must be a JSON array');
  if (v.length > MAX_BATCH) throw new CalculateInputError(400, `at most ${MAX_BATCH} items per request`);
  return v.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CalculateInputError(400, `item ${i}: must be an object`);
    const o = raw as Record<string, unknown>;
    const mode = field(o, 'mode', i)!;
    if (mode < 0 || mode > 3) throw new CalculateInputError(400, `item ${i}: mode must be 0-3`);
    const md5 = o.beatmap_md5 ?? '';
    if (typeof md5 !== 'string') throw new CalculateInputError(400, `item ${i}: beatmap_md5 must be a string`);
    let accuracy: number | undefined;
    if (o.accuracy !== undefined && o.accuracy !== null) {
      if (typeof o.accuracy !== 'number' || !Number.isFinite(o.accuracy)) throw new CalculateInputError(400, `item ${i}: accuracy must be a number`);
      accuracy = Math.fround(o.accuracy);
    }
    const c300 = field(o, 'count_300', i, true);
    const c100 = field(o, 'count_100', i, true);
    const c50 = field(o, 'count_50', i, true);
    const allCounts = c300 !== undefined && c100 !== undefined && c50 !== undefined;
    if ((accuracy === undefined) === !allCounts) throw new CalculateInputError(400, ACCURACY_OR_COUNTS);
    return {
      beatmapId: field(o, 'beatmap_id', i, true) ?? 0,
      beatmapMd5: md5.toLowerCase(),
      mode: mode as VanillaMode,
      mods: field(o, 'mods', i)!,
      maxCombo: field(o, 'max_combo', i)!,
      ...(accuracy !== undefined ? { accuracy } : { count300: c300!, count100: c100!, count50: c50! }),
      missCount: field(o, 'miss_count', i)!,
    };
  });
}

function od(r: PpResult): number {
  const a = r.attributes;
  if (typeof a.od === 'number') return a.od;
  // rosu 3.x reports the great hit window instead of OD: window = 80 − 6·OD.
  if (typeof a.greatHitWindow === 'number') return (80 - a.greatHitWindow) / 6;
  return 0;
}

export interface CalculateDeps {
  storage: Storage;
  pool: ComputePool;
}

async function resolveMd5(deps: CalculateDeps, item: CalculateRequestItem): Promise<string> {
  if (item.beatmapId !== 0) {
    const row = await deps.storage.beatmaps.findById(item.beatmapId);
    if (row) return row.beatmapMd5;
  }
  if (/^[0-9a-f]{32}$/.test(item.beatmapMd5)) {
    const row = await deps.storage.beatmaps.findByMd5(item.beatmapMd5);
    if (row) return row.beatmapMd5;
  }
  throw new CalculateInputError(404, `beatmap not found: ${item.beatmapId !== 0 ? item.beatmapId : item.beatmapMd5 || '(none)'}`);
}

export async function calculateOne(deps: CalculateDeps, item: CalculateRequestItem): Promise<CalculateResponseItem> {
  const md5 = await resolveMd5(deps, item);
  if (item.mods < 0) throw new CalculateInputError(400, 'mods must not be negative');
  const score: ScoreInput = {
    mode: item.mode,
    mods: item.mods,
    misses: Math.max(0, item.missCount),
    ...(item.maxCombo > 0 ? { combo: item.maxCombo } : {}),
    ...(item.accuracy !== undefined
      ? { accuracy: Math.min(100, Math.max(0, item.accuracy)) }
      : { n300: Math.max(0, item.count300!), n100: Math.max(0, item.count100!), n50: Math.max(0, item.count50!) }),
  };
  let r: PpResult;
  try {
    r = await deps.pool.calculate({ map: { md5 }, score });
  } catch (err) {
    if (err instanceof PpInputError) throw new CalculateInputError(400, err.message);
    if (err instanceof ComputeBusyError) throw new CalculateInputError(503, 'busy, try again');
    throw err;
  }
  const std = item.mode === 0;
  return {
    stars: round2f32(r.stars),
    pp: round2f32(r.pp),
    ar: std ? f32Json(r.attributes.ar ?? 0) : 0,
    od: std ? f32Json(od(r)) : 0,
    max_combo: r.maxCombo,
  };
}

export async function handleCalculate(deps: CalculateDeps, req: HttpRequest): Promise<HttpResponse> {
  try {
    const items = parseCalculateBody(req.body);
    const out = await Promise.all(items.map((item) => calculateOne(deps, item)));
    return json(200, out);
  } catch (err) {
    if (err instanceof CalculateInputError) return text(err.status, err.message);
    throw err;
  }
}
