/**
 * Fuzzing the readers with a few hundred thousand random and mutated bodies. Every call must
 * return (never throw), account for every byte it consumed, and leave the heap bounded.
 * Seeded: set HAYATE_FUZZ_SEED=<n> to replay a run (the seed is printed on every run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BanchoDecodeError, readClientPackets, readServerPackets } from '../bancho/reader.js';
import type { DecodeResult } from '../bancho/reader.js';
import { concatPackets, encodeClientPacket, encodeServerPacket } from '../bancho/writer.js';
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

/** Invariants every result must satisfy, whatever the input. */
function check(body: Buffer, res: DecodeResult<{ id: number; payload: Uint8Array }>): void {
  assert.ok(Array.isArray(res.packets) && Array.isArray(res.skipped));
  assert.ok(res.error === null || res.error instanceof BanchoDecodeError);
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
  for (let i = 0; i < ITERATIONS; i++) {
    const body = mutate(r, all[int(r, all.length)]!, all[int(r, all.length)]!);
    const a = readClientPackets(body);
    check(body, a);
    const b = readServerPackets(body);
    check(body, b);
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
});

test('unmutated corpus bodies decode cleanly (the fuzz baseline is valid)', () => {
  for (const body of corpus(anyClientPacket, (n, d) => encodeClientPacket(n as never, d as never), SEED)) {
    const res = readClientPackets(body);
    assert.equal(res.error, null);
    check(body, res);
  }
});
