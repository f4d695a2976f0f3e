/**
 * Which calculator scores a play. The `akatsuki` profile (server default) reproduces Akatsuki's
 * live numbers: osu!std relax is their `osu_2019` algorithm, autopilot their fork's AP treatment,
 * everything else (vanilla, taiko/catch relax = vanilla there, mania) rosu-pp 2.0. The `official`
 * profile uses today's algorithm (rosu-pp 3.1, lazer's RX/AP treatment) for everything.
 */
import { Mods } from '../../protocol/osu/mods.js';
import type { VanillaMode } from '../../protocol/osu/modes.js';
import type { CalculatorId } from './calculator.js';

export type PpProfile = 'akatsuki' | 'official';

export function selectCalculator(profile: PpProfile, mode: VanillaMode, mods: number): CalculatorId {
  if (profile === 'official') return 'rosu-3.1';
  if (mode === 0 && mods & Mods.Relax) return 'akatsuki-rx-2019';
  if (mode === 0 && mods & Mods.Autopilot) return 'akatsuki-ap-2024';
  return 'rosu-2.0';
}
