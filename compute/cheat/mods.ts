/** Mod facts the heuristics need (legacy bitfield, shared/spec/cheat-detection.md §1.3). */
export const MOD_EZ = 2;
export const MOD_HR = 16;
export const MOD_DT = 64;
export const MOD_RX = 128;
export const MOD_HT = 256;
export const MOD_NC = 512;
export const MOD_AP = 8192;

/** Song-time speed: 1.5 with DT/NC, 0.75 with HT, else 1. */
export function clockRate(mods: number): number {
  if ((mods & (MOD_DT | MOD_NC)) !== 0) return 1.5;
  if ((mods & MOD_HT) !== 0) return 0.75;
  return 1;
}

export const hasHR = (mods: number): boolean => (mods & MOD_HR) !== 0;
