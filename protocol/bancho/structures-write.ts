/**
 * Size and write functions for the §1.6 structures. Encoders call `xSize` for the exact length,
 * allocate once, then `writeX`; the two must agree byte for byte (the round-trip tests check it).
 */
import type { FastBuffer } from './fast-buffer.js';
import * as w from './primitives-write.js';
import type {
  Channel,
  Match,
  Message,
  ReplayFrameBundle,
  ScoreFrame,
  UserAction,
  UserPresence,
  UserStats,
} from './types.js';
import { MATCH_SLOT_COUNT, SlotStatus } from './types.js';

export function messageSize(m: Message): number {
  return w.stringSize(m.sender) + w.stringSize(m.text) + w.stringSize(m.recipient) + 4;
}

export function writeMessage(b: FastBuffer, p: number, m: Message): number {
  p = w.string(b, p, m.sender);
  p = w.string(b, p, m.text);
  p = w.string(b, p, m.recipient);
  return w.i32(b, p, m.senderId);
}

export function channelSize(ch: Channel): number {
  return w.stringSize(ch.name) + w.stringSize(ch.topic) + 2;
}

export function writeChannel(b: FastBuffer, p: number, ch: Channel): number {
  p = w.string(b, p, ch.name);
  p = w.string(b, p, ch.topic);
  return w.u16(b, p, ch.userCount);
}

export function userActionSize(a: UserAction): number {
  return 1 + w.stringSize(a.infoText) + w.stringSize(a.beatmapMd5) + 4 + 1 + 4;
}

export function writeUserAction(b: FastBuffer, p: number, a: UserAction): number {
  p = w.u8(b, p, a.action);
  p = w.string(b, p, a.infoText);
  p = w.string(b, p, a.beatmapMd5);
  p = w.i32(b, p, a.mods);
  p = w.u8(b, p, a.mode);
  return w.i32(b, p, a.beatmapId);
}

export function userPresenceSize(u: UserPresence): number {
  return 4 + w.stringSize(u.username) + 3 + 4 + 4 + 4;
}

export function writeUserPresence(b: FastBuffer, p: number, u: UserPresence): number {
  p = w.i32(b, p, u.userId);
  p = w.string(b, p, u.username);
  p = w.u8(b, p, u.utcOffset + 24);
  p = w.u8(b, p, u.countryIndex);
  p = w.u8(b, p, (u.privileges & 0x1f) | ((u.mode & 0x7) << 5));
  p = w.f32(b, p, u.longitude);
  p = w.f32(b, p, u.latitude);
  return w.i32(b, p, u.globalRank);
}

export function userStatsSize(s: UserStats): number {
  return 4 + userActionSize(s.action) + 8 + 4 + 4 + 8 + 4 + 2;
}

const U16_MAX = 0xffff;

/**
 * pp is a u16 on the wire. Above 65535 the pp value goes into the ranked-score field and pp is 0
 * (bpy/legacy; the client then shows the "score" as the pp figure). pp is rounded to an integer.
 */
export function writeUserStats(b: FastBuffer, p: number, s: UserStats): number {
  const pp = Math.round(s.pp);
  const overflow = pp > U16_MAX;
  p = w.i32(b, p, s.userId);
  p = writeUserAction(b, p, s.action);
  p = w.i64(b, p, overflow ? BigInt(pp) : s.rankedScore);
  p = w.f32(b, p, s.accuracy);
  p = w.i32(b, p, s.playCount);
  p = w.i64(b, p, s.totalScore);
  p = w.i32(b, p, s.globalRank);
  return w.u16(b, p, overflow ? 0 : pp);
}

export function scoreFrameSize(f: ScoreFrame): number {
  return f.scoreV2 ? 45 : 29;
}

export function writeScoreFrame(b: FastBuffer, p: number, f: ScoreFrame): number {
  p = w.i32(b, p, f.time);
  p = w.u8(b, p, f.slotId);
  p = w.u16(b, p, f.count300);
  p = w.u16(b, p, f.count100);
  p = w.u16(b, p, f.count50);
  p = w.u16(b, p, f.countGeki);
  p = w.u16(b, p, f.countKatu);
  p = w.u16(b, p, f.countMiss);
  p = w.i32(b, p, f.totalScore);
  p = w.u16(b, p, f.maxCombo);
  p = w.u16(b, p, f.currentCombo);
  p = w.u8(b, p, f.perfect ? 1 : 0);
  p = w.u8(b, p, f.currentHp);
  p = w.u8(b, p, f.tagByte);
  p = w.u8(b, p, f.scoreV2 ? 1 : 0);
  if (f.scoreV2) {
    p = w.f64(b, p, f.comboPortion ?? 0);
    p = w.f64(b, p, f.bonusPortion ?? 0);
  }
  return p;
}

export function replayFrameBundleSize(r: ReplayFrameBundle): number {
  if (r.frames.length > w.MAX_LIST_LENGTH) {
    throw new RangeError(`replay bundle of ${r.frames.length} frames exceeds the u16 count`);
  }
  return 4 + 2 + 14 * r.frames.length + 1 + scoreFrameSize(r.scoreFrame) + 2;
}

export function writeReplayFrameBundle(b: FastBuffer, p: number, r: ReplayFrameBundle): number {
  p = w.i32(b, p, r.extra);
  p = w.u16(b, p, r.frames.length);
  for (const f of r.frames) {
    p = w.u8(b, p, f.buttonState);
    p = w.u8(b, p, f.taikoByte);
    p = w.f32(b, p, f.x);
    p = w.f32(b, p, f.y);
    p = w.i32(b, p, f.time);
  }
  p = w.u8(b, p, r.action);
  p = writeScoreFrame(b, p, r.scoreFrame);
  return w.u16(b, p, r.sequence);
}

export interface MatchEncodeOptions {
  /**
   * Lobby variant (§1.6 password rule): a non-null password is sent as the present-but-empty
   * string `0b 00` (the client shows a lock), null as `00`. Members get the real password.
   */
  hidePassword?: boolean;
}

function passwordSize(pw: string | null, hide: boolean): number {
  if (pw === null) return 1;
  return hide ? 2 : w.presentStringSize(pw);
}

function writePassword(b: FastBuffer, p: number, pw: string | null, hide: boolean): number {
  if (pw === null) return w.u8(b, p, 0);
  if (hide) {
    b[p] = 0x0b;
    b[p + 1] = 0;
    return p + 2;
  }
  return w.presentString(b, p, pw);
}

export function matchSize(m: Match, hide: boolean): number {
  const slots = m.slots;
  if (slots.length !== MATCH_SLOT_COUNT) {
    throw new RangeError(`a match has exactly ${MATCH_SLOT_COUNT} slots, got ${slots.length}`);
  }
  let players = 0;
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) {
    if ((slots[i]!.status & SlotStatus.HasPlayer) !== 0) players++;
  }
  return (
    2 + 1 + 1 + 4 +
    w.stringSize(m.name) +
    passwordSize(m.password, hide) +
    w.stringSize(m.beatmapName) +
    4 +
    w.stringSize(m.beatmapMd5) +
    MATCH_SLOT_COUNT * 2 +
    players * 4 +
    4 + 1 + 1 + 1 + 1 +
    (m.freemod ? MATCH_SLOT_COUNT * 4 : 0) +
    4
  );
}

/** Writes exactly 16 slots; `m.slots` must have 16 entries (MATCH_SLOT_COUNT). */
export function writeMatch(b: FastBuffer, p: number, m: Match, hide: boolean): number {
  const slots = m.slots;
  p = w.u16(b, p, m.id);
  p = w.u8(b, p, m.inProgress ? 1 : 0);
  p = w.u8(b, p, m.powerplay);
  p = w.i32(b, p, m.mods);
  p = w.string(b, p, m.name);
  p = writePassword(b, p, m.password, hide);
  p = w.string(b, p, m.beatmapName);
  p = w.i32(b, p, m.beatmapId);
  p = w.string(b, p, m.beatmapMd5);
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) b[p++] = slots[i]!.status;
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) b[p++] = slots[i]!.team;
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) {
    const s = slots[i]!;
    if ((s.status & SlotStatus.HasPlayer) !== 0) p = w.i32(b, p, s.userId);
  }
  p = w.i32(b, p, m.hostId);
  p = w.u8(b, p, m.mode);
  p = w.u8(b, p, m.winCondition);
  p = w.u8(b, p, m.teamType);
  p = w.u8(b, p, m.freemod ? 1 : 0);
  if (m.freemod) {
    for (let i = 0; i < MATCH_SLOT_COUNT; i++) p = w.i32(b, p, slots[i]!.mods);
  }
  return w.i32(b, p, m.seed);
}
