/**
 * Builds a full `.osr` from a stored score and the compressed frame stream the client uploaded
 * (shared/spec/score-and-web.md §2.17, what Akatsuki's score-service serves at
 * /web/replays/{id}): the header from the score row, the stream verbatim, the score id.
 */
import { createHash } from 'node:crypto';
import { ByteWriter } from './byte-reader.js';
import { unixMsToTicks } from './osr.js';
import type { PlayTotals } from '../osu/play-totals.js';

/** The version score-service writes (the real client build is not stored with the score). */
export const AKATSUKI_REPLAY_VERSION = 20211103;
const I32_MAX = 2147483647;
const U16_MAX = 65535;

export interface ReplayScore extends PlayTotals {
  /** bigint: autopilot score ids (from 6.1e18) exceed 2^53. */
  scoreId: number | bigint;
  /** Vanilla mode 0-3 (relax/autopilot scores are written with their vanilla mode). */
  mode: number;
  beatmapMd5: string;
  username: string;
  mods: number;
  /** Play time, unix seconds (`scores.time`). */
  playedAt: number;
  /** Defaults to AKATSUKI_REPLAY_VERSION. */
  gameVersion?: number;
}

/** score-service's replay checksum (lower-case true/false, rank 0, trailing "true"). */
export function akatsukiReplayMd5(s: ReplayScore): string {
  const text =
    `${s.count100 + s.count300}p${s.count50}o${s.countGeki}o${s.countKatu}t${s.countMiss}` +
    `a${s.beatmapMd5}r${s.maxCombo}e${s.perfect ? 'true' : 'false'}y${s.username}o${s.score}u0${s.mods}true`;
  return createHash('md5').update(text, 'utf8').digest('hex');
}

const u16 = (v: number): number => Math.max(0, Math.min(U16_MAX, Math.trunc(v)));
const i32 = (v: number): number => Math.max(-I32_MAX - 1, Math.min(I32_MAX, Math.trunc(v)));

/** The full file: header, `frames` (the uploaded LZMA stream, untouched), int64 score id. */
export function writeOsr(s: ReplayScore, frames: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.u8(s.mode & 3)
    .i32(s.gameVersion ?? AKATSUKI_REPLAY_VERSION)
    .string(s.beatmapMd5)
    .string(s.username)
    .string(akatsukiReplayMd5(s))
    .u16(u16(s.count300)).u16(u16(s.count100)).u16(u16(s.count50))
    .u16(u16(s.countGeki)).u16(u16(s.countKatu)).u16(u16(s.countMiss))
    .i32(i32(s.score))
    .u16(u16(s.maxCombo))
    .u8(s.perfect ? 1 : 0)
    .i32(s.mods | 0)
    .string(null)
    .i64(unixMsToTicks(s.playedAt * 1000))
    .i32(frames.length)
    .bytes(frames)
    .i64(typeof s.scoreId === 'bigint' ? s.scoreId : BigInt(Math.trunc(s.scoreId)));
  return w.finish();
}

/** Download name score-service uses: replay-{osu|taiko|fruits|mania}_{beatmap id}_{score id}.osr */
export function replayFileName(mode: number, beatmapId: number, scoreId: number): string {
  const names = ['osu', 'taiko', 'fruits', 'mania'] as const;
  return `replay-${names[mode & 3]}_${beatmapId}_${scoreId}.osr`;
}
