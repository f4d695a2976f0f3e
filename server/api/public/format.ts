/**
 * Value formats shared by akatsuki-api's shapes, the osu! v1 compatibility routes and the website:
 * RFC 3339 times, the level curve, the grade letter, user titles, the mode/rx vocabulary.
 */
import type { VanillaMode } from '../../../protocol/osu/modes.js';

/** Go's time.Time JSON form for a unix time in UTC: `2024-05-01T12:00:00Z` (no fraction). */
export function rfc3339(unix: number): string {
  if (!Number.isFinite(unix)) return '0001-01-01T00:00:00Z';
  return new Date(Math.trunc(unix) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** osu! API v1's date form (`2024-05-01 12:00:00`, UTC). */
export function mysqlDate(unix: number): string {
  return rfc3339(unix).replace('T', ' ').replace('Z', '');
}

/** Total score needed for level n (score-and-web.md §2.11, Ripple's `ocl`). */
export function levelRequirement(n: number): number {
  if (n <= 1) return n === 1 ? 1 : 0;
  if (n <= 100) return Math.floor((5000 / 3) * (4 * n ** 3 - 3 * n ** 2 - n) + Math.floor(1.25 * 1.8 ** (n - 60)));
  return 26_931_190_829 + 100_000_000_000 * (n - 100);
}

/** Precise level from total score: n + progress towards n+1 (0 on NaN/∞). */
export function levelPrecise(totalScore: number): number {
  if (!(totalScore > 1)) return 1;
  let n = 1;
  // Levels above 100 grow linearly: jump there directly instead of looping millions of times.
  if (totalScore >= levelRequirement(100)) n = 100 + Math.floor((totalScore - levelRequirement(100)) / 100_000_000_000);
  while (levelRequirement(n + 1) <= totalScore) n++;
  const lo = levelRequirement(n);
  const hi = levelRequirement(n + 1);
  const frac = (totalScore - lo) / (hi - lo);
  const v = n + frac;
  return Number.isFinite(v) ? v : 0;
}

const SILVER_MODS = 8 | 1024 | (1 << 20);

/**
 * The grade letter akatsuki-api computes for a score (getrank): SSHD/SS/SHD/S/A/B/C/D with the
 * silver variants under HD, FL or FadeIn (score-and-web.md §2.8).
 */
export function gradeOf(mode: number, mods: number, accuracy: number, n300: number, n100: number, n50: number, nmiss: number): string {
  const silver = (mods & SILVER_MODS) !== 0;
  const ss = silver ? 'SSHD' : 'SS';
  const s = silver ? 'SHD' : 'S';
  if (mode === 2 || mode === 3) {
    const [sMin, aMin, bMin, cMin] = mode === 2 ? [98, 94, 90, 85] : [95, 90, 80, 70];
    if (accuracy >= 100) return ss;
    if (accuracy > sMin!) return s;
    if (accuracy > aMin!) return 'A';
    if (accuracy > bMin!) return 'B';
    if (accuracy > cMin!) return 'C';
    return 'D';
  }
  const objects = n300 + n100 + n50 + nmiss;
  if (objects === 0) return 'D';
  const r300 = n300 / objects;
  const r50 = n50 / objects;
  if (r300 === 1) return ss;
  if (r300 > 0.9 && r50 <= 0.01 && nmiss === 0) return s;
  if ((r300 > 0.8 && nmiss === 0) || r300 > 0.9) return 'A';
  if ((r300 > 0.7 && nmiss === 0) || r300 > 0.8) return 'B';
  if (r300 > 0.6) return 'C';
  return 'D';
}

export const MODE_NAMES = ['std', 'taiko', 'ctb', 'mania'] as const;
export const MODE_LABELS = ['osu!', 'osu!taiko', 'osu!catch', 'osu!mania'] as const;
export const RX_LABELS = ['Vanilla', 'Relax', 'Autopilot'] as const;
export type Rx = 0 | 1 | 2;
export const PLAYSTYLE_OF_RX = ['vanilla', 'relax', 'autopilot'] as const;

/** Relax has no mania, autopilot only std (akatsuki-api's stats array leaves those zero). */
export function modeExists(rx: Rx, mode: VanillaMode): boolean {
  if (rx === 1) return mode !== 3;
  if (rx === 2) return mode === 0;
  return true;
}

const TITLE_NAMES: Readonly<Record<string, string>> = {
  bot: 'CHAT BOT',
  product_manager: 'PRODUCT MANAGER',
  developer: 'PRODUCT DEVELOPER',
  designer: 'PRODUCT DESIGNER',
  community_manager: 'COMMUNITY MANAGER',
  community_support: 'COMMUNITY SUPPORT',
  event_manager: 'EVENT MANAGER',
  nqa: 'NOMINATION QUALITY ASSURANCE',
  nominator: 'BEATMAP NOMINATOR',
  scorewatcher: 'SOCIAL MEDIA MANAGER',
  champion: 'AKATSUKI CHAMPION',
  premium: 'AKATSUKI+',
  donor: 'SUPPORTER',
};

/** Privilege-derived titles in akatsuki-api's priority order (badge-derived ones need badge ids). */
const PRIVILEGE_TITLES: ReadonlyArray<[mask: number, id: string]> = [
  [9437183, 'product_manager'],
  [10743327, 'developer'],
  [9425151, 'community_manager'],
  [9212159, 'community_support'],
  [9175111, 'community_support'],
  [10485767, 'event_manager'],
  [33554432, 'nqa'],
  [8388871, 'nominator'],
  [1 << 23, 'premium'],
  [1 << 2, 'donor'],
];

/** `user_title` as akatsuki-api shows it: the chosen title, else the first one the user is eligible for. */
export function userTitle(stored: string | null, privileges: number): { id: string; title: string } {
  if (stored) return { id: stored, title: TITLE_NAMES[stored] ?? stored };
  for (const [mask, id] of PRIVILEGE_TITLES) if ((privileges & mask) === mask) return { id, title: TITLE_NAMES[id]! };
  return { id: '', title: '' };
}
