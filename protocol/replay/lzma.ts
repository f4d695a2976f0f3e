/**
 * "LZMA alone" streams as osu! writes them (shared/spec/cheat-detection.md §1.7): 1 property
 * byte, 4-byte dictionary size, 8-byte uncompressed size, range-coded data.
 *
 * The pure-JS path goes through the `lzma1` package; this module validates the 13-byte header
 * first so that hostile input can neither make the library allocate a huge dictionary nor decode
 * without bound, and it checks the output length against the declared size (the library reads
 * past a truncated input as zeros instead of failing). The native path (native/, WASM) is an
 * alternative `LzmaDecoder` with the same contract.
 */
import { compress as lzma1Compress, decompress as lzma1Decompress } from 'lzma1';
import { ReplayDecodeError } from './errors.js';

export const LZMA_HEADER_BYTES = 13;
/** Largest decompressed replay we accept (a 15-minute marathon is ~4 MiB of frame text). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;
/**
 * Largest declared size per compressed byte (plus a 1 MiB floor): replay text compresses ~5:1,
 * so a stream claiming 1000:1 is a bomb, not a replay.
 */
export const MAX_EXPANSION = 256;
const MIN_EXPANSION_FLOOR = 1024 * 1024;

export interface LzmaHeader {
  lc: number;
  lp: number;
  pb: number;
  dictionarySize: number;
  /** Declared decompressed size (osu! always writes the real one). */
  size: number;
}

/** Decodes one LZMA-alone stream; throws ReplayDecodeError on anything it cannot decode. */
export type LzmaDecoder = (stream: Uint8Array) => Uint8Array;

/** Reads and validates the 13-byte header; `offset` only labels errors. */
export function readLzmaHeader(stream: Uint8Array, offset = 0): LzmaHeader {
  if (stream.length < LZMA_HEADER_BYTES) {
    throw new ReplayDecodeError('truncated', `LZMA header needs ${LZMA_HEADER_BYTES} bytes, got ${stream.length}`, offset);
  }
  const props = stream[0]!;
  if (props >= 9 * 5 * 5) throw new ReplayDecodeError('bad-lzma', `property byte 0x${props.toString(16)}`, offset);
  const lc = props % 9;
  const lp = Math.floor(props / 9) % 5;
  const pb = Math.floor(props / 45);
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const dictionarySize = view.getUint32(1, true);
  const sizeLo = view.getUint32(5, true);
  const sizeHi = view.getUint32(9, true);
  if (sizeHi === 0xffffffff && sizeLo === 0xffffffff) {
    throw new ReplayDecodeError('bad-lzma', 'unknown uncompressed size (end-marker streams are not written by osu!)', offset + 5);
  }
  const size = sizeHi * 2 ** 32 + sizeLo;
  const limit = Math.min(MAX_DECOMPRESSED_BYTES, Math.max(MIN_EXPANSION_FLOOR, (stream.length - LZMA_HEADER_BYTES) * MAX_EXPANSION));
  if (size > limit) {
    throw new ReplayDecodeError('too-large', `declared size ${size} exceeds the limit ${limit} for ${stream.length} compressed bytes`, offset + 5);
  }
  return { lc, lp, pb, dictionarySize, size };
}

/**
 * The pure-JS decoder (lzma1). The dictionary is clamped to the output size first: no match can
 * reach further back than the output's start, so the result is the same and a header claiming a
 * 4 GiB dictionary costs nothing.
 */
export const decodeLzmaJs: LzmaDecoder = (stream) => {
  const header = readLzmaHeader(stream);
  if (header.size === 0) return new Uint8Array(0);
  const copy = stream.slice();
  const dict = Math.max(4096, Math.min(header.dictionarySize, header.size));
  new DataView(copy.buffer).setUint32(1, dict, true);
  let out: Uint8Array;
  try {
    out = lzma1Decompress(copy);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ReplayDecodeError(/truncated/.test(message) ? 'truncated' : 'bad-lzma', `LZMA: ${message}`, LZMA_HEADER_BYTES);
  }
  if (out.length !== header.size) {
    throw new ReplayDecodeError('bad-lzma', `decoded ${out.length} bytes, header declares ${header.size}`, LZMA_HEADER_BYTES);
  }
  return out;
};

/** Compresses into an LZMA-alone stream with the real size in the header (tests, lazer JSON). */
export function encodeLzma(data: Uint8Array): Uint8Array {
  return lzma1Compress(data, 5);
}
