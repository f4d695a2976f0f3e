/**
 * Test helper (not a test): a seeded database for recalculation tests, and the expected results
 * computed independently — every score one by one through `pool.calculate`, totals from those.
 *
 * Seed: the four fixture maps (compute/test/fixtures/beatmaps, provenance in PROVENANCE.md there)
 * filed under DATA_DIR/osu/<md5>.osu with beatmaps rows (the catch map is loved, so it must not
 * count towards totals); five users (one restricted, countries JP/DE/XX); scores in every mode and
 * playstyle with deliberately wrong pp and wrong best flags, several per map, one failed score
 * (completed 1, must stay untouched).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import type { Playstyle, VanillaMode } from '../../../protocol/osu/modes.js';
import type { Storage, ScoreRow } from '../../ports/storage.js';
import type { Leaderboards } from '../../ports/leaderboards.js';
import { readOsuMetadata } from '../../../compute/maps/read-osu-metadata.js';
import type { ComputePool } from '../../../compute/pool.js';
import { FIXTURES } from '../../../compute/test/fixtures.js';
import { ppDiffers, scoreInput, statsMode, storedPp } from '../phases.js';
import { userTotals, type TotalsRules } from '../totals.js';

export interface SeededMap {
  md5: string;
  mode: VanillaMode;
  objects: number;
  ranked: number;
}

export interface Seeded {
  maps: SeededMap[];
  users: Array<{ id: number; country: string; restricted: boolean }>;
  failedScore: { playstyle: Playstyle; id: bigint; pp: number };
}

const PLAYSTYLE_MODS: Record<Playstyle, Record<VanillaMode, number[]>> = {
  vanilla: { 0: [0, 8, 16, 64, 72], 1: [0, 64, 8], 2: [0, 16], 3: [0, 64] },
  relax: { 0: [128, 192, 136], 1: [128, 192], 2: [128], 3: [] },
  autopilot: { 0: [8192, 8256], 1: [], 2: [], 3: [] },
};

/** Deterministic pseudo-random numbers (the same seed every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedRecalcDatabase(storage: Storage, dataDir: string, opts: { scoresPerUserMap?: number } = {}): Promise<Seeded> {
  const osuDir = path.join(dataDir, 'osu');
  mkdirSync(osuDir, { recursive: true });
  const maps: SeededMap[] = [];
  for (const file of readdirSync(path.join(FIXTURES, 'beatmaps')).sort()) {
    const bytes = readFileSync(path.join(FIXTURES, 'beatmaps', file));
    const md5 = createHash('md5').update(bytes).digest('hex');
    writeFileSync(path.join(osuDir, `${md5}.osu`), bytes);
    const meta = readOsuMetadata(bytes);
    const ranked = meta.mode === 2 ? 5 : 2;
    await storage.beatmaps.upsert({
      beatmapId: meta.beatmapId,
      beatmapsetId: meta.beatmapSetId,
      beatmapMd5: md5,
      songName: `${meta.artist} - ${meta.title} [${meta.version}]`,
      fileName: file,
      ar: meta.ar,
      od: meta.od,
      mode: meta.mode,
      maxCombo: 0,
      hitLength: 0,
      bpm: 0,
      ranked,
      latestUpdate: 0,
      rankedStatusFreezed: false,
      playcount: 0,
      passcount: 0,
      countCircles: meta.nCircles,
      countSliders: meta.nSliders,
      countSpinners: meta.nSpinners,
    });
    maps.push({ md5, mode: meta.mode, objects: meta.nObjects, ranked });
  }

  const users: Seeded['users'] = [];
  const countries = ['JP', 'DE', 'JP', 'XX', 'DE'];
  for (let i = 0; i < 5; i++) {
    const restricted = i === 4;
    const id = await storage.users.create({
      username: `recalc player ${i}`,
      email: `p${i}@example.test`,
      passwordHash: 'x',
      privileges: restricted ? 2 : 3,
      country: countries[i]!,
    });
    users.push({ id, country: countries[i]!, restricted });
  }

  const rand = rng(42);
  const perMap = opts.scoresPerUserMap ?? 3;
  let failedScore: Seeded['failedScore'] | undefined;
  for (const u of users) {
    for (const map of maps) {
      for (const playstyle of ['vanilla', 'relax', 'autopilot'] as const) {
        const modsList = PLAYSTYLE_MODS[playstyle][map.mode];
        if (modsList.length === 0) continue;
        for (let k = 0; k < perMap; k++) {
          const mods = modsList[Math.floor(rand() * modsList.length)]!;
          const misses = Math.floor(rand() * 4);
          const n100 = Math.floor(rand() * 12);
          const n50 = map.mode === 0 ? Math.floor(rand() * 3) : 0;
          const n300 = Math.max(0, map.objects - misses - n100 - n50);
          const failed = failedScore === undefined && k === 0;
          const id = await storage.scores.insert(playstyle, {
            beatmapMd5: map.md5,
            userId: u.id,
            score: 100000 + Math.floor(rand() * 1e6),
            maxCombo: 50 + Math.floor(rand() * 200),
            fullCombo: false,
            mods,
            count300: n300,
            count100: n100,
            count50: n50,
            countKatu: map.mode === 3 ? Math.floor(rand() * 5) : 0,
            countGeki: map.mode === 3 ? Math.floor(rand() * 50) : 0,
            countMiss: misses,
            time: 1_700_000_000 + k,
            playMode: map.mode,
            // Deliberately wrong best flags: every passed score claims to be the best.
            completed: failed ? 1 : 3,
            accuracy: 90 + rand() * 10,
            pp: failed ? 777 : 1 + k,
            checksum: randomBytes(16).toString('hex'),
          });
          if (failed) failedScore = { playstyle, id, pp: 777 };
        }
      }
    }
  }
  return { maps, users, failedScore: failedScore! };
}

export interface Expected {
  /** `playstyle:id` → pp as the FLOAT column holds it. */
  pp: Map<string, number>;
  /** `playstyle:user:mode` → totals. */
  totals: Map<string, { pp: number; accuracy: number }>;
  /** `playstyle:id` → completed. */
  completed: Map<string, number>;
}

async function allScores(storage: Storage, playstyle: Playstyle): Promise<ScoreRow[]> {
  return storage.scores.page({ playstyle }, 100_000);
}

/** What a correct recalc must produce, computed score by score. */
export async function expectedResults(storage: Storage, pool: ComputePool, seeded: Seeded, rules: TotalsRules): Promise<Expected> {
  const pp = new Map<string, number>();
  const completed = new Map<string, number>();
  const totals = new Map<string, { pp: number; accuracy: number }>();
  const ranked = new Map(seeded.maps.map((m) => [m.md5, m.ranked === 2 || m.ranked === 3]));
  for (const playstyle of ['vanilla', 'relax', 'autopilot'] as const) {
    const rows = (await allScores(storage, playstyle)).filter((s) => s.completed >= 2);
    for (const s of rows) {
      const r = await pool.calculate({ map: { md5: s.beatmapMd5 }, score: scoreInput(s) });
      pp.set(`${playstyle}:${s.id}`, storedPp(r.pp));
    }
    const groups = new Map<string, ScoreRow[]>();
    for (const s of rows) {
      const k = `${s.userId}:${s.playMode}`;
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(s);
    }
    for (const [k, g] of groups) {
      const best = new Map<string, ScoreRow>();
      const p = (s: ScoreRow): number => pp.get(`${playstyle}:${s.id}`)!;
      for (const s of g) {
        const cur = best.get(s.beatmapMd5);
        if (!cur || p(s) > p(cur) || (p(s) === p(cur) && s.id < cur.id)) best.set(s.beatmapMd5, s);
      }
      for (const s of g) completed.set(`${playstyle}:${s.id}`, best.get(s.beatmapMd5) === s ? 3 : 2);
      const src = rules === 'official' ? g : [...best.values()];
      totals.set(`${playstyle}:${k}`, userTotals(rules, src.map((s) => ({ beatmapMd5: s.beatmapMd5, pp: p(s), accuracy: s.accuracy, ranked: ranked.get(s.beatmapMd5)! }))));
    }
  }
  return { pp, totals, completed };
}

/** Asserts the database and leaderboards hold exactly the expected results. */
export async function assertRecalcResults(storage: Storage, leaderboards: Leaderboards | undefined, seeded: Seeded, expected: Expected): Promise<void> {
  let checked = 0;
  for (const playstyle of ['vanilla', 'relax', 'autopilot'] as const) {
    for (const s of await allScores(storage, playstyle)) {
      const key = `${playstyle}:${s.id}`;
      if (s.completed < 2) {
        assert.equal(s.pp, seeded.failedScore.pp, 'a failed score is never recalculated');
        continue;
      }
      assert.ok(!ppDiffers(expected.pp.get(key)!, s.pp), `pp of ${key}: ${s.pp} vs ${expected.pp.get(key)}`);
      assert.equal(s.completed, expected.completed.get(key), `completed of ${key}`);
      checked++;
    }
  }
  assert.ok(checked > 50, `checked ${checked} scores`);
  for (const [key, t] of expected.totals) {
    const [playstyle, user, mode] = key.split(':') as [Playstyle, string, string];
    const sm = statsMode(playstyle, Number(mode) as VanillaMode);
    if (sm === undefined) continue;
    const row = await storage.stats.get(Number(user), sm);
    assert.ok(row, `stats row ${key}`);
    assert.equal(row.pp, Math.round(t.pp), `total pp ${key}`);
    assert.ok(Math.abs(row.avgAccuracy - t.accuracy) < 1e-3, `accuracy ${key}: ${row.avgAccuracy} vs ${t.accuracy}`);
    const u = seeded.users.find((x) => x.id === Number(user))!;
    if (!leaderboards) continue;
    const rank = await leaderboards.rank({ playstyle, mode: Number(mode) as VanillaMode }, u.id);
    if (u.restricted || t.pp <= 0) assert.equal(rank, 0, `restricted/zero user ${key} is not on the board`);
    else {
      assert.ok(rank > 0, `user on the global board ${key}`);
      if (u.country !== 'XX') assert.ok((await leaderboards.rank({ playstyle, mode: Number(mode) as VanillaMode, country: u.country }, u.id)) > 0, `country board ${key}`);
    }
  }
}

/** Every score and stats row, for "nothing was written" checks. */
export async function snapshot(storage: Storage, seeded: Seeded): Promise<string> {
  const parts: unknown[] = [];
  for (const playstyle of ['vanilla', 'relax', 'autopilot'] as const) parts.push((await allScores(storage, playstyle)).map((s) => [s.id.toString(), s.pp, s.completed]));
  for (const u of seeded.users) parts.push(await storage.stats.getAllModes(u.id));
  return JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
