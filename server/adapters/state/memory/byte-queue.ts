/**
 * A session's outgoing queue: Buffer references (shared between sessions, never copied) with a
 * byte cap. Past the cap the oldest chunks are dropped, but the newest chunk is always kept (a
 * single chunk larger than the cap is still delivered whole rather than truncated mid-packet).
 */
const EMPTY = Buffer.alloc(0);

export class ByteQueue {
  private chunks: Buffer[] = [];
  /** Index of the oldest live chunk (dropping is O(1); the array is compacted lazily). */
  private head = 0;
  bytes = 0;
  /** Bytes dropped because of the cap (non-zero = the session is lagging). */
  dropped = 0;

  constructor(private readonly maxBytes: number) {}

  push(buf: Buffer): void {
    this.chunks.push(buf);
    this.bytes += buf.byteLength;
    while (this.bytes > this.maxBytes && this.chunks.length - this.head > 1) {
      const old = this.chunks[this.head]!;
      this.chunks[this.head] = EMPTY;
      this.head++;
      this.bytes -= old.byteLength;
      this.dropped += old.byteLength;
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  get length(): number {
    return this.chunks.length - this.head;
  }

  /** Everything queued as one Buffer (the chunk itself when there is only one); empties the queue. */
  take(): Buffer {
    const n = this.chunks.length - this.head;
    let out: Buffer;
    if (n === 0) out = EMPTY;
    else if (n === 1) out = this.chunks[this.head]!;
    else out = Buffer.concat(this.head === 0 ? this.chunks : this.chunks.slice(this.head), this.bytes);
    this.chunks = [];
    this.head = 0;
    this.bytes = 0;
    return out;
  }
}
