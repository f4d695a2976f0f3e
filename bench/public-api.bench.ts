/**
 * Requests per second of the three most used public API routes (users/full, leaderboard,
 * users/scores/best) and of the website's leaderboard and profile pages over real keep-alive HTTP, against an embedded server (SQLite, in-process
 * boards) seeded with 2,000 players, 200 ranked maps and 100 scores for the profiled player;
 * once with the answer cache off (every request reaches the database and the boards) and once
 * with the default 1 s cache. The load generator runs in the same process (a closed loop of 32
 * concurrent requests), so figures are a floor; the CPU time per request (server and generator
 * together) is the figure that stays meaningful on a shared machine.
 *
 *   node dist/bench/public-api.bench.js
 */
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/log.js';
import { startServer, type RunningServer } from '../server/main.js';
import { cheapHasher } from '../server/test/support/start-test-server.js';
import { addScore, beatmap, stats } from '../server/api/public/test/seed.js';

const PLAYERS = 2000;
const CONCURRENCY = 32;
const SECONDS = 3;

async function seed(server: RunningServer): Promise<number> {
  const { storage, leaderboards } = server.deps;
  const countries = ['JP', 'US', 'DE', 'FR', 'GB', 'KR', 'CA', 'BR'];
  let first = 0;
  for (let i = 0; i < PLAYERS; i++) {
    const country = countries[i % countries.length]!;
    const id = await storage.users.create({ username: `player${i}`, email: `p${i}@example.test`, passwordHash: 'x', privileges: 3, country });
    if (i === 0) first = id;
    const pp = 10_000 - i * 3;
    await storage.stats.put(stats(id, 0, { pp, rankedScore: BigInt(pp) * 10_000n, totalScore: BigInt(pp) * 30_000n, playcount: 500, avgAccuracy: 97 }));
    await leaderboards.set('vanilla', 0, country, id, pp);
  }
  const maps = Array.from({ length: 200 }, (_, i) => beatmap(1000 + i));
  for (const m of maps) await storage.beatmaps.upsert(m);
  for (let i = 0; i < 100; i++) await addScore(storage, 'vanilla', { userId: first, map: maps[i]!, score: 500_000 + i, pp: 100 + i });
  return first;
}

/** Requests/s and this process's CPU time per request (server and generator together: robust on a busy machine). */
function load(port: number, path: string): Promise<{ rps: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`${path}: HTTP ${res.statusCode}`));
          else resolve();
        });
      });
      req.on('error', reject);
    });
  const worker = async (): Promise<void> => {
    while (Date.now() < until) {
      await one();
      done++;
    }
  };
  const started = Date.now();
  return Promise.all(Array.from({ length: CONCURRENCY }, worker)).then(() => {
    agent.destroy();
    const cpu = process.cpuUsage(cpu0);
    return { rps: done / ((Date.now() - started) / 1000), cpuMs: (cpu.user + cpu.system) / 1000 / done };
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hayate-public-bench-'));
  try {
    for (const cacheMs of [0, 1000]) {
      const config = { ...loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'error' }), publicCacheMs: cacheMs };
      const server = await startServer(config, { logger: createLogger('error'), passwords: cheapHasher, idleSweepMs: 0 });
      try {
        const id = cacheMs === 0 ? await seed(server) : (await server.deps.storage.users.findBySafeName('player0'))!.id;
        for (const [name, route] of [
          ['users/full', `/api/v1/users/full?id=${id}`],
          ['leaderboard', '/api/v1/leaderboard?mode=0&l=50'],
          ['users/scores/best', `/api/v1/users/scores/best?id=${id}&mode=0&l=50`],
          ['page /leaderboard', '/leaderboard'],
          ['page /u/<id>', `/u/${id}`],
        ] as const) {
          await load(server.port, route); // warm-up pass (JIT, SQLite page cache)
          const { rps, cpuMs } = await load(server.port, route);
          console.log(`public-api: ${name.padEnd(18)} cache ${cacheMs === 0 ? 'off' : '1 s'}: ${Math.round(rps)} requests/s, ${cpuMs.toFixed(2)} ms CPU per request`);
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
