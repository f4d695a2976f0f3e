/**
 * Storage hot paths (login: user by safe name + stats; submission: score insert; leaderboards:
 * best scores), measured side by side in one run:
 *   - SQLite through Hayate's Kysely repositories vs the same two queries as raw better-sqlite3
 *     prepared statements (the query builder's overhead: compiling the query and its async executor);
 *   - SQLite vs MySQL/MariaDB through the same repositories.
 * Prints ops/s per contender and the ratios.
 *
 *   node dist/bench/storage.bench.js   (TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test to override; MySQL part skipped if unreachable)
 */
import { runSuite } from './support/deferred.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStorage } from '../server/adapters/storage/open-storage.js';
import type { ScoreRow, Storage } from '../server/ports/storage.js';
import { createMysqlTestDatabase } from '../server/test/support/services.js';
import type { TestDatabase } from '../server/test/support/services.js';

const USERS = 1000;
const SCORES_PER_USER = 20;

let seq = 0;
function score(userId: number): Omit<ScoreRow, 'id'> {
  seq++;
  return {
    beatmapMd5: (seq % 500).toString(16).padStart(32, '0'), userId, score: 1_000_000, maxCombo: 500, fullCombo: false, mods: 0, count300: 400,
    count100: 10, count50: 1, countKatu: 0, countGeki: 0, countMiss: 1, time: 1_700_000_000, playMode: 0, completed: seq % 3 === 0 ? 3 : 2,
    accuracy: 98.5, pp: (seq * 7919) % 700, checksum: `${process.pid}-${seq}`.padStart(32, '0'),
  };
}

async function fill(s: Storage): Promise<void> {
  for (let u = 1; u <= USERS; u++) {
    await s.users.create({ username: `user${u}`, email: `u${u}@example.com`, passwordHash: 'x', privileges: 3 });
  }
  for (let u = 1; u <= 200; u++) for (let i = 0; i < SCORES_PER_USER; i++) await s.scores.insert('vanilla', score(u));
}

const run = (name: string, contenders: Record<string, (() => Promise<unknown>) | (() => void)>) =>
  runSuite(name, contenders, { minSamples: 20, maxTime: 1.5 });

const dir = mkdtempSync(path.join(tmpdir(), 'hayate-bench-'));
const sqlite = await openStorage({ databaseUrl: undefined, dataDir: dir });
await fill(sqlite);
const raw = new BetterSqlite3(path.join(dir, 'hayate.db'), { readonly: true });
const rawUser = raw.prepare('SELECT id, username, username_safe, password_md5, email, privileges, country, silence_end FROM users WHERE username_safe = ?');
const rawStats = raw.prepare('SELECT * FROM user_stats WHERE user_id = ? AND mode = ?');

let mysql: Storage | undefined;
let tdb: TestDatabase | undefined;
try {
  tdb = await createMysqlTestDatabase('hayate_bench');
  mysql = await openStorage({ databaseUrl: tdb.url, dataDir: dir }, { migrate: true });
  await fill(mysql);
} catch (e) {
  console.log(`MySQL part skipped: ${(e as Error).message}`);
}

let i = 0;
const nextUser = () => (i++ % USERS) + 1;
const table: Array<[string, string, number]> = [];

const login = await run('login lookup (user by safe name + stats row)', {
  // async like the repositories, so both pay the same deferred-benchmark overhead
  'sqlite raw': async () => {
    const u = nextUser();
    const r = rawUser.get(`user${u}`) as { id: number };
    rawStats.get(r.id, 0);
  },
  'sqlite kysely': async () => {
    const u = await sqlite.users.findBySafeName(`user${nextUser()}`);
    await sqlite.stats.get(u!.id, 0);
  },
  ...(mysql ? { 'mysql kysely': async () => {
    const u = await mysql!.users.findBySafeName(`user${nextUser()}`);
    await mysql!.stats.get(u!.id, 0);
  } } : {}),
});
table.push(['login lookup', 'kysely / raw (sqlite)', login['sqlite kysely']! / login['sqlite raw']!]);
if (mysql) table.push(['login lookup', 'mysql / sqlite', login['mysql kysely']! / login['sqlite kysely']!]);

const insert = await run('score insert', {
  'sqlite kysely': async () => {
    await sqlite.scores.insert('vanilla', score(nextUser()));
  },
  ...(mysql ? { 'mysql kysely': async () => {
    await mysql!.scores.insert('vanilla', score(nextUser()));
  } } : {}),
});
if (mysql) table.push(['score insert', 'mysql / sqlite', insert['mysql kysely']! / insert['sqlite kysely']!]);

const best = await run('best 100 scores of a user', {
  'sqlite kysely': async () => {
    await sqlite.scores.bestOfUser('vanilla', (i++ % 200) + 1, 0, { limit: 100 });
  },
  ...(mysql ? { 'mysql kysely': async () => {
    await mysql!.scores.bestOfUser('vanilla', (i++ % 200) + 1, 0, { limit: 100 });
  } } : {}),
});
if (mysql) table.push(['best scores', 'mysql / sqlite', best['mysql kysely']! / best['sqlite kysely']!]);

console.log('\nratios (>1 = left side faster):');
for (const [what, ratio, v] of table) console.log(`  ${what.padEnd(14)} ${ratio.padEnd(22)} ${v.toFixed(2)}`);

raw.close();
await sqlite.close();
rmSync(dir, { recursive: true, force: true });
if (mysql) await mysql.close();
if (tdb) await tdb.drop();
