/**
 * performance-service's HTTP API on a real Hayate server (embedded mode, port 0): the calculate
 * endpoint's rounding, order and errors, and the rework routes' shapes end to end (session →
 * queue → the in-process rework processor → stats, leaderboard, scores, search).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../config.js';
import { startServer, type RunningServer } from '../../../main.js';
import { createLogger } from '../../../log.js';
import { ComputePool } from '../../../../compute/pool.js';
import { RecalcStore } from '../../../recalc/store/recalc-store.js';
import { seedRecalcDatabase, type Seeded } from '../../../recalc/test/recalc-scenario.js';
import { ACCURACY_OR_COUNTS, f32Json, round2f32 } from '../calculate.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

describe('performance-service API', () => {
  let dir: string;
  let server: RunningServer;
  let pool: ComputePool;
  let seeded: Seeded;
  let stdMap: { md5: string; id: number };
  let taikoMap: { md5: string; id: number };

  const post = (p: string, body: unknown) => fetch(server.internalUrl + p, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  const get = async (p: string): Promise<unknown> => {
    const r = await fetch(server.internalUrl + p);
    assert.equal(r.status, 200, `${p}: ${r.status}`);
    return r.json();
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hayate-perf-api-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'silent' });
    pool = new ComputePool({ threads: 1, mapsDir: path.join(dir, 'osu'), passwordThreads: 0, bcryptRounds: 4 });
    server = await startServer(config, { compute: pool, logger: createLogger('silent'), idleSweepMs: 0 });
    seeded = await seedRecalcDatabase(server.deps.storage, dir, { scoresPerUserMap: 2 });
    const find = async (mode: number) => {
      const m = seeded.maps.find((x) => x.mode === mode)!;
      return { md5: m.md5, id: (await server.deps.storage.beatmaps.findByMd5(m.md5))!.beatmapId };
    };
    stdMap = await find(0);
    taikoMap = await find(1);
  });

  after(async () => {
    await server?.close();
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('POST /api/v1/calculate', () => {
    test('f32 rounding to 2 decimals, printed like serde; NaN/inf → 0', () => {
      assert.equal(round2f32(123.456), 123.46);
      assert.equal(round2f32(0.004999), 0);
      assert.equal(round2f32(Number.NaN), 0);
      assert.equal(round2f32(Number.POSITIVE_INFINITY), 0);
      assert.equal(f32Json(Math.fround(9.3)), 9.3);
      assert.equal(JSON.stringify(round2f32(271.125)), '271.13');
    });

    test('accuracy request: stars/pp rounded, ar/od for osu!, map max combo; same as the pool', async () => {
      const r = await post('/api/v1/calculate', [{ beatmap_id: stdMap.id, beatmap_md5: '', mode: 0, mods: 8, max_combo: 300, accuracy: 98.5, miss_count: 1 }]);
      assert.equal(r.status, 200);
      const [item] = (await r.json()) as Array<Record<string, number>>;
      const direct = await pool.calculate({ map: { md5: stdMap.md5 }, score: { mode: 0, mods: 8, accuracy: Math.fround(98.5), misses: 1, combo: 300 } });
      assert.deepEqual(Object.keys(item!).sort(), ['ar', 'max_combo', 'od', 'pp', 'stars']);
      assert.equal(item!.pp, round2f32(direct.pp));
      assert.equal(item!.stars, round2f32(direct.stars));
      assert.equal(item!.max_combo, direct.maxCombo);
      assert.ok(item!.ar > 0 && item!.od > 0);
      assert.equal(Math.round(item!.pp * 100) / 100, item!.pp);
    });

    test('a batch keeps its order; counts requests work; ar/od are 0 outside osu!', async () => {
      const batch = [
        { beatmap_id: taikoMap.id, beatmap_md5: '', mode: 1, mods: 64, max_combo: 200, count_300: 250, count_100: 10, count_50: 0, miss_count: 2 },
        { beatmap_id: stdMap.id, beatmap_md5: '', mode: 0, mods: 0, max_combo: 400, accuracy: 99, miss_count: 0 },
        { beatmap_id: 0, beatmap_md5: stdMap.md5, mode: 0, mods: 64, max_combo: 400, accuracy: 95, miss_count: 3 },
      ];
      const r = await post('/api/v1/calculate', batch);
      assert.equal(r.status, 200);
      const all = (await r.json()) as Array<Record<string, number>>;
      assert.equal(all.length, 3);
      for (let i = 0; i < batch.length; i++) {
        const one = (await (await post('/api/v1/calculate', [batch[i]])).json()) as Array<Record<string, number>>;
        assert.deepEqual(all[i], one[0], `item ${i}`);
      }
      assert.equal(all[0]!.ar, 0);
      assert.equal(all[0]!.od, 0);
      assert.notEqual(all[1]!.pp, all[2]!.pp);
    });

    test('both or neither of accuracy and counts → 400 with the original text', async () => {
      const both = await post('/api/v1/calculate', [{ beatmap_id: stdMap.id, mode: 0, mods: 0, max_combo: 1, accuracy: 99, count_300: 1, count_100: 0, count_50: 0, miss_count: 0 }]);
      assert.equal(both.status, 400);
      assert.equal(await both.text(), ACCURACY_OR_COUNTS);
      const neither = await post('/api/v1/calculate', [{ beatmap_id: stdMap.id, mode: 0, mods: 0, max_combo: 1, count_300: 5, miss_count: 0 }]);
      assert.equal(neither.status, 400);
      assert.equal(await neither.text(), ACCURACY_OR_COUNTS);
    });

    test('unknown map → 404, bad mods → 400, malformed body → 400', async () => {
      const unknown = await post('/api/v1/calculate', [{ beatmap_id: 999999999, beatmap_md5: '', mode: 0, mods: 0, max_combo: 1, accuracy: 99, miss_count: 0 }]);
      assert.equal(unknown.status, 404);
      assert.match(await unknown.text(), /beatmap not found/);
      const mods = await post('/api/v1/calculate', [{ beatmap_id: stdMap.id, mode: 0, mods: 2 | 16, max_combo: 1, accuracy: 99, miss_count: 0 }]);
      assert.equal(mods.status, 400);
      assert.match(await mods.text(), /EZ|HR|mods/i);
      const bad = await post('/api/v1/calculate', '{"not":"an array"}');
      assert.equal(bad.status, 400);
      const badField = await post('/api/v1/calculate', [{ beatmap_id: stdMap.id, mode: 'x', mods: 0, max_combo: 1, accuracy: 99, miss_count: 0 }]);
      assert.equal(badField.status, 400);
      assert.match(await badField.text(), /mode/);
    });
  });

  describe('reworks', () => {
    let reworkId: number;
    const user = () => seeded.users[0]!;

    before(async () => {
      const store = RecalcStore.fromStorage(server.deps.storage);
      reworkId = await store.createRework({ name: 'rx on rosu 3.1', mode: 0, rx: 1, calculator: 'rosu-3.1' });
      await server.deps.storage.users.setPasswordHash(user().id, await pool.hashPassword(md5('hunter2'), 4));
    });

    test('list and get', async () => {
      const list = (await get('/api/v1/reworks')) as Array<Record<string, unknown>>;
      assert.equal(list.length, 1);
      assert.deepEqual(Object.keys(list[0]!).sort(), ['mode', 'rework_id', 'rework_name', 'rx', 'updated_at']);
      assert.equal(list[0]!.rework_name, 'rx on rosu 3.1');
      assert.equal(list[0]!.rx, 1);
      assert.ok(typeof list[0]!.updated_at === 'number' && (list[0]!.updated_at as number) > 1_700_000_000);
      assert.deepEqual(await get(`/api/v1/reworks/${reworkId}`), list[0]);
      assert.equal(await get('/api/v1/reworks/4242'), null);
    });

    test('sessions: wrong password fails, right one gives a reused token; queueing processes the user', async () => {
      const wrong = (await (await post('/api/v1/reworks/sessions', { username: 'recalc player 0', password_md5: md5('nope') })).json()) as Record<string, unknown>;
      assert.equal(wrong.success, false);
      const ok = (await (await post('/api/v1/reworks/sessions', { username: 'recalc player 0', password_md5: md5('hunter2') })).json()) as Record<string, unknown>;
      assert.equal(ok.success, true);
      assert.equal(ok.user_id, user().id);
      assert.match(String(ok.session_token), /^[0-9a-f-]{36}$/);
      const again = (await (await post('/api/v1/reworks/sessions', { username: 'Recalc Player 0', password_md5: md5('hunter2') })).json()) as Record<string, unknown>;
      assert.equal(again.session_token, ok.session_token);

      const q = (await (await post(`/api/v1/reworks/${reworkId}/queue?session=${ok.session_token}`, '')).json()) as Record<string, unknown>;
      assert.deepEqual(q, { success: true, message: 'Added to queue' });

      let stats: Record<string, unknown> | null = null;
      for (let i = 0; i < 200 && stats === null; i++) {
        stats = (await get(`/api/v1/reworks/${reworkId}/users/${user().id}/stats`)) as Record<string, unknown> | null;
        if (stats === null) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(stats, 'the rework processor handled the queued user');
      assert.deepEqual(Object.keys(stats).sort(), ['country', 'new_pp', 'new_rank', 'old_pp', 'old_rank', 'user_id', 'user_name']);
      assert.equal(stats.new_rank, 1);
      assert.ok((stats.new_pp as number) > 0);

      const board = (await get(`/api/v1/reworks/${reworkId}/leaderboards?page=1&amount=10`)) as { total_count: number; users: Array<Record<string, unknown>> };
      assert.equal(board.total_count, 1);
      assert.equal(board.users[0]!.user_id, user().id);
      assert.equal(board.users[0]!.new_rank, 1);

      const scores = (await get(`/api/v1/reworks/${reworkId}/scores/${user().id}`)) as Array<Record<string, unknown>>;
      assert.ok(scores.length > 0 && scores.length <= 100);
      assert.deepEqual(Object.keys(scores[0]!).sort(), [
        'accuracy', 'beatmap', 'max_combo', 'mods', 'new_pp', 'new_rank', 'num_100s', 'num_300s', 'num_50s', 'num_gekis', 'num_katus', 'num_misses',
        'old_pp', 'old_rank', 'rework_id', 'score', 'score_id', 'user_id',
      ]);
      assert.deepEqual(Object.keys(scores[0]!.beatmap as object).sort(), ['beatmap_id', 'beatmapset_id', 'song_name']);
      const pps = scores.map((s) => s.new_pp as number);
      assert.deepEqual(pps, [...pps].sort((a, b) => b - a));

      const u = (await get(`/api/v1/reworks/users/${user().id}`)) as { reworks: unknown[]; user_name: string };
      assert.equal(u.user_name, 'recalc player 0');
      assert.equal(u.reworks.length, 1);
      assert.equal(await get('/api/v1/reworks/users/987654'), null);

      const found = (await get(`/api/v1/reworks/${reworkId}/users/search?query=PLAYER`)) as Array<Record<string, unknown>>;
      assert.deepEqual(found, [{ user_id: user().id, user_name: 'recalc player 0' }]);

      const del = await fetch(`${server.internalUrl}/api/v1/reworks/sessions/${ok.session_token}`, { method: 'DELETE' });
      assert.equal(del.status, 200);
      const after = (await (await post(`/api/v1/reworks/${reworkId}/queue?session=${ok.session_token}`, '')).json()) as Record<string, unknown>;
      assert.deepEqual(after, { success: false, message: 'Invalid session' });
    });
  });
});
