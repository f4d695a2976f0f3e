/**
 * Loads native/hayate_native.wasm (our Rust `osu_2019` port) once per thread and wraps its tiny
 * C ABI. Compiled synchronously on first use: the module is ~120 KB and has no imports, so
 * compilation is a few milliseconds and calculators can stay synchronous.
 *
 * WASM instances are per thread (each worker loads its own); linear memory never shrinks, but
 * every call frees what it allocates, so it stays at its high-water mark (~map size x a few).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Wasm, isWasmRuntimeError, type WasmMemory } from '../../wasm-globals.js';

/**
 * The project runs compiled: this file executes as dist/compute/pp/akatsuki-rx-2019/native.js,
 * four levels below the repository root, where native/hayate_native.wasm is committed.
 */
export const WASM_URL = new URL('../../../../native/hayate_native.wasm', import.meta.url);
export const WASM_PATH = fileURLToPath(WASM_URL);

/** Status codes of `rx2019_calculate` (native/src/lib.rs). */
export const Status = {
  Ok: 0,
  Empty: 1,
  NotOsuFile: 2,
  NotStandard: 3,
  NoObjects: 4,
  TooManyObjects: 5,
  TooComplex: 6,
  BadParams: 7,
  BadPointer: 8,
  UnreachableAccuracy: 9,
} as const;

/** Output slots (f64 each), same order as `out` in native/src/lib.rs. */
export const Out = {
  stars: 0,
  pp: 1,
  ppAim: 2,
  ppSpeed: 3,
  ppAcc: 4,
  aimStrain: 5,
  speedStrain: 6,
  ar: 7,
  od: 8,
  maxCombo: 9,
  nCircles: 10,
  nSliders: 11,
  nSpinners: 12,
  effectiveMissCount: 13,
  n300: 14,
  n100: 15,
  n50: 16,
  misses: 17,
  accuracy: 18,
  cs: 19,
} as const;
export const OUT_LEN = 20;

/** u32 "not given" sentinel for combo and hit counts. */
export const NONE_U32 = 0xffffffff;

interface Exports {
  memory: WasmMemory;
  alloc(len: number): number;
  dealloc(ptr: number, len: number): void;
  rx2019_calculate(
    mapPtr: number,
    mapLen: number,
    mods: number,
    combo: number,
    misses: number,
    accuracy: number,
    n300: number,
    n100: number,
    n50: number,
    outPtr: number,
  ): number;
}

export interface NativeInput {
  mods: number;
  /** u32 or NONE_U32 */
  combo: number;
  misses: number;
  /** percent, or -1 when hit counts are used */
  accuracy: number;
  n300: number;
  n100: number;
  n50: number;
}

let exportsOfThisThread: Exports | undefined;

function load(): Exports {
  if (exportsOfThisThread) return exportsOfThisThread;
  let bytes: Buffer;
  try {
    bytes = readFileSync(WASM_PATH);
  } catch (err) {
    throw new Error(`native/hayate_native.wasm not readable at ${WASM_PATH} (run make native): ${err instanceof Error ? err.message : String(err)}`);
  }
  const module = new Wasm.Module(bytes);
  const instance = new Wasm.Instance(module, {});
  exportsOfThisThread = instance.exports as unknown as Exports;
  return exportsOfThisThread;
}

/** Loads (compiles) the module now; throws if the file is missing or invalid. */
export function preload(): void {
  load();
}

/** Current size of this thread's WASM linear memory in bytes (it never shrinks). */
export function memoryBytes(): number {
  return load().memory.buffer.byteLength;
}

/**
 * Runs one calculation. Returns the status and, when it is Ok, the output slots (a copy).
 * Memory for the map and the output is freed before returning, whatever happens.
 */
export function calculateRaw(osu: Uint8Array, input: NativeInput): { status: number; out?: Float64Array } {
  const ex = load();
  const mapLen = osu.byteLength;
  const outBytes = OUT_LEN * 8;
  let mapPtr = 0;
  let outPtr = 0;
  try {
    outPtr = ex.alloc(outBytes);
    mapPtr = mapLen > 0 ? ex.alloc(mapLen) : 0;
    if (outPtr === 0 || (mapLen > 0 && mapPtr === 0)) return { status: Status.TooManyObjects };
    // Views are created after every allocation: growing memory detaches older ArrayBuffers.
    if (mapLen > 0) new Uint8Array(ex.memory.buffer, mapPtr, mapLen).set(osu);
    const status = ex.rx2019_calculate(
      mapPtr,
      mapLen,
      input.mods >>> 0,
      input.combo >>> 0,
      input.misses >>> 0,
      input.accuracy,
      input.n300 >>> 0,
      input.n100 >>> 0,
      input.n50 >>> 0,
      outPtr,
    );
    if (status !== Status.Ok) return { status };
    return { status, out: new Float64Array(ex.memory.buffer.slice(outPtr, outPtr + outBytes)) };
  } catch (err) {
    // A trap (e.g. out of memory while growing past 4 GiB) leaves the instance in an undefined
    // state: drop it so the next call starts from a fresh one, and let the caller see the error
    // (the compute pool treats a WebAssembly.RuntimeError as a worker failure).
    if (isWasmRuntimeError(err)) {
      exportsOfThisThread = undefined;
      mapPtr = outPtr = 0;
    }
    throw err;
  } finally {
    if (mapPtr !== 0) ex.dealloc(mapPtr, mapLen);
    if (outPtr !== 0) ex.dealloc(outPtr, outBytes);
  }
}
