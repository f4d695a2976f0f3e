/**
 * The body splitter shared by both readers (§1.2): 7-byte header (u16 id, u8 ignored
 * "compressed" flag, u32 length), then exactly `length` payload bytes, repeated. Payloads are
 * never copied: the cursor reads the body in place and `payload` is a subarray view.
 */
import { Cursor } from './cursor.js';
import type { DecodeResult, SkippedPacket } from './errors.js';
import { BanchoDecodeError } from './errors.js';
import { asFastBuffer } from './fast-buffer.js';

export const HEADER_BYTES = 7;

/** How one known packet id is decoded. Index a sparse array by id. */
export interface PacketDecoder {
  name: string;
  decode(c: Cursor): unknown;
}

/**
 * A decoded packet. `payload` is created on first access: most handlers never look at the raw
 * bytes, and a Buffer view costs an allocation per packet on the hottest path. The view shares
 * memory with the body (no copy); it is cached, so repeated reads return the same object.
 */
export class RawPacket {
  readonly id: number;
  readonly name: string;
  readonly data: unknown;
  #body: Buffer;
  #start: number;
  #end: number;
  #view: Uint8Array | null = null;

  constructor(id: number, name: string, data: unknown, body: Buffer, start: number, end: number) {
    this.id = id;
    this.name = name;
    this.data = data;
    this.#body = body;
    this.#start = start;
    this.#end = end;
  }

  get payload(): Uint8Array {
    return (this.#view ??= this.#body.subarray(this.#start, this.#end));
  }
}

function asDecodeError(err: unknown, c: Cursor): BanchoDecodeError {
  if (err instanceof BanchoDecodeError) return err;
  // Not expected (every read is bounds-checked first), but the readers promise never to throw.
  const why = err instanceof Error ? err.message : String(err);
  const e = c.fail(`unexpected decoder failure (${why})`);
  return new BanchoDecodeError(e.message, e.offset, e.packetId, e.packetOffset, err);
}

/** Splits and decodes `body` with `table`; never throws (see DecodeResult). */
export function decodeBody(body: Uint8Array, table: ReadonlyArray<PacketDecoder | undefined>): DecodeResult<RawPacket> {
  const packets: RawPacket[] = [];
  const skipped: SkippedPacket[] = [];
  let error: BanchoDecodeError | null = null;
  let buf;
  try {
    buf = asFastBuffer(body);
  } catch (err) {
    return { packets, skipped, error: new BanchoDecodeError(`body is not a byte array (${String(err)})`, 0, null) };
  }
  const n = buf.length;
  const c = new Cursor(buf);
  let off = 0;
  while (n - off >= HEADER_BYTES) {
    const id = buf[off]! | (buf[off + 1]! << 8);
    const length = (buf[off + 3]! | (buf[off + 4]! << 8) | (buf[off + 5]! << 16) | (buf[off + 6]! << 24)) >>> 0;
    const start = off + HEADER_BYTES;
    if (length > n - start) {
      error = new BanchoDecodeError(
        `packet ${id} (header at ${off}) claims a ${length}-byte payload but only ${n - start} bytes remain`,
        off,
        id,
        off,
      );
      break;
    }
    const end = start + length;
    // Bounds check first: an out-of-bounds array load (hostile ids up to 65535) is a slow path in V8.
    const decoder = id < table.length ? table[id] : undefined;
    if (decoder === undefined) {
      skipped.push({ id, offset: off, length });
      off = end;
      continue;
    }
    c.reset(start, end, id, off);
    let data: unknown;
    try {
      data = decoder.decode(c);
    } catch (err) {
      error = asDecodeError(err, c);
      break;
    }
    // Trailing bytes inside a payload are tolerated (legacy's 4-byte CHANNEL_INFO_END, newer
    // client fields): framing is by length, so they cannot desynchronise the next packet.
    packets.push(new RawPacket(id, decoder.name, data, buf, start, end));
    off = end;
  }
  if (error === null && off < n) {
    error = new BanchoDecodeError(
      `${n - off} trailing bytes at offset ${off} are too short for a ${HEADER_BYTES}-byte packet header`,
      off,
      null,
    );
  }
  return { packets, skipped, error };
}

/** Builds the id-indexed decoder table from a name → id map and a name → decode function map. */
export function buildTable<N extends string>(
  ids: Readonly<Record<N, number>>,
  decoders: Readonly<Record<N, (c: Cursor) => unknown>>,
): Array<PacketDecoder | undefined> {
  const names = Object.keys(ids) as N[];
  const size = Math.max(...names.map((name) => ids[name])) + 1;
  // Pre-filled so the array is packed, not holey (cheaper indexed loads in the hot loop).
  const table = new Array<PacketDecoder | undefined>(size).fill(undefined);
  for (const name of names) table[ids[name]] = { name, decode: decoders[name] };
  return table;
}
