/**
 * The one error type the packet readers report. Readers never throw: a failed decode ends the
 * body with `DecodeResult.error` set to one of these, so a hostile body costs the server one
 * object, not a stack unwind through its handlers.
 */
export class BanchoDecodeError extends Error {
  /** Byte offset in the body where decoding failed (the read that ran out of bytes, or the header). */
  readonly offset: number;
  /** Id from the header of the packet being decoded; null when no complete header was available. */
  readonly packetId: number | null;
  /** Byte offset of that packet's header in the body (equals `offset` for header-level failures). */
  readonly packetOffset: number;

  /**
   * Set only when the error stands for an exception thrown inside a decoder (a bug: every read
   * is bounds-checked first). Input errors never carry a cause, which is what the fuzz test
   * asserts, so a crashing decoder cannot hide behind the "never throws" promise.
   */
  declare readonly cause?: unknown;

  constructor(message: string, offset: number, packetId: number | null, packetOffset: number = offset, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'BanchoDecodeError';
    this.offset = offset;
    this.packetId = packetId;
    this.packetOffset = packetOffset;
  }
}

/** One packet whose id the reader does not know (for this direction); skipped by its length. */
export interface SkippedPacket {
  id: number;
  /** Offset of its 7-byte header in the body. */
  offset: number;
  /** Payload length from the header. */
  length: number;
}

export interface DecodeResult<T> {
  /** Every packet decoded, in body order, up to the first failure. */
  packets: T[];
  skipped: SkippedPacket[];
  /** Why decoding stopped early; null when the whole body was consumed. */
  error: BanchoDecodeError | null;
}
