/**
 * Adapters from our payload types to npm osu-packet's field names (its layouts.js), for the
 * differential test and the codec benchmark. Not a test file.
 */
import { createRequire } from 'node:module';
import type { Match, Message, ReplayFrameBundle, ScoreFrame, UserAction, UserPresence, UserStats, Channel } from '../bancho/types.js';

const require = createRequire(import.meta.url);

export interface OsuPacketWriter {
  toBuffer: Buffer;
  [method: string]: unknown;
}
interface OsuPacketModule {
  Bancho: { Writer: new () => OsuPacketWriter; Reader: new () => { Parse(b: Buffer): unknown[] } };
  Client: { Writer: new () => OsuPacketWriter; Reader: new () => { Parse(b: Buffer): unknown[] } };
}

export const osuPacket = require('osu-packet') as OsuPacketModule;

/** Calls one writer method and returns the bytes. */
export function opWrite(side: 'Bancho' | 'Client', method: string, data?: unknown): Buffer {
  const w = new osuPacket[side].Writer();
  const fn = w[method];
  if (typeof fn !== 'function') throw new Error(`osu-packet ${side}.Writer has no ${method}`);
  (fn as (d?: unknown) => unknown).call(w, data);
  return w.toBuffer;
}

export const opMessage = (m: Message) => ({ sendingClient: m.sender, message: m.text, target: m.recipient, senderId: m.senderId });
export const opChannel = (c: Channel) => ({ channelName: c.name, channelTopic: c.topic, channelUserCount: c.userCount });
export const opStatus = (a: UserAction) => ({
  status: a.action,
  statusText: a.infoText,
  beatmapChecksum: a.beatmapMd5,
  currentMods: a.mods,
  playMode: a.mode,
  beatmapId: a.beatmapId,
});
/** osu-packet's i64 writer is broken, so callers pass stats with zero i64 fields. */
export const opStats = (s: UserStats) => ({
  userId: s.userId,
  ...opStatus(s.action),
  rankedScore: Number(s.rankedScore),
  accuracy: s.accuracy,
  playCount: s.playCount,
  totalScore: Number(s.totalScore),
  rank: s.globalRank,
  performance: s.pp,
});
export const opPresence = (u: UserPresence) => ({
  userId: u.userId,
  username: u.username,
  timezone: u.utcOffset + 24,
  countryId: u.countryIndex,
  permissions: (u.privileges & 0x1f) | ((u.mode & 7) << 5),
  longitude: u.longitude,
  latitude: u.latitude,
  rank: u.globalRank,
});
export const opScoreFrame = (f: ScoreFrame) => ({
  time: f.time,
  id: f.slotId,
  count300: f.count300,
  count100: f.count100,
  count50: f.count50,
  countGeki: f.countGeki,
  countKatu: f.countKatu,
  countMiss: f.countMiss,
  totalScore: f.totalScore,
  maxCombo: f.maxCombo,
  currentCombo: f.currentCombo,
  perfect: f.perfect,
  currentHp: f.currentHp,
  tagByte: f.tagByte,
  usingScoreV2: f.scoreV2,
  comboPortion: f.comboPortion ?? 0,
  bonusPortion: f.bonusPortion ?? 0,
});
export const opFrames = (r: ReplayFrameBundle) => ({
  extra: r.extra,
  replayFrames: r.frames.map((f) => ({ buttonState: f.buttonState, bt: f.taikoByte, mouseX: f.x, mouseY: f.y, time: f.time })),
  action: r.action,
  scoreFrame: opScoreFrame(r.scoreFrame),
});
/** osu-packet writes a nullable '' as 00, so null maps to ''. */
export const opMatch = (m: Match) => ({
  matchId: m.id,
  inProgress: m.inProgress,
  matchType: m.powerplay,
  activeMods: m.mods,
  gameName: m.name,
  gamePassword: m.password ?? '',
  beatmapName: m.beatmapName,
  beatmapId: m.beatmapId,
  beatmapChecksum: m.beatmapMd5,
  slots: m.slots.map((s) => ({ status: s.status, team: s.team, playerId: s.userId, mods: s.mods })),
  host: m.hostId,
  playMode: m.mode,
  matchScoringType: m.winCondition,
  matchTeamType: m.teamType,
  specialModes: m.freemod ? 1 : 0,
  seed: m.seed,
});
