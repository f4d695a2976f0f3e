/**
 * The composite structures of the bancho protocol (shared/spec/bancho-protocol.md §1.6), as plain
 * data. Codecs in this folder read and write them; the server passes them around.
 *
 * Integers are JS numbers except the two i64 score fields of USER_STATS, which are bigint so a
 * ranked score above 2^53 survives a round trip.
 */

/** §1.7 Action (u8). */
export const Action = {
  Idle: 0,
  Afk: 1,
  Playing: 2,
  Editing: 3,
  Modding: 4,
  Multiplayer: 5,
  Watching: 6,
  Unknown: 7,
  Testing: 8,
  Submitting: 9,
  Paused: 10,
  Lobby: 11,
  Multiplaying: 12,
  OsuDirect: 13,
} as const;

/** §1.7 SlotStatus bit flags (u8). */
export const SlotStatus = {
  Open: 1,
  Locked: 2,
  NotReady: 4,
  Ready: 8,
  NoMap: 16,
  Playing: 32,
  Complete: 64,
  Quit: 128,
  /** NotReady | Ready | NoMap | Playing | Complete: a player sits in the slot. */
  HasPlayer: 124,
} as const;

export const SlotTeam = { Neutral: 0, Blue: 1, Red: 2 } as const;
export const MatchTeamType = { HeadToHead: 0, TagCoop: 1, TeamVs: 2, TagTeamVs: 3 } as const;
export const MatchScoringType = { Score: 0, Accuracy: 1, Combo: 2, ScoreV2: 3 } as const;

/** §1.7 ReplayAction, inside a ReplayFrameBundle. */
export const ReplayAction = {
  Standard: 0,
  NewSong: 1,
  Skip: 2,
  Completion: 3,
  Fail: 4,
  Pause: 5,
  Unpause: 6,
  SongSelect: 7,
  WatchingOther: 8,
} as const;

/** §1.7 client (bancho) privileges, as sent in packet 71 and the presence rank byte. */
export const ClientPrivileges = {
  Player: 1,
  Moderator: 2,
  Supporter: 4,
  Owner: 8,
  Developer: 16,
  Tournament: 32,
} as const;

/** Message (packets 1, 7, 25, 82, 88, 100, 101). */
export interface Message {
  sender: string;
  text: string;
  recipient: string;
  senderId: number;
}

/** Channel (packets 65, 67). */
export interface Channel {
  name: string;
  topic: string;
  userCount: number;
}

/** UserAction / status (client packet 0, and inside USER_STATS). */
export interface UserAction {
  action: number;
  infoText: string;
  beatmapMd5: string;
  mods: number;
  /** Vanilla mode 0..3 on the wire. */
  mode: number;
  beatmapId: number;
}

/** UserPresence payload (packet 83). */
export interface UserPresence {
  userId: number;
  username: string;
  /** UTC offset in hours; the wire carries it + 24. */
  utcOffset: number;
  /** osu! country index (§1.8). */
  countryIndex: number;
  /** Client privileges, low 5 bits only on the wire. */
  privileges: number;
  /** Vanilla mode 0..3, carried in the top 3 bits of the rank byte. */
  mode: number;
  longitude: number;
  latitude: number;
  globalRank: number;
}

/** UserStats payload (packet 11). */
export interface UserStats {
  userId: number;
  action: UserAction;
  rankedScore: bigint;
  /** Fraction 0..1 (the database stores percent). */
  accuracy: number;
  playCount: number;
  totalScore: bigint;
  globalRank: number;
  /** u16 on the wire; the writer moves pp > 65535 into rankedScore as bancho.py does. */
  pp: number;
}

/** ScoreFrame (client 47, server 48, inside replay frame bundles). */
export interface ScoreFrame {
  time: number;
  slotId: number;
  count300: number;
  count100: number;
  count50: number;
  countGeki: number;
  countKatu: number;
  countMiss: number;
  totalScore: number;
  maxCombo: number;
  currentCombo: number;
  perfect: boolean;
  currentHp: number;
  tagByte: number;
  scoreV2: boolean;
  /** Present only when scoreV2 is true. */
  comboPortion?: number;
  bonusPortion?: number;
}

/** ReplayFrame (14 bytes). */
export interface ReplayFrame {
  buttonState: number;
  taikoByte: number;
  x: number;
  y: number;
  time: number;
}

/** ReplayFrameBundle (client 18, server 15). */
export interface ReplayFrameBundle {
  extra: number;
  frames: ReplayFrame[];
  action: number;
  scoreFrame: ScoreFrame;
  sequence: number;
}

/** One of the 16 multiplayer slots. */
export interface MatchSlot {
  status: number;
  team: number;
  /** User id; only meaningful (and only on the wire) when status & SlotStatus.HasPlayer. */
  userId: number;
  /** Per-slot mods; only on the wire when the match is freemod. */
  mods: number;
}

/** Match (server 26, 27, 36, 46; client 31, 41, 90). */
export interface Match {
  id: number;
  inProgress: boolean;
  powerplay: number;
  mods: number;
  name: string;
  /**
   * The password. null = no password (`00` on the wire); a string, even '', is written present
   * (`0b` + length + bytes). When writing for the lobby, the writer's `hidePassword` option
   * turns a non-null password into the present-but-empty `0b 00`, which reads back as ''.
   */
  password: string | null;
  beatmapName: string;
  beatmapId: number;
  beatmapMd5: string;
  /** Always 16 entries. */
  slots: MatchSlot[];
  hostId: number;
  mode: number;
  winCondition: number;
  teamType: number;
  freemod: boolean;
  seed: number;
}

export const MATCH_SLOT_COUNT = 16;
