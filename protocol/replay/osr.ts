/**
 * The `.osr` file (shared/spec/cheat-detection.md §1.2): the header every client writes, the
 * compressed frame stream, the online score id and, for lazer (version >= 30000001), the
 * LZMA-compressed JSON score-info block. `readOsr` is total: any input either parses or throws
 * ReplayDecodeError.
 */
import { ByteReader } from './byte-reader.js';
import { ReplayDecodeError } from './errors.js';
import { decodeLzmaJs, type LzmaDecoder } from './lzma.js';
import type { PlayTotals } from '../osu/play-totals.js';

/** First lazer version that appends the JSON score-info block. */
export const LAZER_SCORE_INFO_VERSION = 30000001;
/** .NET ticks of 1970-01-01T00:00:00Z (100 ns units since 0001-01-01). */
export const UNIX_EPOCH_TICKS = 621355968000000000n;
/** Largest lazer JSON block we decompress (real ones are a few hundred bytes). */
const MAX_SCORE_INFO_BYTES = 1024 * 1024;

export interface OsrHeader extends PlayTotals {
  /** 0 std, 1 taiko, 2 catch, 3 mania. */
  mode: number;
  gameVersion: number;
  beatmapMd5: string | null;
  username: string | null;
  replayMd5: string | null;
  mods: number;
  lifeBarGraph: string | null;
  /** .NET ticks (100 ns since 0001-01-01 UTC); 0 in some locally produced files. */
  timestampTicks: bigint;
  /** Online score id as stored (lazer maps 0 to -1); null when the file ends before it. */
  onlineScoreId: number | null;
  /** Target Practice only. */
  extraModInfo: number | null;
}

export interface Osr {
  header: OsrHeader;
  /** The compressed frame stream exactly as stored (what a client uploads at submission). */
  frames: Uint8Array;
  /** Lazer's JSON score-info block, parsed; null for stable replays. */
  scoreInfo: Record<string, unknown> | null;
  /** Bytes after the last field we understand (tolerated, e.g. ppy's legacy-online-id file). */
  trailingBytes: number;
}

export interface ReadOsrOptions {
  /** Decoder for the lazer JSON block; default the pure-JS one. */
  lzma?: LzmaDecoder;
}

/** Unix milliseconds of a .NET ticks timestamp (may be negative for year-1 files). */
export function ticksToUnixMs(ticks: bigint): number {
  return Number((ticks - UNIX_EPOCH_TICKS) / 10000n);
}

export function unixMsToTicks(ms: number): bigint {
  return BigInt(Math.round(ms)) * 10000n + UNIX_EPOCH_TICKS;
}

function safeId(v: bigint, at: number): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new ReplayDecodeError('bad-field', `online score id ${v} out of range`, at);
  return n;
}

export function readOsr(bytes: Uint8Array, options: ReadOsrOptions = {}): Osr {
  const r = new ByteReader(bytes);
  const mode = r.u8('mode');
  const gameVersion = r.i32('game version');
  const beatmapMd5 = r.string('beatmap md5');
  const username = r.string('player name');
  const replayMd5 = r.string('replay md5');
  const count300 = r.u16('count 300');
  const count100 = r.u16('count 100');
  const count50 = r.u16('count 50');
  const countGeki = r.u16('count geki');
  const countKatu = r.u16('count katu');
  const countMiss = r.u16('count miss');
  const score = r.i32('total score');
  const maxCombo = r.u16('max combo');
  const perfect = r.u8('perfect') !== 0;
  const mods = r.i32('mods') >>> 0;
  const lifeBarGraph = r.string('life bar graph');
  const timestampTicks = r.i64('timestamp');
  const lenAt = r.pos;
  const frameLength = r.i32('frame data length');
  if (frameLength < 0) throw new ReplayDecodeError('bad-field', `frame data length ${frameLength}`, lenAt);
  const frames = r.take(frameLength, 'frame data');

  // The id's width follows what remains, not the version (§1.2 row 20: real files contradict it).
  let onlineScoreId: number | null = null;
  const idAt = r.pos;
  if (r.remaining() >= 8) onlineScoreId = safeId(r.i64('online score id'), idAt);
  else if (r.remaining() >= 4) onlineScoreId = r.i32('online score id');

  let extraModInfo: number | null = null;
  if ((mods & (1 << 23)) !== 0 && r.remaining() >= 8) extraModInfo = r.f64('extra mod info');

  let scoreInfo: Record<string, unknown> | null = null;
  if (gameVersion >= LAZER_SCORE_INFO_VERSION && r.remaining() >= 4) {
    const infoAt = r.pos;
    const infoLength = r.i32('score info length');
    if (infoLength < 0 || infoLength > MAX_SCORE_INFO_BYTES) {
      throw new ReplayDecodeError('bad-field', `score info length ${infoLength}`, infoAt);
    }
    const block = r.take(infoLength, 'score info');
    const decode = options.lzma ?? decodeLzmaJs;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(decode(block));
    } catch (err) {
      if (err instanceof ReplayDecodeError) throw new ReplayDecodeError(err.code, `score info: ${err.message}`, infoAt + 4);
      throw new ReplayDecodeError('bad-json', 'score info is not UTF-8', infoAt + 4);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      scoreInfo = parsed as Record<string, unknown>;
    } catch {
      throw new ReplayDecodeError('bad-json', 'score info is not a JSON object', infoAt + 4);
    }
  }

  return {
    header: {
      mode, gameVersion, beatmapMd5, username, replayMd5,
      count300, count100, count50, countGeki, countKatu, countMiss,
      score, maxCombo, perfect, mods, lifeBarGraph, timestampTicks, onlineScoreId, extraModInfo,
    },
    frames,
    scoreInfo,
    trailingBytes: r.remaining(),
  };
}
