/**
 * Decoders for the composite structures of shared/spec/bancho-protocol.md §1.6. Each takes a
 * Cursor positioned at the structure and leaves it just past it. Sized loops (frames, slots)
 * check the bytes present before allocating.
 */
import type { Cursor } from './cursor.js';
import type {
  Channel,
  Match,
  MatchSlot,
  Message,
  ReplayFrame,
  ReplayFrameBundle,
  ScoreFrame,
  UserAction,
  UserPresence,
  UserStats,
} from './types.js';
import { MATCH_SLOT_COUNT, SlotStatus } from './types.js';

export function readMessage(c: Cursor): Message {
  const sender = c.string();
  const text = c.string();
  const recipient = c.string();
  const senderId = c.i32();
  return { sender, text, recipient, senderId };
}

export function readChannel(c: Cursor): Channel {
  const name = c.string();
  const topic = c.string();
  const userCount = c.u16();
  return { name, topic, userCount };
}

export function readUserAction(c: Cursor): UserAction {
  const action = c.u8();
  const infoText = c.string();
  const beatmapMd5 = c.string();
  const mods = c.u32();
  const mode = c.u8();
  const beatmapId = c.i32();
  return { action, infoText, beatmapMd5, mods, mode, beatmapId };
}

export function readUserPresence(c: Cursor): UserPresence {
  const userId = c.i32();
  const username = c.string();
  const utcOffset = c.u8() - 24;
  const countryIndex = c.u8();
  const rankByte = c.u8();
  const longitude = c.f32();
  const latitude = c.f32();
  const globalRank = c.i32();
  return {
    userId,
    username,
    utcOffset,
    countryIndex,
    privileges: rankByte & 0x1f,
    mode: rankByte >>> 5,
    longitude,
    latitude,
    globalRank,
  };
}

/** Reads pp as sent; the writer's pp > 65535 → ranked-score trick cannot be undone on read. */
export function readUserStats(c: Cursor): UserStats {
  const userId = c.i32();
  const action = readUserAction(c);
  const rankedScore = c.i64();
  const accuracy = c.f32();
  const playCount = c.i32();
  const totalScore = c.i64();
  const globalRank = c.i32();
  const pp = c.u16();
  return { userId, action, rankedScore, accuracy, playCount, totalScore, globalRank, pp };
}

export function readScoreFrame(c: Cursor): ScoreFrame {
  c.need(29, 'score frame');
  const frame: ScoreFrame = {
    time: c.i32(),
    slotId: c.u8(),
    count300: c.u16(),
    count100: c.u16(),
    count50: c.u16(),
    countGeki: c.u16(),
    countKatu: c.u16(),
    countMiss: c.u16(),
    totalScore: c.i32(),
    maxCombo: c.u16(),
    currentCombo: c.u16(),
    perfect: c.bool(),
    currentHp: c.u8(),
    tagByte: c.u8(),
    scoreV2: c.bool(),
  };
  if (frame.scoreV2) {
    frame.comboPortion = c.f64();
    frame.bonusPortion = c.f64();
  }
  return frame;
}

function readReplayFrame(c: Cursor): ReplayFrame {
  const buttonState = c.u8();
  const taikoByte = c.u8();
  const x = c.f32();
  const y = c.f32();
  const time = c.i32();
  return { buttonState, taikoByte, x, y, time };
}

const REPLAY_FRAME_BYTES = 14;

/**
 * ReplayFrameBundle. The trailing u16 sequence is read when present and 0 otherwise: osu-packet's
 * writer omits it, and the bytes are relayed verbatim from `payload` anyway.
 */
export function readReplayFrameBundle(c: Cursor): ReplayFrameBundle {
  const extra = c.i32();
  const at = c.pos;
  const count = c.u16();
  if (count * REPLAY_FRAME_BYTES > c.remaining()) {
    throw c.fail(`${count} replay frames need ${count * REPLAY_FRAME_BYTES} bytes, ${c.remaining()} left`, at);
  }
  const frames = new Array<ReplayFrame>(count);
  for (let i = 0; i < count; i++) frames[i] = readReplayFrame(c);
  const action = c.u8();
  const scoreFrame = readScoreFrame(c);
  const sequence = c.remaining() >= 2 ? c.u16() : 0;
  return { extra, frames, action, scoreFrame, sequence };
}

/**
 * Match (§1.6). Slot user ids are present only for slots with `status & HasPlayer` (the mask
 * rule, not proto's "not Open/Locked"); absent ids read as 0. Per-slot mods are present only
 * when the freemod bit is set; absent mods read as 0. The password keeps null (`00`) apart from
 * present-but-empty (`0b 00`, the lobby's "has a password" marker).
 */
export function readMatch(c: Cursor): Match {
  const id = c.u16();
  const inProgress = c.bool();
  const powerplay = c.u8();
  const mods = c.u32();
  const name = c.string();
  const password = c.nullableString();
  const beatmapName = c.string();
  const beatmapId = c.i32();
  const beatmapMd5 = c.string();
  c.need(MATCH_SLOT_COUNT * 2, 'match slot status and team bytes');
  const slots = new Array<MatchSlot>(MATCH_SLOT_COUNT);
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) slots[i] = { status: c.u8(), team: 0, userId: 0, mods: 0 };
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) slots[i]!.team = c.u8();
  for (let i = 0; i < MATCH_SLOT_COUNT; i++) {
    const slot = slots[i]!;
    if ((slot.status & SlotStatus.HasPlayer) !== 0) slot.userId = c.i32();
  }
  const hostId = c.i32();
  const mode = c.u8();
  const winCondition = c.u8();
  const teamType = c.u8();
  const freemod = (c.u8() & 1) !== 0;
  if (freemod) {
    for (let i = 0; i < MATCH_SLOT_COUNT; i++) slots[i]!.mods = c.u32();
  }
  const seed = c.i32();
  return {
    id,
    inProgress,
    powerplay,
    mods,
    name,
    password,
    beatmapName,
    beatmapId,
    beatmapMd5,
    slots,
    hostId,
    mode,
    winCondition,
    teamType,
    freemod,
    seed,
  };
}

/** Client 32: i32 match id, then the password string. */
export function readJoinMatch(c: Cursor): { matchId: number; password: string } {
  const matchId = c.i32();
  const password = c.string();
  return { matchId, password };
}
