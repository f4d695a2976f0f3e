/**
 * The WASM path (native/, Rust) and the TypeScript path agree on every fixture: decompressed
 * bytes, time lines frame by frame, frametime, snaps, similarity and correlation; the WASM LZMA
 * decoder passes the same fuzz suite as the pure-JS one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeLzma, readOsr, ReplayDecodeError } from '../../../protocol/replay/index.js';
import { allReplayNames, replayBytes } from '../../../protocol/replay/test/fixtures.js';
import { fuzzDecoder } from '../../../protocol/replay/test/fuzz-suite.js';
import { tsKernels, wasmKernels } from '../kernels/index.js';
import { decodeLzmaWasm } from '../native.js';

const close = (a: number, b: number, what: string): void =>
  assert.ok(a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: wasm ${a} vs ts ${b}`);

test('LZMA, time line, frametime and snaps agree on every fixture replay', () => {
  for (const name of allReplayNames()) {
    const stream = readOsr(replayBytes(name)).frames;
    assert.ok(Buffer.from(wasmKernels.lzma(stream)).equals(Buffer.from(tsKernels.lzma(stream))), `${name}: LZMA`);
    if (name === 'cc-empty_replay_data.osr') {
      for (const k of [tsKernels, wasmKernels]) {
        assert.throws(() => k.timeline(stream), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'empty-replay');
      }
      continue;
    }
    const a = wasmKernels.timeline(stream);
    const b = tsKernels.timeline(stream);
    assert.equal(a.count, b.count, name);
    assert.deepEqual(a.t, b.t, `${name}: t`);
    assert.deepEqual(a.x, b.x, `${name}: x`);
    assert.deepEqual(a.y, b.y, `${name}: y`);
    assert.deepEqual(a.keys, b.keys, `${name}: keys`);
    assert.deepEqual(wasmKernels.timeline(stream, 4).t.subarray(0, 3), tsKernels.timeline(stream, 4).t.subarray(0, 3));
    close(wasmKernels.frametimeMedian(a.t), tsKernels.frametimeMedian(b.t), `${name}: frametime`);
    const sa = wasmKernels.snapsRaw(a.t, a.x, a.y, 10, 8);
    const sb = tsKernels.snapsRaw(b.t, b.x, b.y, 10, 8);
    assert.deepEqual(sa.time, sb.time, `${name}: snap times`);
    sa.angle.forEach((v, i) => close(v, sb.angle[i]!, `${name}: snap angle ${i}`));
    sa.distance.forEach((v, i) => close(v, sb.distance[i]!, `${name}: snap distance ${i}`));
  }
});

test('similarity and correlation agree on the fixture pairs (both flips)', () => {
  const pairs = [
    ['cc-stolen_replay1.osr', 'cc-stolen_replay2.osr'], ['cc-legit-1.osr', 'cc-legit-2.osr'],
    ['cc-stolen-2-1.osr', 'cc-stolen-2-2.osr'], ['cc-lowsim-replay-osu_2528044_3431786037.osr', 'cc-lowsim-replay-osu_2528044_3583239446.osr'],
    ['cc-timewarped-1.osr', 'cc-example_replay.osr'],
  ];
  for (const [x, y] of pairs) {
    const a = tsKernels.timeline(readOsr(replayBytes(x!)).frames);
    const b = tsKernels.timeline(readOsr(replayBytes(y!)).frames);
    for (const flip of [false, true]) {
      const w = wasmKernels.compare(a, b, flip);
      const t = tsKernels.compare(a, b, flip);
      close(w.similarity, t.similarity, `${x} similarity`);
      close(w.correlation, t.correlation, `${x} correlation`);
    }
  }
});

test('hand-made frame text: both paths refuse the same inputs', () => {
  const wrap = (text: string): Uint8Array => encodeLzma(new TextEncoder().encode(text));
  for (const text of ['1|2|3|4,', '0x1|2|3|4', '1|2|3', '1| 2|3|4', '1|inf|3|4', '1|2|3|4|5', '16.5|1|1|0,-12345|0|0|9', '', '-12345|0|0|1']) {
    const stream = wrap(text);
    let ts: unknown;
    let wasm: unknown;
    try { ts = tsKernels.timeline(stream).t; } catch (e) { ts = e instanceof ReplayDecodeError ? e.code : e; }
    try { wasm = wasmKernels.timeline(stream).t; } catch (e) { wasm = e instanceof ReplayDecodeError ? e.code : e; }
    assert.deepEqual(wasm, ts, JSON.stringify(text));
  }
});


fuzzDecoder('WASM LZMA', decodeLzmaWasm);
