/**
 * Issue 10's hot paths, side by side in one run:
 *   1. beatmap lookup by md5: the store's in-memory LRU hit vs the `beatmaps` table (SQLite) —
 *      what getscores / submission pay per request once a map is known;
 *   2. the egress limiter: a request to a loopback upstream through `Egress.request` (token
 *      bucket, undici pool, metrics) vs a direct undici request to the same upstream, alternated
 *      in fixed loops: wall time and process CPU per request (median of three rounds);
 *   3. the limiter's rate held over a few seconds of wall time (10 req/s, burst 1, 40 requests).
 *
 *   node dist/bench/beatmaps.bench.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, Agent } from 'undici';
import { runSuite } from './support/deferred.js';
import { openStorage } from '../server/adapters/storage/open-storage.js';
import { osuFileCache } from '../server/adapters/beatmaps/osu-file-cache.js';
import { createBeatmapStore } from '../server/beatmaps/store.js';
import { createLogger } from '../server/log.js';
import { systemClock } from '../server/ports/clock.js';
import { Egress } from '../server/egress/egress.js';
import { mountProxy } from '../server/egress/proxy-route.js';
import { createHttpApp } from '../server/http/app.js';
import { startLoopback } from '../server/test/support/loopback-server.js';

const MAPS = 5000;
const dir = mkdtempSync(path.join(tmpdir(), 'hayate-bench-maps-'));
const storage = await openStorage({ databaseUrl: undefined, dataDir: dir });
const md5s: string[] = [];
for (let i = 1; i <= MAPS; i++) {
  const md5 = i.toString(16).padStart(32, '0');
  md5s.push(md5);
  await storage.beatmaps.upsert({
    beatmapId: i, beatmapsetId: i, beatmapMd5: md5, songName: `A - T [${i}]`, fileName: `A - T (M) [${i}].osu`, ar: 9, od: 8, mode: 0, maxCombo: 1000,
    hitLength: 100, bpm: 180, ranked: 2, latestUpdate: Math.floor(Date.now() / 1000), rankedStatusFreezed: true, playcount: 0, passcount: 0,
    countCircles: 1, countSliders: 1, countSpinners: 0,
  });
}
const store = createBeatmapStore({ storage, files: osuFileCache(path.join(dir, 'osu')), clock: systemClock, log: createLogger('silent'), cacheSize: MAPS * 2, cacheTtlMs: 3600_000 });
for (const m of md5s) await store.byMd5(m);
let i = 0;
const lookups = await runSuite(
  'beatmap lookup by md5',
  {
    'store (LRU hit)': async () => store.byMd5(md5s[i++ % MAPS]!),
    'beatmaps table (SQLite)': async () => storage.beatmaps.findByMd5(md5s[i++ % MAPS]!),
  },
  { minSamples: 30, maxTime: 2 },
);

const up = await startLoopback((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
const egress = new Egress({ defaultLimit: { rate: 1e9, burst: 1e9 } });
const url = `${up.url}/api/get_beatmaps?h=abc`;
// The operator's route: the same upstream through Hayate's /proxy/<host>/<path> (uWS app → limiter → upstream).
const upHost = new URL(up.url).host;
const proxyApp = createHttpApp(createLogger('silent'));
mountProxy(proxyApp, { egress, apiKey: 'bench-key', allowedHosts: [upHost], scheme: 'http' });
const proxyPort = await proxyApp.listen('127.0.0.1', 0);
const proxied = `http://127.0.0.1:${proxyPort}/proxy/${upHost}/api/get_beatmaps?h=abc`;
// Fixed loops, alternated, three rounds: wall time and process CPU per request for each
// contender (CPU is the steadier figure on a shared machine).
const N = 1000;
type Figures = { wallUs: number[]; cpuUs: number[] };
const figures: Record<'direct' | 'egress' | 'proxy', Figures> = { direct: { wallUs: [], cpuUs: [] }, egress: { wallUs: [], cpuUs: [] }, proxy: { wallUs: [], cpuUs: [] } };
const once = {
  direct: async () => {
    const r = await request(url, { dispatcher: agent });
    await r.body.arrayBuffer();
  },
  egress: async () => egress.request({ url }),
  proxy: async () => {
    const r = await request(proxied, { dispatcher: agent, headers: { 'x-api-key': 'bench-key' } });
    if (r.statusCode !== 200) throw new Error(`proxy answered ${r.statusCode}`);
    await r.body.arrayBuffer();
  },
};
for (let k = 0; k < 50; k++) {
  await once.direct();
  await once.egress();
  await once.proxy();
}
for (let round = 0; round < 3; round++) {
  for (const name of ['direct', 'egress', 'proxy'] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < N; k++) await once[name]();
    const c = process.cpuUsage(c0);
    figures[name].wallUs.push(((performance.now() - t0) * 1000) / N);
    figures[name].cpuUs.push((c.user + c.system) / N);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Wall-clock rate: 40 requests at 10/s with burst 1 should take ~3.9 s.
const rated = new Egress({ defaultLimit: { rate: 10, burst: 1 } });
const t0 = performance.now();
await Promise.all(Array.from({ length: 40 }, () => rated.request({ url, deadlineMs: 10_000 })));
const seconds = (performance.now() - t0) / 1000;
const achieved = 39 / seconds;

const hit = lookups['store (LRU hit)']!;
const table = lookups['beatmaps table (SQLite)']!;
console.log('\nsummary');
console.log(`  lookup by md5: store ${Math.round(hit)} ops/s vs table ${Math.round(table)} ops/s (×${(hit / table).toFixed(1)})`);
const d = { wall: median(figures.direct.wallUs), cpu: median(figures.direct.cpuUs) };
const e = { wall: median(figures.egress.wallUs), cpu: median(figures.egress.cpuUs) };
console.log(`  loopback request (median of 3 × ${N}): direct ${d.wall.toFixed(0)} µs wall, ${d.cpu.toFixed(0)} µs CPU; through Egress ${e.wall.toFixed(0)} µs wall, ${e.cpu.toFixed(0)} µs CPU`);
console.log(`  egress overhead per request: ${(e.wall - d.wall).toFixed(0)} µs wall, ${(e.cpu - d.cpu).toFixed(0)} µs CPU (process CPU includes the in-process upstream)`);
const pr = { wall: median(figures.proxy.wallUs), cpu: median(figures.proxy.cpuUs) };
console.log(`  through the /proxy route: ${pr.wall.toFixed(0)} µs wall, ${pr.cpu.toFixed(0)} µs CPU; added over the direct call: ${(pr.wall - d.wall).toFixed(0)} µs wall, ${(pr.cpu - d.cpu).toFixed(0)} µs CPU`);
console.log(`  limiter at 10/s burst 1: 40 requests in ${seconds.toFixed(2)} s = ${achieved.toFixed(2)} req/s after the first (${(((achieved - 10) / 10) * 100).toFixed(1)} % off)`);

await proxyApp.close(100);
await egress.close();
await rated.close();
await agent.close();
await up.close();
await storage.close();
rmSync(dir, { recursive: true, force: true });
