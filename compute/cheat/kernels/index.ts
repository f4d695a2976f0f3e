/**
 * The two interchangeable implementations of the replay analysis hot paths: `tsKernels` (pure
 * TypeScript, LZMA through the lzma1 package) and `wasmKernels` (native/, our Rust). The test
 * compute/cheat/test/native-agreement.test.ts checks they agree on every fixture; bench/
 * cheat.bench.ts measures what WASM buys.
 */
import { buildTimeline, decodeLzmaJs, parseFrameText, type LzmaDecoder, type Timeline } from '../../../protocol/replay/index.js';
import { compareWasm, decodeLzmaWasm, frametimeMedianWasm, snapsRawWasm, timelineWasm, wasmAvailable } from '../native.js';
import { CORRELATION_CHUNKS, correlationOf, frametimeMedian, pairTracks, similarityOf, snapsRaw, type SnapList } from './heuristics.js';

export interface Track {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

export interface CheatKernels {
  name: 'ts' | 'wasm';
  lzma: LzmaDecoder;
  /** Compressed frame stream → §1.5 time line (beatmapVersion < 5 adds 24 ms). */
  timeline(stream: Uint8Array, beatmapVersion?: number): Timeline;
  frametimeMedian(t: Float64Array): number;
  snapsRaw(t: Float64Array, x: Float64Array, y: Float64Array, maxAngle: number, minDistance: number): SnapList;
  compare(a: Track, b: Track, flip: boolean): { similarity: number; correlation: number };
}

export const tsKernels: CheatKernels = {
  name: 'ts',
  lzma: decodeLzmaJs,
  timeline: (stream, beatmapVersion) =>
    buildTimeline(parseFrameText(decodeLzmaJs(stream)), beatmapVersion === undefined ? {} : { beatmapVersion }),
  frametimeMedian,
  snapsRaw,
  compare: (a, b, flip) => {
    const p = pairTracks(a, b, flip);
    return { similarity: similarityOf(p), correlation: correlationOf(p) };
  },
};

export const wasmKernels: CheatKernels = {
  name: 'wasm',
  lzma: decodeLzmaWasm,
  timeline: (stream, beatmapVersion) => timelineWasm(stream, beatmapVersion ?? -1),
  frametimeMedian: frametimeMedianWasm,
  snapsRaw: snapsRawWasm,
  compare: (a, b, flip) => compareWasm(a, b, flip, CORRELATION_CHUNKS),
};

let chosen: CheatKernels | undefined;

/** WASM when the module loads in this thread, else TypeScript. */
export function defaultKernels(): CheatKernels {
  chosen ??= wasmAvailable() ? wasmKernels : tsKernels;
  return chosen;
}
