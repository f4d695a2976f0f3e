/**
 * A bounds-checked little-endian reader over one packet's payload (shared/spec/bancho-protocol.md
 * §1.3–1.5). `end` is the end of the current payload, not of the body, so a packet can never
 * read into its neighbour. Every read checks the bytes present *before* using or allocating
 * anything sized by the input; failures throw BanchoDecodeError, which the framing loop turns
 * into `DecodeResult.error` (nothing escapes the public readers).
 */
import { BanchoDecodeError } from './errors.js';
import type { FastBuffer } from './fast-buffer.js';

/** Longest ULEB128 we accept for a string length: 5 groups cover every u32. */
const MAX_ULEB_BYTES = 5;
const STRING_TAG = 0x0b;
/** Strings up to this many bytes are decoded in JS when ASCII (measured crossover vs utf8Slice). */
const SHORT_ASCII_MAX = 8;

export class Cursor {
  buf: FastBuffer;
  pos = 0;
  end = 0;
  /** Header id and offset of the packet being read, for error messages. */
  packetId: number | null = null;
  packetOffset = 0;

  constructor(buf: FastBuffer) {
    this.buf = buf;
    this.end = buf.length;
  }

  /** Points the cursor at one payload. */
  reset(start: number, end: number, packetId: number | null, packetOffset: number): void {
    this.pos = start;
    this.end = end;
    this.packetId = packetId;
    this.packetOffset = packetOffset;
  }

  remaining(): number {
    return this.end - this.pos;
  }

  fail(what: string, at: number = this.pos): BanchoDecodeError {
    const id = this.packetId === null ? 'body' : `packet ${this.packetId} (header at ${this.packetOffset})`;
    return new BanchoDecodeError(`${id}: ${what} at offset ${at}`, at, this.packetId, this.packetOffset);
  }

  /** Throws unless `n` more bytes are present in the payload. */
  need(n: number, what: string): void {
    if (this.end - this.pos < n) {
      throw this.fail(`truncated ${what}: needs ${n} bytes, ${this.end - this.pos} left`);
    }
  }

  u8(): number {
    if (this.pos >= this.end) throw this.fail('truncated u8: needs 1 byte, 0 left');
    return this.buf[this.pos++]!;
  }

  /** Wire bools: any non-zero byte is true (bpy/osu-packet; proto's `== 1` differs only for 2..255). */
  bool(): boolean {
    return this.u8() !== 0;
  }

  u16(): number {
    this.need(2, 'u16');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return b[p]! | (b[p + 1]! << 8);
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  i32(): number {
    this.need(4, 'i32');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  u32(): number {
    return this.i32() >>> 0;
  }

  /** i64 as bigint. Values within ±2^53 (every real score) skip the slow readBigInt64LE. */
  i64(): bigint {
    this.need(8, 'i64');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 8;
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
    const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
    if (hi >= -0x200000 && hi < 0x200000) return BigInt(hi * 4294967296 + lo);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  f32(): number {
    this.need(4, 'f32');
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8, 'f64');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** ULEB128 (§1.4) up to 5 bytes; longer encodings are rejected rather than wrapped. */
  uleb128(): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < MAX_ULEB_BYTES; i++) {
      if (this.pos >= this.end) throw this.fail('truncated ULEB128 length', start);
      const byte = this.buf[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
    throw this.fail(`ULEB128 length longer than ${MAX_ULEB_BYTES} bytes`, start);
  }

  /**
   * An osu! string (§1.4). Tag 0x0B: ULEB128 byte length + UTF-8. Any other tag byte (0x00 is
   * the normal "empty/null") reads as '' and consumes only that byte — what bpy and proto do, so
   * a client quirk degrades one field instead of the whole body; packets are length-delimited,
   * so a misread can never spill into the next packet. The length is checked against the payload
   * before any decoding, so a claimed 4 GB string costs nothing.
   */
  string(): string {
    if (this.pos >= this.end) throw this.fail('truncated string: no tag byte');
    if (this.buf[this.pos] !== STRING_TAG) {
      this.pos++;
      return '';
    }
    this.pos++;
    return this.stringBody();
  }

  /**
   * Like string(), but keeps null (tag 0x00 or unknown) apart from present-but-empty (0x0B 0x00).
   * Only the match password needs the distinction (§1.6 password rule).
   */
  nullableString(): string | null {
    if (this.pos >= this.end) throw this.fail('truncated string: no tag byte');
    if (this.buf[this.pos] !== STRING_TAG) {
      this.pos++;
      return null;
    }
    this.pos++;
    return this.stringBody();
  }

  private stringBody(): string {
    const at = this.pos;
    const len = this.uleb128();
    if (len > this.end - this.pos) {
      throw this.fail(`string claims ${len} bytes, ${this.end - this.pos} left`, at);
    }
    if (len === 0) return '';
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    if (len <= SHORT_ASCII_MAX) {
      // Short ASCII (channel names, '#osu', usernames): building the string in JS avoids a
      // native call; any byte >= 0x80 falls back to the real UTF-8 decoder.
      const b = this.buf;
      let out = '';
      for (let i = start; i < end; i++) {
        const c = b[i]!;
        if (c >= 0x80) return b.utf8Slice(start, end);
        out += String.fromCharCode(c);
      }
      return out;
    }
    return this.buf.utf8Slice(start, end);
  }

  /** §1.5 integer list: u16 count, then count × i32. The count is checked before allocating. */
  i32List(): number[] {
    const at = this.pos;
    const count = this.u16();
    if (count * 4 > this.end - this.pos) {
      throw this.fail(`list of ${count} i32 needs ${count * 4} bytes, ${this.end - this.pos} left`, at);
    }
    const out = new Array<number>(count);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < count; i++, p += 4) {
      out[i] = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    }
    this.pos = p;
    return out;
  }

  /** The rest of the payload as a view (no copy). */
  rest(): Uint8Array {
    const v = this.buf.subarray(this.pos, this.end);
    this.pos = this.end;
    return v;
  }
}
