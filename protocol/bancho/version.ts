/**
 * osu! stable client version strings (shared/spec/bancho-protocol.md §3.1): `b` + YYYYMMDD,
 * an optional `.N` revision, an optional stream suffix (`beta`, `cuttingedge`, `tourney`,
 * `dev`); no suffix = stable. Total: every input gives a value or an OsuVersionError.
 */

export type ReleaseStream = 'stable' | 'beta' | 'cuttingedge' | 'tourney' | 'dev';

export interface OsuVersion {
  date: { year: number; month: number; day: number };
  /** The `.N` revision; null when absent. */
  revision: number | null;
  stream: ReleaseStream;
  /** The input, unchanged. */
  raw: string;
}

export class OsuVersionError extends Error {
  readonly input: string;
  constructor(input: string, why: string) {
    super(`invalid osu! version ${JSON.stringify(input.length > 64 ? input.slice(0, 64) + '…' : input)}: ${why}`);
    this.name = 'OsuVersionError';
    this.input = input;
  }
}

// bpy accepts a single-digit revision; two digits are allowed here so a future `.10` is not a
// login failure. Stream names are matched exactly (lower case), as the client sends them.
const VERSION_RE = /^b(\d{4})(\d{2})(\d{2})(?:\.(\d{1,2}))?(beta|cuttingedge|tourney|dev)?$/;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Parses a version string; throws OsuVersionError (and nothing else) when it is not one. */
export function parseOsuVersion(input: string): OsuVersion {
  if (typeof input !== 'string') throw new OsuVersionError(String(input), 'not a string');
  const m = VERSION_RE.exec(input);
  if (m === null) throw new OsuVersionError(input, 'expected b<YYYYMMDD>[.<revision>][beta|cuttingedge|tourney|dev]');
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isRealDate(year, month, day)) throw new OsuVersionError(input, `${m[1]}-${m[2]}-${m[3]} is not a calendar date`);
  return {
    date: { year, month, day },
    revision: m[4] === undefined ? null : Number(m[4]),
    stream: (m[5] as ReleaseStream | undefined) ?? 'stable',
    raw: input,
  };
}
