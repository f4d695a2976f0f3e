/**
 * Little-endian writers into a pre-sized buffer (§1.3–1.5). Each returns the next offset. No
 * bounds checks: encoders compute the exact size first, then write. Integers are truncated to
 * their wire width (two's complement), as every reference writer does.
 */
import type { FastBuffer } from './fast-buffer.js';

export function u8(b: FastBuffer, p: number, v: number): number {
  b[p] = v;
  return p + 1;
}

export function u16(b: FastBuffer, p: number, v: number): number {
  b[p] = v;
  b[p + 1] = v >>> 8;
  return p + 2;
}

/** Also used for u32: the low 32 bits are the same bytes. */
export function i32(b: FastBuffer, p: number, v: number): number {
  b[p] = v;
  b[p + 1] = v >>> 8;
  b[p + 2] = v >>> 16;
  b[p + 3] = v >>> 24;
  return p + 4;
}

const TWO_32 = 4294967296;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/**
 * i64 from a bigint. Scores fit in 2^53, where splitting a Number into two 32-bit halves is
 * several times cheaper than writeBigInt64LE; larger values take the bigint path (wrapping to 64 bits).
 */
export function i64(b: FastBuffer, p: number, v: bigint): number {
  if (v >= MIN_SAFE && v <= MAX_SAFE) {
    const n = Number(v);
    const hi = Math.floor(n / TWO_32);
    i32(b, p, n >>> 0);
    i32(b, p + 4, hi);
    return p + 8;
  }
  b.writeBigInt64LE(BigInt.asIntN(64, v), p);
  return p + 8;
}

export function f32(b: FastBuffer, p: number, v: number): number {
  b.writeFloatLE(v, p);
  return p + 4;
}

export function f64(b: FastBuffer, p: number, v: number): number {
  b.writeDoubleLE(v, p);
  return p + 8;
}

export function ulebSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

export function uleb128(b: FastBuffer, p: number, n: number): number {
  while (n >= 0x80) {
    b[p++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  b[p++] = n;
  return p;
}

/** UTF-8 byte length of `s` (Buffer.byteLength is a V8 fast-API call, cheaper than a JS scan). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Up to this many ASCII chars a JS store loop beats the native utf8Write call (measured). */
const JS_WRITE_MAX = 16;

/** Wire size of an osu! string: `00` when empty, else 0B + ULEB length + UTF-8 bytes. */
export function stringSize(s: string): number {
  const len = utf8Length(s);
  return len === 0 ? 1 : 1 + ulebSize(len) + len;
}

/** Writes an osu! string (§1.4); empty → the single byte 0x00, as all three reference servers do. */
export function string(b: FastBuffer, p: number, s: string): number {
  const len = utf8Length(s);
  if (len === 0) {
    b[p] = 0;
    return p + 1;
  }
  b[p++] = 0x0b;
  p = uleb128(b, p, len);
  if (len === s.length && len <= JS_WRITE_MAX) {
    // Pure ASCII (only then does the byte length equal the UTF-16 length) and short.
    for (let i = 0; i < len; i++) b[p + i] = s.charCodeAt(i);
    return p + len;
  }
  b.utf8Write(s, p, len);
  return p + len;
}

/** Wire size of a string written in the "present" form 0B + ULEB + bytes even when empty. */
export function presentStringSize(s: string): number {
  const len = utf8Length(s);
  return 1 + ulebSize(len) + len;
}

/** The "present" form: '' → `0b 00` (the match password marker, §1.6). */
export function presentString(b: FastBuffer, p: number, s: string): number {
  const len = utf8Length(s);
  b[p++] = 0x0b;
  p = uleb128(b, p, len);
  if (len !== 0) {
    b.utf8Write(s, p, len);
  }
  return p + len;
}

export const MAX_LIST_LENGTH = 0xffff;

/** §1.5 list: u16 count + i32 each. Longer lists cannot be expressed; callers must split them. */
export function i32ListSize(list: readonly number[]): number {
  if (list.length > MAX_LIST_LENGTH) {
    throw new RangeError(`bancho i32 list of ${list.length} entries exceeds the u16 count (max ${MAX_LIST_LENGTH})`);
  }
  return 2 + 4 * list.length;
}

export function i32List(b: FastBuffer, p: number, list: readonly number[]): number {
  p = u16(b, p, list.length);
  for (let i = 0; i < list.length; i++) p = i32(b, p, list[i]!);
  return p;
}
