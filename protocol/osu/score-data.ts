/**
 * The decrypted score string of a submission (score-and-web.md §2.3): colon-separated tokens,
 * position matters. score-service needs at least 16 tokens and reads 0..15; token 17 (the osu!
 * version followed by N spaces, N = the legacy client's anticheat flags) is read when present and
 * any further tokens are ignored.
 *
 * `parseScoreData` is total: any input gives either a ScoreData or a ScoreDataError naming the
 * token, never an exception. Ranges are those the Akatsuki columns can hold (hit counts are
 * SMALLINT, score and combo INT), so a value that would not store is refused here.
 */
import type { VanillaMode } from './modes.js';
import type { PlayTotals } from './play-totals.js';

export type Grade = 'XH' | 'X' | 'SH' | 'S' | 'A' | 'B' | 'C' | 'D' | 'F';
const GRADES: ReadonlySet<string> = new Set(['XH', 'X', 'SH', 'S', 'A', 'B', 'C', 'D', 'F']);

export interface ScoreData extends PlayTotals {
  beatmapMd5: string;
  /** As sent, without the supporter's trailing space(s) (score-service right-strips). */
  username: string;
  /** 32 lower-case hex: the online checksum, unique per play (scores.checksum). */
  checksum: string;
  /** The client's grade (score-service recomputes its own). */
  clientGrade: Grade;
  mods: number;
  passed: boolean;
  mode: VanillaMode;
  /** `yyMMddHHmmss` as sent. */
  clientTime: string;
  /** `YYYYMMDD` part of token 17, '' when absent. */
  osuVersion: string;
  /** Trailing spaces of token 17: the legacy client flags. */
  clientFlags: number;
}

export class ScoreDataError extends Error {
  constructor(
    /** Token index that failed (-1 = the whole string). */
    readonly token: number,
    message: string,
  ) {
    super(message);
    this.name = 'ScoreDataError';
  }
}

const SMALLINT_MAX = 32767;
const INT_MAX = 2147483647;

export function parseScoreData(text: string): ScoreData | ScoreDataError {
  if (text.length > 4096) return new ScoreDataError(-1, 'score data longer than 4096 characters');
  const t = text.split(':');
  if (t.length < 16) return new ScoreDataError(-1, `expected at least 16 tokens, got ${t.length}`);
  const md5 = t[0]!;
  if (!/^[0-9a-f]{32}$/i.test(md5)) return new ScoreDataError(0, 'beatmap md5 is not 32 hex digits');
  const username = t[1]!.replace(/\s+$/, '');
  if (username.length === 0 || username.length > 32) return new ScoreDataError(1, 'bad username');
  const checksum = t[2]!;
  if (!/^[0-9a-f]{32}$/i.test(checksum)) return new ScoreDataError(2, 'checksum is not 32 hex digits');

  const ints: number[] = [];
  for (const [index, max] of [
    [3, SMALLINT_MAX],
    [4, SMALLINT_MAX],
    [5, SMALLINT_MAX],
    [6, SMALLINT_MAX],
    [7, SMALLINT_MAX],
    [8, SMALLINT_MAX],
    [9, INT_MAX],
    [10, INT_MAX],
  ] as const) {
    const n = uint(t[index]!, max);
    if (n === undefined) return new ScoreDataError(index, `token ${index} is not a whole number in 0..${max}`);
    ints.push(n);
  }
  const perfect = bool(t[11]!);
  if (perfect === undefined) return new ScoreDataError(11, 'perfect is not True/False');
  const grade = t[12]!;
  if (!GRADES.has(grade)) return new ScoreDataError(12, 'unknown grade');
  // Bit 31 is no mod: a value that does not fit the INT column is refused.
  const mods = uint(t[13]!, INT_MAX);
  if (mods === undefined) return new ScoreDataError(13, `mods is not a whole number in 0..${INT_MAX}`);
  const passed = bool(t[14]!);
  if (passed === undefined) return new ScoreDataError(14, 'passed is not True/False');
  const mode = uint(t[15]!, 3);
  if (mode === undefined) return new ScoreDataError(15, 'mode is not 0..3');
  const clientTime = t[16] ?? '';
  const versionToken = t[17] ?? '';
  const osuVersion = versionToken.trimEnd();
  const clientFlags = versionToken.length - osuVersion.length;

  return {
    beatmapMd5: md5.toLowerCase(),
    username,
    checksum: checksum.toLowerCase(),
    count300: ints[0]!,
    count100: ints[1]!,
    count50: ints[2]!,
    countGeki: ints[3]!,
    countKatu: ints[4]!,
    countMiss: ints[5]!,
    score: ints[6]!,
    maxCombo: ints[7]!,
    perfect,
    clientGrade: grade as Grade,
    mods,
    passed,
    mode: mode as VanillaMode,
    clientTime,
    osuVersion,
    clientFlags,
  };
}

function uint(s: string, max: number): number | undefined {
  if (!/^\d{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= max ? n : undefined;
}

function bool(s: string): boolean | undefined {
  return s === 'True' ? true : s === 'False' ? false : undefined;
}

/** The inverse of parseScoreData (tests and tools build client payloads with it). */
export function formatScoreData(d: ScoreData, usernameSuffix = ''): string {
  return [
    d.beatmapMd5,
    d.username + usernameSuffix,
    d.checksum,
    d.count300,
    d.count100,
    d.count50,
    d.countGeki,
    d.countKatu,
    d.countMiss,
    d.score,
    d.maxCombo,
    d.perfect ? 'True' : 'False',
    d.clientGrade,
    d.mods,
    d.passed ? 'True' : 'False',
    d.mode,
    d.clientTime,
    d.osuVersion + ' '.repeat(d.clientFlags),
  ].join(':');
}
