/**
 * Node's Buffer has unchecked UTF-8 fast paths (`utf8Slice`, `utf8Write`) that `toString` and
 * `write` wrap with argument parsing. @types/node does not declare them; this narrow interface
 * does, so codecs can call them without `any`. Both exist on every Node >= 12 Buffer.
 */
export interface FastBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
  utf8Write(value: string, offset: number, length: number): number;
}

/** A Buffer view over the same memory (no copy) when given a plain Uint8Array. */
export function asFastBuffer(bytes: Uint8Array): FastBuffer {
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as FastBuffer;
}
