/**
 * Bounds-checked little-endian reads over an .osr (shared/spec/cheat-detection.md §1.1). Each read
 * checks the bytes present before touching them, so a short file ends in ReplayDecodeError
 * ('truncated') with the offset of the field that ran out.
 */
import { ReplayDecodeError } from './errors.js';

const STRING_ABSENT = 0x00;
const STRING_PRESENT = 0x0b;
/** A u32 needs at most 5 ULEB128 groups; anything longer is not a length a client writes. */
const MAX_ULEB_BYTES = 5;

export class ByteReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number, what: string): number {
    if (this.remaining() < n) {
      throw new ReplayDecodeError('truncated', `${what}: need ${n} bytes, ${this.remaining()} left`, this.pos);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }

  u16(what: string): number {
    return this.view.getUint16(this.need(2, what), true);
  }

  i32(what: string): number {
    return this.view.getInt32(this.need(4, what), true);
  }

  i64(what: string): bigint {
    return this.view.getBigInt64(this.need(8, what), true);
  }

  f64(what: string): number {
    return this.view.getFloat64(this.need(8, what), true);
  }

  take(n: number, what: string): Uint8Array {
    const at = this.need(n, what);
    return this.bytes.subarray(at, at + n);
  }

  uleb128(what: string): number {
    let value = 0;
    for (let i = 0; i < MAX_ULEB_BYTES; i++) {
      const b = this.u8(what);
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return value;
    }
    throw new ReplayDecodeError('bad-string', `${what}: ULEB128 longer than ${MAX_ULEB_BYTES} bytes`, this.pos);
  }

  /** osu! string: 0x00 = absent (null), 0x0b + ULEB128 length + UTF-8. */
  string(what: string): string | null {
    const start = this.pos;
    const marker = this.u8(what);
    if (marker === STRING_ABSENT) return null;
    if (marker !== STRING_PRESENT) {
      throw new ReplayDecodeError('bad-string', `${what}: string marker 0x${marker.toString(16)}`, start);
    }
    const len = this.uleb128(what);
    return new TextDecoder().decode(this.take(len, what));
  }
}

/** Growable little-endian writer for the .osr writer (sizes are known to be small). */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private ensure(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  u8(v: number): this {
    const at = this.ensure(1);
    this.view.setUint8(at, v);
    return this;
  }

  u16(v: number): this {
    const at = this.ensure(2);
    this.view.setUint16(at, v, true);
    return this;
  }

  i32(v: number): this {
    const at = this.ensure(4);
    this.view.setInt32(at, v, true);
    return this;
  }

  i64(v: bigint): this {
    const at = this.ensure(8);
    this.view.setBigInt64(at, v, true);
    return this;
  }

  bytes(b: Uint8Array): this {
    const at = this.ensure(b.length); // may replace this.buf: reserve first
    this.buf.set(b, at);
    return this;
  }

  uleb128(v: number): this {
    let rest = v;
    do {
      let b = rest % 128;
      rest = Math.floor(rest / 128);
      if (rest > 0) b |= 0x80;
      this.u8(b);
    } while (rest > 0);
    return this;
  }

  /** null → 0x00 (absent); a string (also empty) → 0x0b + length + UTF-8. */
  string(s: string | null): this {
    if (s === null) return this.u8(STRING_ABSENT);
    const utf8 = new TextEncoder().encode(s);
    return this.u8(STRING_PRESENT).uleb128(utf8.length).bytes(utf8);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
