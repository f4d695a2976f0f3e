/**
 * `akatsuki-rx-2019`: Akatsuki's osu!std relax pp (`akatsuki_pp::osu_2019` at c0e499ec, the
 * revision osuAkatsuki/performance-service pins), computed by our own Rust port in native/
 * (WASM). Bit-exact with the reference on the shared test cases (compute/test/relax-2019.test.ts).
 *
 * Input rules follow performance-service: accuracy (percent) OR hit counts, plus misses and
 * combo; nothing at all means SS. NaN/infinite results (only possible on degenerate maps) are
 * reported as 0, as performance-service does.
 */
import { PpInputError, type Calculator, type PpResult, type ScoreParams } from '../calculator.js';
import { calculateRaw, NONE_U32, Out, preload, Status, type NativeInput } from './native.js';

// Compile the module when this file is imported (a few ms, once per thread): a missing or broken
// .wasm then fails the import, which the registry reports as CalculatorUnavailableError, instead
// of failing later inside a score calculation.
preload();

const MAX_U32_VALUE = NONE_U32 - 1;

function u32Param(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_U32_VALUE) {
    throw new PpInputError(`${name} must be an integer 0..${MAX_U32_VALUE}, got ${String(v)}`);
  }
  return v;
}

/** Score parameters → the native ABI's arguments (validated). */
export function toNativeInput(params: ScoreParams): NativeInput {
  if (typeof params !== 'object' || params === null) throw new PpInputError('score parameters missing');
  if (params.mode !== 0) throw new PpInputError(`akatsuki-rx-2019 is osu!standard only, got mode ${String(params.mode)}`);
  const mods = params.mods;
  if (typeof mods !== 'number' || !Number.isInteger(mods) || mods < 0 || mods > 0xffffffff) {
    throw new PpInputError(`mods must be stable mod bits (u32), got ${String(mods)}`);
  }
  const hasCounts = params.n300 !== undefined || params.n100 !== undefined || params.n50 !== undefined;
  let accuracy = -1;
  if (params.accuracy !== undefined) {
    const a = params.accuracy;
    if (typeof a !== 'number' || !Number.isFinite(a) || a < 0 || a > 100) {
      throw new PpInputError(`accuracy must be a percentage 0..100, got ${String(a)}`);
    }
    if (hasCounts) throw new PpInputError('give either accuracy or hit counts (n300/n100/n50), not both');
    accuracy = a;
  }
  return {
    mods,
    combo: u32Param('combo', params.combo, NONE_U32),
    misses: u32Param('misses', params.misses, 0),
    accuracy,
    n300: u32Param('n300', params.n300, NONE_U32),
    n100: u32Param('n100', params.n100, NONE_U32),
    n50: u32Param('n50', params.n50, NONE_U32),
  };
}

const STATUS_MESSAGES: Record<number, string> = {
  [Status.Empty]: 'beatmap is empty',
  [Status.NotOsuFile]: 'not an .osu file (no "osu file format v" header)',
  [Status.NotStandard]: 'beatmap is not an osu!standard map',
  [Status.NoObjects]: 'beatmap has no hit objects',
  [Status.TooManyObjects]: 'beatmap is too large (objects or bytes)',
  [Status.TooComplex]: 'beatmap is too complex to evaluate (slider paths or nested objects beyond limits)',
  [Status.BadParams]: 'invalid score parameters',
  [Status.BadPointer]: 'internal error: bad buffer',
  [Status.UnreachableAccuracy]: 'this accuracy cannot be reached with the map\'s object count and the given misses (the reference would wrap its counts around)',
};

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

export class AkatsukiRelax2019Calculator implements Calculator {
  readonly id = 'akatsuki-rx-2019' as const;

  calculate(osu: Uint8Array, params: ScoreParams): PpResult {
    if (!(osu instanceof Uint8Array)) throw new PpInputError('beatmap must be the .osu file bytes (Uint8Array)');
    const input = toNativeInput(params);
    const { status, out } = calculateRaw(osu, input);
    if (status !== Status.Ok || !out) {
      throw new PpInputError(`akatsuki-rx-2019: ${STATUS_MESSAGES[status] ?? `native status ${status}`}`);
    }
    return {
      calculator: this.id,
      stars: finite(out[Out.stars]!),
      pp: finite(out[Out.pp]!),
      maxCombo: out[Out.maxCombo]!,
      components: {
        ppAim: finite(out[Out.ppAim]!),
        ppSpeed: finite(out[Out.ppSpeed]!),
        ppAcc: finite(out[Out.ppAcc]!),
      },
      attributes: {
        aimStrain: finite(out[Out.aimStrain]!),
        speedStrain: finite(out[Out.speedStrain]!),
        ar: out[Out.ar]!,
        od: out[Out.od]!,
        nCircles: out[Out.nCircles]!,
        nSliders: out[Out.nSliders]!,
        nSpinners: out[Out.nSpinners]!,
        effectiveMissCount: finite(out[Out.effectiveMissCount]!),
      },
    };
  }
}

/** The calculator instance (stateless; the WASM instance behind it is per thread). */
export const akatsukiRelax2019 = new AkatsukiRelax2019Calculator();
