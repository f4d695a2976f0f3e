/**
 * The worker-side engine in-thread: WASM memory stays bounded whatever the cache budget (maps
 * evicted from the LRU, or too big to be cached at all, are freed), and cached answers equal
 * fresh ones. WASM linear memory never shrinks, so a leak shows as growth (~80 KB per parse).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PpEngine } from '../pp/engine.js';
import { rosuWasmBytes } from '../pp/rosu-lib.js';
import { mapBytes } from './fixtures.js';

const MAPS = [
  { bytes: mapBytes('2785319'), mode: 0 as const },
  { bytes: mapBytes('1028484'), mode: 1 as const },
  { bytes: mapBytes('2118524'), mode: 2 as const },
  { bytes: mapBytes('1638954'), mode: 3 as const },
];
const MB = 1024 * 1024;

test('maps too big for the cache budget are freed after use', () => {
  const e = new PpEngine({ beatmapCacheBytes: 1000, difficultyCacheEntries: 1 });
  const first = e.calculate('rosu-3.1', { bytes: MAPS[0]!.bytes }, { mode: 0, mods: 0, accuracy: 98 }).result.pp;
  for (let i = 0; i < 300; i++) e.calculate('rosu-3.1', { bytes: MAPS[0]!.bytes }, { mode: 0, mods: [0, 8, 16, 64][i % 4]!, accuracy: 98 });
  assert.equal(e.stats().beatmaps, 0);
  assert.equal(e.calculate('rosu-3.1', { bytes: MAPS[0]!.bytes }, { mode: 0, mods: 0, accuracy: 98 }).result.pp, first);
  assert.ok(rosuWasmBytes() < 8 * MB, `WASM memory ${rosuWasmBytes()} bytes after 300 uncached parses`);
});

test('LRU eviction frees parsed maps; results stay identical', () => {
  const e = new PpEngine({ beatmapCacheBytes: 100_000, difficultyCacheEntries: 2 });
  const expected = new Map<string, number>();
  for (let round = 0; round < 40; round++) {
    for (const [i, m] of MAPS.entries()) {
      for (const calc of ['rosu-3.1', 'rosu-2.0'] as const) {
        const pp = e.calculate(calc, { bytes: m.bytes }, { mode: m.mode, mods: round % 2 ? 64 : 0, accuracy: 97 }).result.pp;
        const key = `${calc}:${i}:${round % 2}`;
        if (!expected.has(key)) expected.set(key, pp);
        assert.equal(pp, expected.get(key), key);
      }
    }
  }
  assert.ok(e.stats().beatmaps <= 2, `cached maps ${e.stats().beatmaps}`);
  assert.ok(rosuWasmBytes() < 24 * MB, `WASM memory ${rosuWasmBytes()} bytes after 640 calculations`);
  e.clear();
  assert.equal(e.stats().beatmaps, 0);
});
