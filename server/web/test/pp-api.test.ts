/**
 * score-service's `GET /api/v1/pp` with a real compute pool (embedded server, port 0): the list
 * for 100/99/98/95 % when no accuracy is given, one value for a given accuracy, relax through the
 * relax calculator, numbers equal to the pool's own rounded to 2 decimals.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import { startServer, type RunningServer } from '../../main.js';
import { ComputePool } from '../../../compute/pool.js';
import { seedRecalcDatabase, type Seeded } from '../../recalc/test/recalc-scenario.js';
import { round2f32 } from '../../api/performance/calculate.js';
import { Mods } from '../../../protocol/osu/mods.js';

let dir: string;
let server: RunningServer;
let pool: ComputePool;
let seeded: Seeded;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-pp-api-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent' });
  pool = new ComputePool({ threads: 1, mapsDir: path.join(dir, 'osu'), passwordThreads: 0, bcryptRounds: 4 });
  server = await startServer(config, { compute: pool, logger: createLogger('silent'), idleSweepMs: 0 });
  seeded = await seedRecalcDatabase(server.deps.storage, dir, { scoresPerUserMap: 1 });
});

after(async () => {
  await server?.close();
  await pool?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('/api/v1/pp: common accuracies, a given accuracy, relax; same numbers as the pool', async () => {
  const std = seeded.maps.find((m) => m.mode === 0)!;
  const row = (await server.deps.storage.beatmaps.findByMd5(std.md5))!;
  const get = async (q: string) => {
    const r = await fetch(`${server.url}/api/v1/pp?${q}`);
    assert.equal(r.status, 200, q);
    return (await r.json()) as { status: number; message: string; song_name: string; pp: number | number[]; length: number; stars: number; ar: number; bpm: number };
  };
  const expectPp = async (mods: number, accuracy: number) =>
    round2f32((await pool.calculate({ map: { md5: std.md5 }, score: { mode: 0, mods, accuracy, misses: 0, combo: row.maxCombo || undefined } })).pp);

  const all = await get(`b=${row.beatmapId}`);
  assert.deepEqual(Object.keys(all).sort(), ['ar', 'bpm', 'length', 'message', 'pp', 'song_name', 'stars', 'status']);
  assert.equal(all.status, 200);
  assert.equal(all.song_name, row.songName);
  assert.ok(Array.isArray(all.pp) && all.pp.length === 4);
  const list = all.pp as number[];
  assert.ok(list[0]! > list[3]!, '100 % is worth more than 95 %');
  assert.equal(list[2], await expectPp(0, 98));
  assert.ok(all.stars > 0);

  const one = await get(`b=${row.beatmapId}&a=98.5&m=${Mods.Hidden}`);
  assert.equal(one.pp, await expectPp(Mods.Hidden, 98.5));

  const rx = await get(`b=${row.beatmapId}&a=98.5&m=${Mods.Relax}`);
  assert.equal(rx.pp, await expectPp(Mods.Relax, 98.5));
  assert.notEqual(rx.pp, one.pp);
});
