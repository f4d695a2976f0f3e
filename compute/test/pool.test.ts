/**
 * The compute pool's behaviour around the happy path: bad maps and scores, batches, the
 * difficulty store, md5-only maps, backpressure, worker recycling, bcrypt, metrics, close.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ComputeBusyError, ComputeClosedError, ComputePool, ComputeWorkerError, PpInputError } from '../pool.js';
import { MemoryDifficultyCache, type DifficultyCache } from '../pp/difficulty-cache.js';
import { MysqlDifficultyCache, SqliteDifficultyCache } from '../pp/difficulty-cache-sql.js';
import { md5Hex } from '../pp/map-check.js';
import { PoolPasswordHasher } from '../../server/adapters/passwords/pool-hasher.js';
import { createMysqlTestDatabase, type TestDatabase } from '../../server/test/support/services.js';
import { assertClose, mapBytes } from './fixtures.js';

const STD = mapBytes('2785319');
const STD_MD5 = '3ca9a5e23c9a4e9332f4f6e2a48865f7';

async function counter(pool: ComputePool, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = (await pool.metrics.registry.getMetricsAsJSON()).find((x) => x.name === name);
  let sum = 0;
  for (const v of m?.values ?? []) {
    if (Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l)) sum += v.value;
  }
  return sum;
}

/** A 5,000-circle map with objects 5 ms apart: rosu 3.1 flags it as suspicious. */
function denseMap(): Uint8Array {
  const lines = ['osu file format v14', '', '[General]', 'Mode: 0', '', '[Difficulty]', 'HPDrainRate:5', 'CircleSize:4', 'OverallDifficulty:8', 'ApproachRate:9', 'SliderMultiplier:1.4', 'SliderTickRate:1', '', '[TimingPoints]', '0,300,4,2,0,50,1,0', '', '[HitObjects]'];
  for (let i = 0; i < 5000; i++) lines.push(`${(i * 37) % 512},${(i * 53) % 384},${1000 + i * 5},1,0,0:0:0:0:`);
  return new TextEncoder().encode(lines.join('\n'));
}

let pool: ComputePool;
let mapsDir: string;
before(() => {
  mapsDir = mkdtempSync(path.join(tmpdir(), 'hayate-maps-'));
  writeFileSync(path.join(mapsDir, `${STD_MD5}.osu`), STD);
  pool = new ComputePool({ threads: 2, mapsDir, profile: 'akatsuki' });
});
after(async () => {
  await pool.close();
  rmSync(mapsDir, { recursive: true, force: true });
});

describe('bad maps', () => {
  const score = { mode: 0 as const, mods: 0, accuracy: 98 };
  test('empty bytes', async () => {
    await assert.rejects(pool.calculate({ map: { bytes: new Uint8Array(0) }, score }), { name: 'PpInputError', message: /empty/ });
  });
  test('garbage bytes', async () => {
    const garbage = new Uint8Array(1024).map((_, i) => (i * 97 + 13) % 256);
    await assert.rejects(pool.calculate({ map: { bytes: garbage }, score }), { name: 'PpInputError', message: /no hit objects/ });
  });
  test('truncated before [HitObjects]', async () => {
    const text = new TextDecoder().decode(STD);
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf('[HitObjects]')));
    await assert.rejects(pool.calculate({ map: { bytes: cut }, score }), PpInputError);
  });
  test('truncated at 50 % is caught by the md5 check', async () => {
    const half = STD.slice(0, STD.length >> 1);
    await assert.rejects(pool.calculate({ map: { bytes: half, md5: STD_MD5 }, score }), { name: 'PpInputError', message: /does not match/ });
  });
  test('not bytes at all', async () => {
    await assert.rejects(pool.calculate({ map: { bytes: 'abc' as unknown as Uint8Array }, score }), PpInputError);
    await assert.rejects(pool.calculate({ map: {}, score }), PpInputError);
    await assert.rejects(pool.calculate({ map: { md5: 'nope' }, score }), { message: /md5/ });
  });
  test('a taiko map cannot be converted to mania', async () => {
    await assert.rejects(pool.calculate({ map: { bytes: mapBytes('1028484') }, score: { mode: 3, mods: 0 } }), { name: 'PpInputError', message: /cannot be converted/ });
  });
  test('a suspicious map gives 0 pp and a flag, no crash', async () => {
    const r = await pool.calculate({ map: { bytes: denseMap() }, score, calculator: 'rosu-3.1' });
    assert.equal(r.pp, 0);
    assert.equal(r.suspicious, true);
    const d = await pool.difficulty({ map: { bytes: denseMap() }, mode: 0, mods: 0 });
    assert.equal(d.suspicious, true);
  });
  test('the pool still works after all of that', async () => {
    const r = await pool.calculate({ map: { bytes: STD }, score: { mode: 0, mods: 'HDDT', accuracy: 99 } });
    assertClose(r.pp, 676.0878551170331, 1e-12, 'VN HDDT 99%');
  });
});

describe('bad scores', () => {
  const map = { bytes: STD };
  for (const [name, score, re] of [
    ['accuracy 150', { mode: 0, mods: 0, accuracy: 150 }, /accuracy/],
    ['fractional n300', { mode: 0, mods: 0, n300: 1.5 }, /n300/],
    ['string misses', { mode: 0, mods: 0, misses: '2' }, /misses/],
    ['accuracy and counts', { mode: 0, mods: 0, accuracy: 98, n300: 500 }, /either accuracy or hit counts/],
    ['mode 7', { mode: 7, mods: 0 }, /mode/],
    ['EZHR', { mode: 0, mods: 'EZHR' }, /EZ and HR/],
  ] as const) {
    test(name, async () => {
      await assert.rejects(pool.calculate({ map, score: score as never }), (err: unknown) => err instanceof PpInputError && re.test(err.message));
    });
  }
  test('unknown calculator', async () => {
    await assert.rejects(pool.calculate({ map, score: { mode: 0, mods: 0 }, calculator: 'pp-v9' as never }), { message: /unknown calculator/ });
  });
});

describe('maps by md5 only', () => {
  test('resolved from the maps directory', async () => {
    const r = await pool.calculate({ map: { md5: STD_MD5 }, score: { mode: 0, mods: 72, accuracy: 99 } });
    assertClose(r.pp, 676.0878551170331, 1e-12, 'pp');
  });
  test('an unknown md5 is a clear error', async () => {
    await assert.rejects(pool.calculate({ map: { md5: 'f'.repeat(32) }, score: { mode: 0, mods: 0 } }), { name: 'PpInputError', message: /not found/ });
  });
});

describe('batches', () => {
  test('one map, many scores: same numbers as single calls, bad items isolated', async () => {
    const scores = [
      { mode: 0 as const, mods: 0, accuracy: 98, misses: 1, combo: 800 },
      { mode: 0 as const, mods: 'HDDT', accuracy: 99 },
      { mode: 0 as const, mods: 'EZHR' },
      { mode: 0 as const, mods: 8192, accuracy: 100 },
      { mode: 1 as const, mods: 0, n300: 880, n100: 20, misses: 3, combo: 500 },
      { mode: 0 as const, mods: 64, n300: 1.5 },
    ];
    const items = await pool.calculateBatch({ map: { bytes: STD }, scores });
    assert.equal(items.length, scores.length);
    assert.equal(items[2]!.ok, false);
    assert.equal(items[5]!.ok, false);
    for (const i of [0, 1, 3, 4]) {
      const item = items[i]!;
      assert.ok(item.ok, `item ${i}`);
      const single = await pool.calculate({ map: { bytes: STD }, score: scores[i]! });
      assert.equal(item.result.pp, single.pp);
      assert.equal(item.result.calculator, single.calculator);
    }
  });
});

async function storeRoundTrip(cache: DifficultyCache): Promise<void> {
  const a = new ComputePool({ threads: 1, difficultyCache: cache });
  let first: number;
  try {
    first = (await a.calculate({ map: { bytes: STD }, score: { mode: 0, mods: 'HR', accuracy: 97 } })).pp;
    // the store write is asynchronous: poll until it landed
    for (let i = 0; i < 100 && !(await cache.get({ md5: STD_MD5, mode: 0, mods: 16, calculator: 'rosu-2.0' })); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await a.close();
  }
  const stored = await cache.get({ md5: STD_MD5, mode: 0, mods: 16, calculator: 'rosu-2.0' });
  assert.ok(stored, 'attributes were stored');
  assert.equal(typeof stored.stars, 'number');
  const b = new ComputePool({ threads: 1, difficultyCache: cache });
  try {
    const second = await b.calculate({ map: { md5: STD_MD5 }, score: { mode: 0, mods: 'HR', accuracy: 97 } });
    // md5 only and no maps directory: only possible because the attributes came from the store
    assert.equal(second.pp, first);
    assert.equal(await counter(b, 'hayate_compute_difficulty_store_total', { result: 'hit' }), 1);
  } finally {
    await b.close();
  }
}

describe('difficulty attribute store', () => {
  test('memory store: a second pool reuses stored attributes', async () => {
    await storeRoundTrip(new MemoryDifficultyCache());
  });
  test('batches read and write the store too', async () => {
    const cache = new MemoryDifficultyCache();
    const scores = [
      { mode: 0 as const, mods: 'HD', accuracy: 97 },
      { mode: 0 as const, mods: 'HD', accuracy: 99, misses: 2 },
      { mode: 0 as const, mods: 'DT', n300: 590, n100: 10, misses: 1 },
    ];
    const a = new ComputePool({ threads: 1, difficultyCache: cache });
    let first;
    try {
      first = await a.calculateBatch({ map: { bytes: STD }, scores, calculator: 'rosu-3.1' });
      for (let i = 0; i < 100 && cache.size < 2; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await a.close();
    }
    assert.equal(cache.size, 2, 'one entry per (mode, difficulty mods)');
    const b = new ComputePool({ threads: 1, difficultyCache: cache });
    try {
      const second = await b.calculateBatch({ map: { md5: STD_MD5 }, scores, calculator: 'rosu-3.1' });
      assert.deepEqual(second, first);
    } finally {
      await b.close();
    }
  });
  test('SQLite store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hayate-dc-'));
    const cache = new SqliteDifficultyCache(path.join(dir, 'dc.sqlite'));
    try {
      await storeRoundTrip(cache);
    } finally {
      await cache.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('MySQL store', async () => {
    let db: TestDatabase | undefined;
    let cache: MysqlDifficultyCache | undefined;
    try {
      db = await createMysqlTestDatabase('hayate_compute');
      cache = MysqlDifficultyCache.fromUrl(db.url);
      await storeRoundTrip(cache);
    } finally {
      await cache?.close();
      await db?.drop();
    }
  });
});

describe('backpressure', () => {
  test('a full queue rejects at once with ComputeBusyError and loses nothing else', async () => {
    const small = new ComputePool({ threads: 1, maxQueue: 2 });
    try {
      const modsList = [0, 8, 16, 64, 72, 24, 80, 1024, 1032, 2, 10, 88];
      const settled = await Promise.allSettled(
        modsList.map((mods) => small.calculate({ map: { bytes: STD }, score: { mode: 0, mods, accuracy: 97 }, calculator: 'rosu-3.1' })),
      );
      const busy = settled.filter((s) => s.status === 'rejected' && s.reason instanceof ComputeBusyError);
      const ok = settled.filter((s) => s.status === 'fulfilled');
      assert.ok(busy.length > 0, 'some tasks were refused');
      assert.equal(busy.length + ok.length, modsList.length, 'every task either ran or was refused as busy');
      assert.ok(ok.length >= 2, 'the queued ones ran');
      assert.equal(await counter(small, 'hayate_compute_busy_rejections_total'), busy.length);
    } finally {
      await small.close();
    }
  });
});

describe('worker recycling', () => {
  test('a WASM RuntimeError recycles the worker; the pool keeps answering', async () => {
    const p = new ComputePool({ threads: 1, allowFaultInjection: true });
    try {
      const before = await p.calculate({ map: { bytes: STD }, score: { mode: 0, mods: 0, accuracy: 98 } });
      await assert.rejects(p.injectFault('wasm-trap'), (err: unknown) => err instanceof ComputeWorkerError && /RuntimeError/.test(err.message));
      const after = await Promise.all([0, 1, 2].map(() => p.calculate({ map: { bytes: STD }, score: { mode: 0, mods: 0, accuracy: 98 } })));
      for (const r of after) assert.equal(r.pp, before.pp);
      assert.equal(await counter(p, 'hayate_compute_worker_recycles_total', { reason: 'wasm-error' }), 1);
    } finally {
      await p.close();
    }
  });
  test('workers past the WASM memory threshold are replaced between tasks', async () => {
    const p = new ComputePool({ threads: 1, wasmMemoryLimit: 1 });
    try {
      const results = await Promise.all(
        [0, 8, 16, 64, 0, 8].map((mods) => p.calculate({ map: { bytes: STD }, score: { mode: 0, mods, accuracy: 98 }, calculator: 'rosu-3.1' })),
      );
      assert.equal(results[0]!.pp, results[4]!.pp);
      assert.equal(results[1]!.pp, results[5]!.pp);
      assert.ok((await counter(p, 'hayate_compute_worker_recycles_total', { reason: 'memory' })) >= 1);
    } finally {
      await p.close();
    }
  });
});

describe('bcrypt in the pool', () => {
  test('hash and verify through PoolPasswordHasher', async () => {
    const hasher = new PoolPasswordHasher({
      hashPassword: (md5: string) => pool.hashPassword(md5, 4),
      verifyPassword: (md5: string, hash: string) => pool.verifyPassword(md5, hash),
    });
    const md5 = md5Hex(new TextEncoder().encode('hunter2'));
    const hash = await hasher.hash(md5);
    assert.match(hash, /^\$2[aby]\$04\$/);
    assert.equal(await hasher.verify(md5, hash), true);
    assert.equal(await hasher.verify(md5.toUpperCase(), hash), true, 'md5 hex is case-insensitive');
    assert.equal(await hasher.verify(md5Hex(new TextEncoder().encode('hunter3')), hash), false);
    assert.equal(await hasher.verify(md5, 'not a bcrypt hash'), false);
  });
  test('bcrypt has its own small pool: a login does not wait behind a pp backlog', async () => {
    const p = new ComputePool({ threads: 1 });
    try {
      const hash = await p.hashPassword('a'.repeat(32), 4);
      let done = 0;
      const backlog = Array.from({ length: 40 }, (_, i) =>
        p.rosuRaw({ version: '3.1', map: { bytes: STD }, mode: 0, what: 'performance', args: { mods: [0, 8, 16, 64][i % 4], lazer: false } }).then(() => done++),
      );
      assert.equal(await p.verifyPassword('a'.repeat(32), hash), true);
      // sharing the pp queue it would answer after ~all 40 (FIFO); measured 38 vs 0 here
      assert.ok(done < backlog.length / 2, `verify answered after ${done} of ${backlog.length} queued pp tasks`);
      await Promise.all(backlog);
    } finally {
      await p.close();
    }
  });
  test('default cost is 10', async () => {
    assert.match(await pool.hashPassword('0'.repeat(32)), /^\$2[aby]\$10\$/);
  });
});

describe('metrics and lifecycle', () => {
  test('latency histogram by kind, queue depth and utilisation', async () => {
    const text = await pool.metrics.registry.metrics();
    assert.match(text, /hayate_compute_task_seconds_count\{kind="pp",outcome="ok"\} [1-9]/);
    assert.match(text, /hayate_compute_task_seconds_count\{kind="bcrypt-hash",outcome="ok"\} [1-9]/);
    assert.match(text, /hayate_compute_errors_total\{kind="pp",reason="input"\} [1-9]/);
    assert.match(text, /hayate_compute_queue_depth \d/);
    const u = pool.utilisation();
    assert.ok(u >= 0 && u <= 1);
  });
  test('a closed pool rejects with ComputeClosedError', async () => {
    const p = new ComputePool({ threads: 1 });
    await p.close();
    await assert.rejects(p.calculate({ map: { bytes: STD }, score: { mode: 0, mods: 0 } }), ComputeClosedError);
  });
});
