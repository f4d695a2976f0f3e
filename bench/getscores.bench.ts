/**
 * `/web/osu-osz2-getscores.php` on a map with 100,000 scores (50,000 players: one best and one
 * older pass each), served over real HTTP by a Hayate server, on SQLite and on MariaDB with only
 * the indexes Akatsuki's schema has. Eight requests in flight from one client; prints requests/s
 * and latency percentiles per board type, first with Akatsuki's indexes only, then with the board
 * index `(beatmap_md5, play_mode, completed, score|pp)` (server/web/README.md) added
 * (the header count and PB rank are remembered for
 * LEADERBOARD_CACHE_SECONDS; the "cold" row drops them before every request):
 *   - global board of a player ranked ~25,000th (top 100 + PB rank + distinct-user count),
 *   - the same player's country board (a quarter of the players),
 *   - a player without a score on the map.
 *
 *   node dist/bench/getscores.bench.js   (TEST_MYSQL_URL to override; MariaDB part skipped if unreachable)
 */
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { startTestServer, type TestServer } from '../server/test/support/start-test-server.js';
import { beatmapRow, makeUser, md5, rawDb } from '../server/web/test/web-fixtures.js';
import { forgetBeatmapBoards } from '../server/scores/leaderboard/board-cache.js';

const PLAYERS = 50_000;
const MAP = beatmapRow(4242);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const IN_FLIGHT = 8;
const COUNTRIES = ['JP', 'US', 'DE', 'KR'];

async function seed(server: TestServer): Promise<void> {
  const storage = server.servers[0]!.deps.storage;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db: Kysely<any> = rawDb(storage);
  await storage.beatmaps.upsert(MAP);
  const firstId = (await makeUser(storage, 'requester', { country: 'JP' })) + 1;
  const BATCH = 200; // SQLite caps bound variables at 32766 per statement
  for (let start = 0; start < PLAYERS; start += BATCH) {
    const users = [];
    const scores = [];
    for (let k = start; k < Math.min(PLAYERS, start + BATCH); k++) {
      const id = firstId + k;
      users.push({ id, username: `p${k}`, username_safe: `p${k}`, password_md5: 'x', email: `p${k}@b.test`, register_datetime: 1_700_000_000, privileges: k % 97 === 0 ? 2 : 3, country: COUNTRIES[k % 4], clan_id: 0 });
      for (const best of [true, false]) {
        const score = best ? 10_000_000 - k * 97 : 5_000_000 - k * 13;
        scores.push({
          beatmap_md5: MAP.beatmapMd5, userid: id, score, max_combo: 1000, full_combo: 0, mods: best ? 0 : 8,
          '300_count': 900, '100_count': 20, '50_count': 1, katus_count: 3, gekis_count: 50, misses_count: 2,
          time: 1_700_000_000 + k, play_mode: 0, completed: best ? 3 : 2, accuracy: 97, pp: score / 20_000, checksum: md5(`${k}-${best}`),
        });
      }
    }
    await db.insertInto('users').values(users).execute();
    await db.insertInto('scores').values(scores).execute();
  }
  // The requester sits in the middle of the board.
  await db.insertInto('scores').values({
    beatmap_md5: MAP.beatmapMd5, userid: firstId - 1, score: 10_000_000 - (PLAYERS / 2) * 97 + 1, max_combo: 1000, full_combo: 0, mods: 0,
    '300_count': 900, '100_count': 20, '50_count': 1, katus_count: 3, gekis_count: 50, misses_count: 2,
    time: 1_700_000_000, play_mode: 0, completed: 3, accuracy: 97, pp: 250, checksum: md5('requester'),
  }).execute();
  await makeUser(storage, 'newcomer', { country: 'US' });
}

async function measure(url: string, cold: boolean): Promise<{ rps: number; p50: number; p99: number; bytes: number }> {
  const latencies: number[] = [];
  let bytes = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t = performance.now();
      if (cold) forgetBeatmapBoards(MAP.beatmapMd5);
      const r = await fetch(url);
      const body = await r.text();
      if (r.status !== 200) throw new Error(`${r.status}: ${body}`);
      bytes = body.length;
      latencies.push(performance.now() - t);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { rps: latencies.length / elapsed, p50: pct(0.5), p99: pct(0.99), bytes };
}

const rows: string[] = [];
for (const mode of ['embedded', 'redis'] as const) {
  const backend = mode === 'embedded' ? 'sqlite' : 'mariadb';
  let server: TestServer;
  try {
    server = await startTestServer({ mode });
  } catch (e) {
    console.log(`${backend} skipped: ${(e as Error).message}`);
    continue;
  }
  try {
    const t = performance.now();
    await seed(server);
    console.log(`${backend}: seeded ${PLAYERS * 2 + 1} scores in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const base = (user: string, v: number) =>
      `${server.url}/web/osu-osz2-getscores.php?s=0&vv=4&v=${v}&c=${MAP.beatmapMd5}&f=x.osu&m=0&i=1&mods=0&h=&a=0&us=${user}&ha=${md5('pw')}`;
    const cases = [
      ['global, PB ~#25000', base('requester', 1), false],
      ['country, PB ~#25000', base('requester', 4), false],
      ['global, no PB', base('newcomer', 1), false],
      // Every request recomputes the count and the PB rank (as after each submission).
      ['global, PB, cold', base('requester', 1), true],
    ] as const;
    // First with Akatsuki's indexes only, then with the board index the README recommends.
    for (const indexes of ['akatsuki', '+board'] as const) {
      if (indexes === '+board') {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const db: Kysely<any> = rawDb(server.servers[0]!.deps.storage);
        await sql`CREATE INDEX hayate_board_score ON scores (beatmap_md5, play_mode, completed, score)`.execute(db);
        await sql`CREATE INDEX hayate_board_pp ON scores (beatmap_md5, play_mode, completed, pp)`.execute(db);
        if (backend === 'sqlite') await sql`ANALYZE`.execute(db);
        else await sql`ANALYZE TABLE scores`.execute(db);
      }
      for (const [name, url, cold] of cases) {
        await measure(url, cold); // warm-up pass: JIT, bcrypt cache, buffer pool
        const m = await measure(url, cold);
        const row = `${backend.padEnd(8)} ${indexes.padEnd(9)} ${name.padEnd(22)} ${m.rps.toFixed(0).padStart(6)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  (${m.bytes} bytes)`;
        console.log(row);
        rows.push(row);
      }
    }
  } finally {
    await server.close();
  }
}
console.log('\ngetscores, 100k scores on the map, 8 in flight:');
for (const r of rows) console.log(r);
