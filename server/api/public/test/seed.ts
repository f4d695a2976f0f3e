/**
 * Seeds a test server with players, stats, beatmaps, scores, board entries, profile history,
 * badges and API tokens directly through storage (not through score submission), for the public
 * API, compatibility and website tests and the bench.

 */
import type { Kysely } from 'kysely';
import type { EffectiveModeValue, Playstyle, VanillaMode } from '../../../../protocol/osu/modes.js';
import type { KyselyStorage } from '../../../adapters/storage/kysely-storage.js';
import { NORMAL_USER, Privileges } from '../../../domain/privileges.js';
import type { RunningServer } from '../../../main.js';
import type { BeatmapRow, Storage, UserStatsRow } from '../../../ports/storage.js';
import { md5Hex } from '../request.js';
import { toSqlDatetime } from '../../../adapters/storage/repositories/context.js';

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export function dbOf(storage: Storage): AnyDb {
  return (storage as unknown as KyselyStorage).db as unknown as AnyDb;
}

export function beatmap(id: number, over: Partial<BeatmapRow> = {}): BeatmapRow {
  return {
    beatmapId: id,
    beatmapsetId: id * 10,
    beatmapMd5: md5Hex(`map-${id}`),
    songName: `Artist ${id} - Song ${id} [Insane]`,
    fileName: `map-${id}.osu`,
    ar: 9,
    od: 8,
    mode: 0,
    maxCombo: 1000,
    hitLength: 120,
    bpm: 180,
    ranked: 2,
    latestUpdate: 1_700_000_000,
    rankedStatusFreezed: false,
    playcount: 10,
    passcount: 5,
    countCircles: 500,
    countSliders: 200,
    countSpinners: 1,
    ...over,
  };
}

export function stats(userId: number, mode: EffectiveModeValue, over: Partial<UserStatsRow> = {}): UserStatsRow {
  return {
    userId, mode, rankedScore: 0n, totalScore: 0n, playcount: 0, replaysWatched: 0, totalHits: 0, avgAccuracy: 0, pp: 0, playtime: 0,
    xhCount: 0, xCount: 0, shCount: 0, sCount: 0, aCount: 0, bCount: 0, cCount: 0, dCount: 0, maxCombo: 0, latestPpAwarded: 0, ...over,
  };
}

let checksum = 0;
export async function addScore(
  storage: Storage,
  playstyle: Playstyle,
  s: { userId: number; map: BeatmapRow; score: number; pp: number; mods?: number; mode?: VanillaMode; completed?: 0 | 1 | 2 | 3; time?: number; accuracy?: number; count300?: number; count100?: number; count50?: number; countMiss?: number; pinned?: boolean },
): Promise<bigint> {
  const id = await storage.scores.insert(playstyle, {
    beatmapMd5: s.map.beatmapMd5,
    userId: s.userId,
    score: s.score,
    maxCombo: 500,
    fullCombo: (s.countMiss ?? 0) === 0,
    mods: s.mods ?? 0,
    count300: s.count300 ?? 450,
    count100: s.count100 ?? 40,
    count50: s.count50 ?? 0,
    countKatu: 0,
    countGeki: 0,
    countMiss: s.countMiss ?? 0,
    time: s.time ?? Math.floor(Date.now() / 1000) - 60,
    playMode: s.mode ?? 0,
    completed: s.completed ?? 3,
    accuracy: s.accuracy ?? 95.5,
    pp: s.pp,
    checksum: md5Hex(`score-${process.pid}-${++checksum}`),
  });
  if (s.pinned) {
    const table = playstyle === 'vanilla' ? 'scores' : playstyle === 'relax' ? 'scores_relax' : 'scores_ap';
    await dbOf(storage).updateTable(table).set({ pinned: 1 }).where('id', '=', id.toString()).execute();
  }
  return id;
}

/** Inserts an API token row; returns the raw token (the table stores its md5). */
export async function addToken(storage: Storage, userId: number, privileges: number, opts: { private?: boolean } = {}): Promise<string> {
  const raw = `tok-${userId}-${privileges}-${Math.random().toString(36).slice(2)}`;
  await dbOf(storage)
    .insertInto('tokens')
    .values({ user: userId, privileges, description: 'test', token: md5Hex(raw), private: opts.private ? 1 : 0, last_updated: 0 })
    .execute();
  return raw;
}

export async function addBadge(storage: Storage, userId: number, name: string, icon: string): Promise<void> {
  const db = dbOf(storage);
  await db.insertInto('badges').values({ name, icon, colour: 'blue' }).execute();
  const row = await db.selectFrom('badges').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  await db.insertInto('user_badges').values({ user: userId, badge: Number(row.id) }).execute();
}

export async function addHistory(storage: Storage, userId: number, mode: number, points: Array<{ at: number; rank: number; pp: number }>): Promise<void> {
  const db = dbOf(storage);
  for (const p of points) {
    await db.insertInto('user_profile_history').values({ user_id: userId, mode, captured_at: toSqlDatetime(p.at), rank: p.rank, pp: p.pp, country_rank: null }).execute();
  }
}

export interface World {
  alice: number;
  bob: number;
  carol: number;
  /** Restricted (hidden) player with the best pp. */
  mallory: number;
  admin: number;
  maps: BeatmapRow[];
  aliceBest: bigint;
}

/**
 * Five players: alice (JP, 1st among the visible on std), bob (US), carol (JP), mallory
 * (restricted, would be 1st), admin (MANAGE_USERS). Scores on three ranked maps and one loved.
 */
export async function seedWorld(server: RunningServer): Promise<World> {
  const { storage, leaderboards } = server.deps;
  const mk = (username: string, country: string, privileges = NORMAL_USER) =>
    storage.users.create({ username, email: `${username.toLowerCase().replace(/\W/g, '_')}@example.test`, passwordHash: 'x', privileges, country, registerDatetime: 1_600_000_000 });
  const alice = await mk('Alice', 'JP');
  const bob = await mk('Bob Smith', 'US');
  const carol = await mk('Carol', 'JP');
  const mallory = await mk('Mallory', 'JP', Privileges.CanLogin);
  const admin = await mk('Admin', 'GB', NORMAL_USER | Privileges.AdminAccessPanel | Privileges.AdminManageUsers | Privileges.AdminManageBans);
  const maps = [beatmap(101), beatmap(102), beatmap(103), beatmap(104, { ranked: 5 })];
  for (const m of maps) await storage.beatmaps.upsert(m);
  const pp = { [alice]: 900, [bob]: 800, [carol]: 700, [mallory]: 5000, [admin]: 10 };
  const rankedScore = { [alice]: 1_000_000n, [bob]: 9_000_000n, [carol]: 5_000_000n, [mallory]: 1n, [admin]: 1n };
  for (const [uid, p] of Object.entries(pp)) {
    const id = Number(uid);
    const country = id === bob ? 'US' : id === admin ? 'GB' : 'JP';
    await storage.stats.put(stats(id, 0, { pp: p, rankedScore: rankedScore[id]!, totalScore: rankedScore[id]! * 2n, playcount: 42, avgAccuracy: 97.25, sCount: 3, aCount: 2 }));
    await storage.stats.put(stats(id, 4, { pp: p * 2, rankedScore: rankedScore[id]!, totalScore: rankedScore[id]! * 2n, playcount: 7 }));
    if (id !== mallory) {
      await leaderboards.set('vanilla', 0, country, id, p);
      await leaderboards.set('relax', 0, country, id, p * 2);
    }
  }
  const aliceBest = await addScore(storage, 'vanilla', { userId: alice, map: maps[0]!, score: 900_000, pp: 300, pinned: true });
  await addScore(storage, 'vanilla', { userId: alice, map: maps[1]!, score: 800_000, pp: 200, mods: 8 });
  await addScore(storage, 'vanilla', { userId: alice, map: maps[2]!, score: 700_000, pp: 100, time: 1_600_000_000 });
  await addScore(storage, 'vanilla', { userId: alice, map: maps[3]!, score: 600_000, pp: 999 }); // loved: not a "best"
  await addScore(storage, 'vanilla', { userId: alice, map: maps[2]!, score: 100_000, pp: 5, completed: 2 });
  await addScore(storage, 'vanilla', { userId: bob, map: maps[0]!, score: 950_000, pp: 250 });
  await addScore(storage, 'vanilla', { userId: carol, map: maps[0]!, score: 500_000, pp: 280 });
  await addScore(storage, 'vanilla', { userId: mallory, map: maps[0]!, score: 999_999, pp: 1000 });
  await addScore(storage, 'relax', { userId: alice, map: maps[0]!, score: 400_000, pp: 600, mods: 128 });
  await addScore(storage, 'relax', { userId: bob, map: maps[0]!, score: 800_000, pp: 500, mods: 128 });
  return { alice, bob, carol, mallory, admin, maps, aliceBest };
}
