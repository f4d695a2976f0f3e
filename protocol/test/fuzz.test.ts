/**
 * Fuzzing the readers with a few hundred thousand random and mutated bodies. Every call must
 * return (never throw), account for every byte it consumed, and leave the heap bounded. Beyond
 * "no exception escapes", each result is checked for what a broken decoder would get wrong:
 * - no error stands for a crash inside a decoder (`BanchoDecodeError.cause` is set only then);
 * - every decoded packet reads only its own payload: decoded again alone between poisoned
 *   neighbours (all 0x00, all 0xff), it gives the same value;
 * - every decoded packet re-encodes to bytes that decode to the same value, and to exactly the
 *   bytes it came from whenever those were canonical (counted, and most are).
 * The last test injects broken decoders and proves these checks catch each of them.
 * Seeded: set HAYATE_FUZZ_SEED=<n> to replay a run (the seed is printed on every run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BanchoDecodeError, readClientPackets, readServerPackets } from '../bancho/reader.js';
import type { DecodeResult } from '../bancho/reader.js';
import { concatPackets, encodeClientPacket, encodeRawPacket, encodeServerPacket } from '../bancho/writer.js';
import { CLIENT_DECODERS } from '../bancho/client-reader.js';
import { buildTable, decodeBody } from '../bancho/framing.js';
import type { RawPacket } from '../bancho/framing.js';
import type { Cursor } from '../bancho/cursor.js';
import { ClientPacketId } from '../bancho/ids.js';
import { anyClientPacket, anyServerPacket } from './arbitraries.js';

const SEED = Number(process.env.HAYATE_FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const ITERATIONS = Number(process.env.HAYATE_FUZZ_ITERATIONS ?? 400_000);
/** Heap may grow this much over the baseline at any sample point (results are dropped each round). */
const HEAP_CAP_BYTES = 256 * 1024 * 1024;

/** mulberry32: tiny, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function corpus(arb: fc.Arbitrary<{ name: string; data: unknown }>, encode: (name: string, data: unknown) => Buffer, seed: number): Buffer[] {
  const bodies = fc.sample(fc.array(arb, { minLength: 1, maxLength: 8 }), { seed, numRuns: 300 });
  return bodies.map((list) => concatPackets(list.map((p) => encode(p.name, p.data))));
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);

function mutate(r: Rand, base: Buffer, other: Buffer): Buffer {
  const b = Buffer.from(base);
  switch (int(r, 9)) {
    case 0: {
      // bit flips
      const flips = 1 + int(r, 4);
      for (let i = 0; i < flips && b.length > 0; i++) b[int(r, b.length)]! ^= 1 << int(r, 8);
      return b;
    }
    case 1:
      return b.subarray(0, int(r, b.length + 1)); // truncation
    case 2: {
      // corrupt a length field (at a header boundary when possible, else anywhere)
      if (b.length >= 7) b.writeUInt32LE([0, 1, 0xffffffff, 0x7fffffff, int(r, 1 << 16), b.length][int(r, 6)]!, 3);
      return b;
    }
    case 3: {
      // huge u16 list count / frame count somewhere
      if (b.length >= 9) b.writeUInt16LE(0xffff, 7 + int(r, b.length - 8));
      return b;
    }
    case 4: {
      // huge string length: plant 0b + 5-byte ULEB somewhere in a payload
      const at = b.length > 7 ? 7 + int(r, b.length - 7) : b.length;
      return Buffer.concat([b.subarray(0, at), Buffer.from([0x0b, 0xff, 0xff, 0xff, 0xff, 0x0f]), b.subarray(at)]);
    }
    case 5: {
      // random bytes overwrite
      const n = 1 + int(r, 16);
      for (let i = 0; i < n && b.length > 0; i++) b[int(r, b.length)] = int(r, 256);
      return b;
    }
    case 6:
      // splice two bodies at random points
      return Buffer.concat([b.subarray(0, int(r, b.length + 1)), other.subarray(int(r, other.length + 1))]);
    case 7: {
      // random id in the first header (unknown ids, other direction's ids)
      if (b.length >= 2) b.writeUInt16LE(int(r, 4) === 0 ? int(r, 0x10000) : int(r, 120), 0);
      return b;
    }
    default: {
      // pure noise
      const n = int(r, 96);
      const out = Buffer.allocUnsafe(n);
      for (let i = 0; i < n; i++) out[i] = int(r, 256);
      return out;
    }
  }
}

type Read = (body: Uint8Array) => DecodeResult<{ id: number; name?: string; data?: unknown; payload: Uint8Array }>;
type Encode = (name: string, data: unknown) => Buffer;

/** An id neither direction knows: its packets are skipped by length, so they make safe neighbours. */
const FILLER_ID = 0xfffe;

/** `payload` as packet `id`, alone between two skipped packets whose bytes are all `fill`. */
function decodeBetweenNeighbours(read: Read, id: number, payload: Uint8Array, fill: number): unknown {
  const neighbour = encodeRawPacket(FILLER_ID, Buffer.alloc(16, fill));
  const res = read(concatPackets([neighbour, encodeRawPacket(id, payload), neighbour]));
  assert.equal(res.error, null, `packet ${id} decoded in the body but not alone: ${String(res.error?.message)}`);
  assert.equal(res.packets.length, 1);
  return res.packets[0]!.data;
}

export interface RoundTripStats {
  packets: number;
  exact: number;
}

/**
 * What a correct decoder guarantees for each packet it returned: it read only its own payload
 * (the same value between any neighbours) and its value survives encode → decode unchanged,
 * byte for byte where the input was canonical.
 */
function checkPackets(read: Read, encode: Encode, res: ReturnType<Read>, stats: RoundTripStats, requireExact = false): void {
  for (const p of res.packets as unknown as RawPacket[]) {
    const payload = Buffer.from(p.payload);
    for (const fill of [0x00, 0xff]) {
      assert.deepEqual(decodeBetweenNeighbours(read, p.id, payload, fill), p.data, `packet ${p.name} read outside its payload`);
    }
    const again = encode(p.name, p.data);
    const back = read(again);
    assert.equal(back.error, null, `re-encoded ${p.name} does not decode: ${String(back.error?.message)}`);
    assert.deepEqual(back.packets[0]!.data, p.data, `${p.name} changes value through encode -> decode`);
    stats.packets++;
    const exact = again.length === payload.length + 7 && again.subarray(7).equals(payload);
    if (exact) stats.exact++;
    else if (requireExact) assert.fail(`${p.name} does not re-encode byte for byte to its canonical input`);
  }
}

/** Invariants every result must satisfy, whatever the input. */
function check(body: Buffer, res: DecodeResult<{ id: number; payload: Uint8Array }>): void {
  assert.ok(Array.isArray(res.packets) && Array.isArray(res.skipped));
  assert.ok(res.error === null || res.error instanceof BanchoDecodeError);
  assert.equal(res.error?.cause, undefined, `a decoder crashed: ${String(res.error?.message)}`);
  let consumed = 0;
  const spans: Array<[number, number]> = [];
  for (const p of res.packets) {
    const start = p.payload.byteOffset - body.byteOffset;
    assert.ok(start >= 7 && start + p.payload.length <= body.length);
    spans.push([start - 7, start + p.payload.length]);
  }
  for (const s of res.skipped) spans.push([s.offset, s.offset + 7 + s.length]);
  spans.sort((a, b) => a[0] - b[0]);
  for (const [from, to] of spans) {
    assert.equal(from, consumed, 'packets are contiguous from the start');
    consumed = to;
  }
  if (res.error === null) assert.equal(consumed, body.length, 'a clean decode consumes the whole body');
  else assert.ok(res.error.offset >= consumed && res.error.offset <= body.length);
}

test(`fuzz: ${ITERATIONS} random and mutated bodies through both readers (seed ${SEED})`, () => {
  console.log(`fuzz seed ${SEED} (replay with HAYATE_FUZZ_SEED=${SEED})`);
  const r = prng(SEED);
  const clientBodies = corpus(anyClientPacket, (n, d) => encodeClientPacket(n as never, d as never), SEED);
  const serverBodies = corpus(anyServerPacket, (n, d) => encodeServerPacket(n as never, d as never), SEED ^ 0x5bd1e995);
  const all = [...clientBodies, ...serverBodies];
  globalThis.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let errors = 0;
  let decoded = 0;
  const stats: RoundTripStats = { packets: 0, exact: 0 };
  const encodeClient: Encode = (n, d) => encodeClientPacket(n as never, d as never);
  const encodeServer: Encode = (n, d) => encodeServerPacket(n as never, d as never);
  for (let i = 0; i < ITERATIONS; i++) {
    const body = mutate(r, all[int(r, all.length)]!, all[int(r, all.length)]!);
    const a = readClientPackets(body);
    check(body, a);
    const b = readServerPackets(body);
    check(body, b);
    // The per-packet checks decode each packet three more times: every 4th body keeps the run short.
    if (i % 4 === 0) {
      checkPackets(readClientPackets, encodeClient, a, stats);
      checkPackets(readServerPackets, encodeServer, b, stats);
    }
    if (a.error) errors++;
    decoded += a.packets.length + b.packets.length;
    if (i % 10_000 === 0) {
      const grown = process.memoryUsage().heapUsed - baseline;
      assert.ok(grown < HEAP_CAP_BYTES, `heap grew by ${grown} bytes at iteration ${i} (seed ${SEED})`);
    }
  }
  // The mutations must actually exercise both paths.
  assert.ok(errors > ITERATIONS / 10, `only ${errors} error results`);
  assert.ok(decoded > ITERATIONS, `only ${decoded} packets decoded`);
  // Most mutations leave a packet canonical: the byte-exact comparison must really run.
  assert.ok(stats.exact > stats.packets / 2, `only ${stats.exact} of ${stats.packets} packets re-encoded byte for byte`);
  console.log(`fuzz: ${stats.packets} packets re-encoded, ${stats.exact} byte for byte`);
});

test('the fuzz checks catch broken decoders (out-of-payload read, crash, lossy value)', () => {
  const bodies = corpus(anyClientPacket, (n, d) => encodeClientPacket(n as never, d as never), SEED);
  const encodeClient: Encode = (n, d) => encodeClientPacket(n as never, d as never);
  const broken = (decoder: (c: Cursor) => unknown): Read => {
    const table = buildTable(ClientPacketId, { ...CLIENT_DECODERS, SEND_PUBLIC_MESSAGE: decoder });
    return (body) => decodeBody(body, table) as ReturnType<Read>;
  };
  const body = concatPackets([encodeClientPacket('SEND_PUBLIC_MESSAGE', { sender: '', text: 'hi', recipient: '#osu', senderId: 0 }), ...bodies]);
  const runAll = (read: Read): void => {
    const res = read(body);
    check(body, res);
    // The body is the encoder's own output, hence canonical: byte-exact is required.
    checkPackets(read, encodeClient, res, { packets: 0, exact: 0 }, true);
  };
  // The real decoders pass on this body.
  runAll(readClientPackets as unknown as Read);
  // Reads one byte past its payload without a bounds check (the bug the old test let through).
  const overread = broken((c) => {
    const value = CLIENT_DECODERS.SEND_PUBLIC_MESSAGE(c);
    return { ...value, senderId: c.buf[c.end] ?? -1 };
  });
  assert.throws(() => runAll(overread), /outside its payload|changes value/);
  // Throws a TypeError inside the decoder: the reader still returns, but the error has a cause.
  const crashing = broken((c) => {
    const nothing = (c as unknown as { missing: { field: number } }).missing;
    return nothing.field;
  });
  assert.throws(() => runAll(crashing), /a decoder crashed/);
  // Drops information (a field read but never kept): the value does not survive re-encoding.
  const lossy = broken((c) => ({ ...CLIENT_DECODERS.SEND_PUBLIC_MESSAGE(c), text: 'x' }));
  assert.throws(() => runAll(lossy), /changes value|byte/);
});

test('unmutated corpus bodies decode cleanly (the fuzz baseline is valid)', () => {
  for (const body of corpus(anyClientPacket, (n, d) => encodeClientPacket(n as never, d as never), SEED)) {
    const res = readClientPackets(body);
    assert.equal(res.error, null);
    check(body, res);
    checkPackets(readClientPackets, (n, d) => encodeClientPacket(n as never, d as never), res, { packets: 0, exact: 0 }, true);
  }
  for (const body of corpus(anyServerPacket, (n, d) => encodeServerPacket(n as never, d as never), SEED ^ 0x5bd1e995)) {
    const res = readServerPackets(body);
    assert.equal(res.error, null);
    check(body, res);
    checkPackets(readServerPackets, (n, d) => encodeServerPacket(n as never, d as never), res, { packets: 0, exact: 0 }, true);
  }
});
