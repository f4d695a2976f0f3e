/**
 * The WASM path of the replay analysis: native/hayate_native.wasm (our std-only Rust, see
 * native/src/lzma.rs, replay.rs, cheat.rs, replay_abi.rs). One instance per thread, loaded on first
 * use. Every call frees what it allocates; a WASM trap drops the instance so the next call starts
 * fresh (the pool recycles workers on RuntimeError).
 */
import { readFileSync } from 'node:fs';
import { Wasm, isWasmRuntimeError, type WasmMemory } from '../wasm-globals.js';
import { WASM_PATH } from '../pp/akatsuki-rx-2019/native.js';
import { readLzmaHeader, ReplayDecodeError, LZMA_HEADER_BYTES, MAX_DECOMPRESSED_BYTES, MAX_EXPANSION, type LzmaDecoder, type ReplayErrorCode, type Timeline } from '../../protocol/replay/index.js';
import type { SnapList } from './kernels/heuristics.js';

interface Exports {
  memory: WasmMemory;
  alloc(len: number): number;
  dealloc(ptr: number, len: number): void;
  lzma_decode(inPtr: number, inLen: number, outPtr: number, outLen: number): number;
  replay_timeline(inPtr: number, inLen: number, maxSize: number, beatmapVersion: number, infoPtr: number): number;
  frametime_median(tPtr: number, n: number): number;
  snaps_raw(tPtr: number, xPtr: number, yPtr: number, n: number, maxAngle: number, minDistance: number, infoPtr: number): number;
  compare_pair(t1: number, x1: number, y1: number, n1: number, t2: number, x2: number, y2: number, n2: number, flip: number, chunks: number, outPtr: number): number;
}

const STATUS_CODES: Record<number, ReplayErrorCode> = { 10: 'truncated', 11: 'bad-lzma', 12: 'too-large', 13: 'bad-frames', 14: 'empty-replay' };

let instance: Exports | undefined;

function load(): Exports {
  if (instance) return instance;
  const module = new Wasm.Module(readFileSync(WASM_PATH));
  instance = new Wasm.Instance(module, {}).exports as unknown as Exports;
  return instance;
}

/** Whether this thread can use the WASM path (the module file is present and valid). */
export function wasmAvailable(): boolean {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}

function check(status: number, what: string): void {
  if (status === 0) return;
  const code = STATUS_CODES[status];
  if (code) throw new ReplayDecodeError(code, `${what} (native status ${status})`, code === 'truncated' || code === 'bad-lzma' ? LZMA_HEADER_BYTES : 0);
  throw new Error(`${what}: native status ${status}`);
}

/** Runs `body` with scratch allocations that are always freed; drops the instance after a trap. */
function withMemory<T>(body: (ex: Exports, alloc: (len: number) => number) => T): T {
  const ex = load();
  const held: Array<[number, number]> = [];
  const alloc = (len: number): number => {
    if (len === 0) return 0;
    const p = ex.alloc(len);
    if (p === 0) throw new ReplayDecodeError('too-large', `WASM could not allocate ${len} bytes`, 0);
    held.push([p, len]);
    return p;
  };
  try {
    return body(ex, alloc);
  } catch (err) {
    if (isWasmRuntimeError(err)) {
      instance = undefined;
      held.length = 0;
    }
    throw err;
  } finally {
    for (const [p, len] of held) ex.dealloc(p, len);
  }
}

function put(ex: Exports, alloc: (len: number) => number, bytes: Uint8Array): number {
  const p = alloc(bytes.byteLength);
  if (p !== 0) new Uint8Array(ex.memory.buffer, p, bytes.byteLength).set(bytes);
  return p;
}

function putF64(ex: Exports, alloc: (len: number) => number, v: ArrayLike<number>): number {
  const p = alloc(v.length * 8);
  if (p !== 0) new Float64Array(ex.memory.buffer, p, v.length).set(v);
  return p;
}

/** Largest declared size we accept for `stream` (same rule as the TS path). */
function sizeLimit(stream: Uint8Array): number {
  return Math.min(MAX_DECOMPRESSED_BYTES, Math.max(1024 * 1024, (stream.length - LZMA_HEADER_BYTES) * MAX_EXPANSION));
}

export const decodeLzmaWasm: LzmaDecoder = (stream) => {
  const header = readLzmaHeader(stream);
  if (header.size === 0) return new Uint8Array(0);
  return withMemory((ex, alloc) => {
    const inPtr = put(ex, alloc, stream);
    const outPtr = alloc(header.size);
    check(ex.lzma_decode(inPtr, stream.length, outPtr, header.size), 'LZMA');
    return new Uint8Array(ex.memory.buffer.slice(outPtr, outPtr + header.size));
  });
};

/** LZMA stream → frames → time line, entirely inside WASM. */
export function timelineWasm(stream: Uint8Array, beatmapVersion = -1): Timeline & { seed: number | null } {
  readLzmaHeader(stream); // same header errors and limits as the TS path
  return withMemory((ex, alloc) => {
    const inPtr = put(ex, alloc, stream);
    const info = alloc(20);
    check(ex.replay_timeline(inPtr, stream.length, sizeLimit(stream), beatmapVersion, info), 'replay');
    const [ptr, len, n, hasSeed, seed] = Array.from(new Uint32Array(ex.memory.buffer, info, 5));
    try {
      const buf = ex.memory.buffer;
      return {
        count: n!,
        t: new Float64Array(buf.slice(ptr!, ptr! + 8 * n!)),
        x: new Float64Array(buf.slice(ptr! + 8 * n!, ptr! + 16 * n!)),
        y: new Float64Array(buf.slice(ptr! + 16 * n!, ptr! + 24 * n!)),
        keys: new Int32Array(buf.slice(ptr! + 24 * n!, ptr! + 28 * n!)),
        seed: hasSeed ? seed! | 0 : null,
      };
    } finally {
      if (len! > 0) ex.dealloc(ptr!, len!);
    }
  });
}

export function frametimeMedianWasm(t: Float64Array): number {
  return withMemory((ex, alloc) => ex.frametime_median(putF64(ex, alloc, t), t.length));
}

export function snapsRawWasm(t: Float64Array, x: Float64Array, y: Float64Array, maxAngle: number, minDistance: number): SnapList {
  return withMemory((ex, alloc) => {
    const n = t.length;
    const info = alloc(12);
    check(ex.snaps_raw(putF64(ex, alloc, t), putF64(ex, alloc, x), putF64(ex, alloc, y), n, maxAngle, minDistance, info), 'snaps');
    const [ptr, len, count] = Array.from(new Uint32Array(ex.memory.buffer, info, 3));
    try {
      const flat = new Float64Array(ex.memory.buffer.slice(ptr!, ptr! + 40 * count!));
      const col = (k: number): Float64Array => Float64Array.from({ length: count! }, (_, i) => flat[i * 5 + k]!);
      return { time: col(0), angle: col(1), distance: col(2), x: col(3), y: col(4) };
    } finally {
      if (len! > 0) ex.dealloc(ptr!, len!);
    }
  });
}

export interface Track {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

export function compareWasm(a: Track, b: Track, flip: boolean, chunks: number): { similarity: number; correlation: number } {
  return withMemory((ex, alloc) => {
    const out = alloc(16);
    check(ex.compare_pair(
      putF64(ex, alloc, a.t), putF64(ex, alloc, a.x), putF64(ex, alloc, a.y), a.t.length,
      putF64(ex, alloc, b.t), putF64(ex, alloc, b.x), putF64(ex, alloc, b.y), b.t.length,
      flip ? 1 : 0, chunks, out,
    ), 'compare');
    const [similarity, correlation] = Array.from(new Float64Array(ex.memory.buffer, out, 2));
    return { similarity: similarity!, correlation: correlation! };
  });
}
