/**
 * The calculator interface every PP algorithm implements, with a version id so each algorithm can
 * back its own leaderboards (reworks) and results say which algorithm produced them.
 *
 *   rosu-3.1          the current official algorithm (rosu-pp-js 3.1.0)
 *   rosu-2.0          Akatsuki's live vanilla/taiko/catch/mania numbers (rosu-pp-js 2.0.0)
 *   akatsuki-rx-2019  Akatsuki's osu!std relax (`osu_2019`, f32), our own Rust in native/
 *   akatsuki-ap-2024  Akatsuki's osu!std autopilot (their 2024-11 rosu fork), emulated from the
 *                     two rosu-pp-js builds (compute/pp/autopilot.ts; ~0.4-0.7 % away)
 *
 * Calculators are synchronous and run inside compute workers; plain data in, plain data out.
 */
import type { VanillaMode } from '../../protocol/osu/modes.js';

export const CALCULATOR_IDS = ['rosu-3.1', 'rosu-2.0', 'akatsuki-rx-2019', 'akatsuki-ap-2024'] as const;
export type CalculatorId = (typeof CALCULATOR_IDS)[number];

/** What is known of a score (a stable score: lazer = false). */
export interface ScoreParams {
  /** Mode to calculate in (a std map may be converted to 1..3). */
  mode: VanillaMode;
  /** Stable mod bits, validated and normalised before they get here. */
  mods: number;
  /** Percent 0..100; mutually exclusive with the hit counts. */
  accuracy?: number;
  n300?: number;
  n100?: number;
  n50?: number;
  nGeki?: number;
  nKatu?: number;
  misses?: number;
  /** Max combo reached; undefined = the map's max combo. */
  combo?: number;
}

export interface PpResult {
  calculator: CalculatorId;
  /** Raw, unrounded. */
  stars: number;
  pp: number;
  maxCombo: number;
  /** pp components by name (ppAim, ppSpeed, ppAcc, ppFlashlight, ppDifficulty …). */
  components: Record<string, number>;
  /** Other difficulty attributes worth returning (ar, od, aimStrain, nCircles …). */
  attributes: Record<string, number>;
  /** Hit results actually used (generated from accuracy when only accuracy was given). */
  state?: Record<string, number>;
  /** The map looked abusive (rosu `isSuspicious()`): pp is 0 and nothing was computed. */
  suspicious?: boolean;
}

export interface Calculator {
  readonly id: CalculatorId;
  /** `osu` = the .osu file bytes. Throws a `PpInputError` for unusable input. */
  calculate(osu: Uint8Array, params: ScoreParams): PpResult;
}

/** Bad map or score parameters: a clear error the API turns into a 4xx. */
export class PpInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PpInputError';
  }
}
