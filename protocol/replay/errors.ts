/**
 * The one error type the replay decoders report. Every decoder in protocol/replay is total: on
 * hostile or damaged input it throws a ReplayDecodeError (never a RangeError from a Buffer read,
 * never a hang), so callers can tell "bad replay" from a bug with one `instanceof`.
 */
export type ReplayErrorCode =
  /** The input ended before a field (or the LZMA stream) was complete. */
  | 'truncated'
  /** A string marker other than 0x00 / 0x0b, or an overlong ULEB128. */
  | 'bad-string'
  /** A field value no osu! client writes (negative length, unsafe 64-bit id...). */
  | 'bad-field'
  /** The LZMA stream is corrupt or its header is unusable. */
  | 'bad-lzma'
  /** A declared size beyond what we accept (decompression bomb guard). */
  | 'too-large'
  /** The decompressed frame text is not `w|x|y|z,` frames. */
  | 'bad-frames'
  /** The frame stream holds no frame once the seed frame is removed. */
  | 'empty-replay'
  /** The lazer score-info block is not JSON. */
  | 'bad-json';

export class ReplayDecodeError extends Error {
  readonly code: ReplayErrorCode;
  /** Byte offset (in the .osr, or in the decompressed text for frame errors) where it failed. */
  readonly offset: number;

  constructor(code: ReplayErrorCode, message: string, offset: number) {
    super(`${code} at ${offset}: ${message}`);
    this.name = 'ReplayDecodeError';
    this.code = code;
    this.offset = offset;
  }
}
