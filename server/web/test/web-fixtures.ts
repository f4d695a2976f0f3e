/**
 * Seeding for the /web/ endpoint tests: users with countries, clans and leaderboard preferences,
 * beatmaps, and scores written straight through storage (the submission pipeline is tested in
 * its own files). Works on both backends.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Playstyle, VanillaMode } from '../../../protocol/osu/modes.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { NORMAL_USER } from '../../domain/privileges.js';
import type { BeatmapRow, ScoreCompleted, ScoreId, Storage } from '../../ports/storage.js';
import { cheapHasher } from '../../test/support/start-test-server.js';

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rawDb = (storage: Storage): Kysely<any> => (storage as KyselyStorage).db as unknown as Kysely<any>;

export async function makeUser(storage: Storage, name: string, opts: { country?: string; privileges?: number; password?: string } = {}): Promise<number> {
  return storage.users.create({
    username: name,
    email: `${name.replace(/\W/g, '_').toLowerCase()}@example.test`,
    passwordHash: await cheapHasher.hash(md5(opts.password ?? 'pw')),
    privileges: opts.privileges ?? NORMAL_USER,
    country: opts.country ?? 'JP',
  });
}

export async function makeClan(storage: Storage, id: number, tag: string, members: number[]): Promise<void> {
  const db = rawDb(storage);
  await sql`INSERT INTO clans (id, name, tag, owner, invite, status) VALUES (${id}, ${'clan ' + tag}, ${tag}, ${members[0]!}, ${'inv' + id}, 1)`.execute(db);
  for (const m of members) await sql`UPDATE users SET clan_id = ${id} WHERE id = ${m}`.execute(db);
}

export async function setLeaderboardPrefs(storage: Storage, userId: number, prefs: { vanillaPp?: boolean; size?: number | null }): Promise<void> {
  const db = rawDb(storage);
  if (prefs.vanillaPp !== undefined) await sql`UPDATE users SET vanilla_pp_leaderboards = ${prefs.vanillaPp ? 1 : 0} WHERE id = ${userId}`.execute(db);
  if (prefs.size !== undefined) await sql`UPDATE users SET leaderboard_size = ${prefs.size} WHERE id = ${userId}`.execute(db);
}

export function beatmapRow(id: number, over: Partial<BeatmapRow> = {}): BeatmapRow {
  return {
    beatmapId: id,
    beatmapsetId: id * 10,
    beatmapMd5: md5(`map ${id}`),
    songName: `Artist - Title ${id} [Insane]`,
    fileName: `Artist - Title ${id} (Mapper) [Insane].osu`,
    ar: 9,
    od: 8,
    mode: 0,
    maxCombo: 1000,
    hitLength: 120,
    bpm: 180,
    ranked: 2,
    latestUpdate: 1_700_000_000,
    rankedStatusFreezed: false,
    playcount: 0,
    passcount: 0,
    countCircles: 500,
    countSliders: 200,
    countSpinners: 2,
    ...over,
  };
}

export interface SeedScore {
  userId: number;
  beatmapMd5: string;
  score?: number;
  pp?: number;
  mods?: number;
  mode?: VanillaMode;
  completed?: ScoreCompleted;
  time?: number;
  maxCombo?: number;
  counts?: [n300: number, n100: number, n50: number, miss: number, katu: number, geki: number];
  fullCombo?: boolean;
}

let checksumSeq = 0;

export async function addScore(storage: Storage, playstyle: Playstyle, s: SeedScore): Promise<ScoreId> {
  const [n300, n100, n50, miss, katu, geki] = s.counts ?? [500, 20, 3, 1, 5, 40];
  return storage.scores.insert(playstyle, {
    beatmapMd5: s.beatmapMd5,
    userId: s.userId,
    score: s.score ?? 1_000_000,
    maxCombo: s.maxCombo ?? 900,
    fullCombo: s.fullCombo ?? false,
    mods: s.mods ?? 0,
    count300: n300,
    count100: n100,
    count50: n50,
    countKatu: katu,
    countGeki: geki,
    countMiss: miss,
    time: s.time ?? 1_700_000_000,
    playMode: s.mode ?? 0,
    completed: s.completed ?? 3,
    accuracy: 97.5,
    pp: s.pp ?? 100,
    checksum: md5(`checksum ${process.pid} ${++checksumSeq} ${Math.random()}`),
  });
}
