/**
 * Test helper (not a test): the fuzz suite for an LZMA decoder. Damaged replays: every truncation and a few thousand seeded mutations of real files must end in
 * a ReplayDecodeError or a consistent result — never another exception, never a hang. A decoder
 * that accepted a truncated stream, or crashed on a flipped bit, fails here.
 * Seeded: HAYATE_FUZZ_SEED=<n> replays a run (the seed is printed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildTimeline, decodeLzmaJs, parseFrameText, readOsr, ReplayDecodeError, type LzmaDecoder } from '../index.js';
import { caseById, prng, replayBytes } from './fixtures.js';

const SEED = Number(process.env.HAYATE_FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));

/** Full pipeline; returns the frame count, or the typed error. Anything else propagates. */
function pipeline(bytes: Uint8Array, lzma: LzmaDecoder): number | ReplayDecodeError {
  try {
    const osr = readOsr(bytes, { lzma });
    return buildTimeline(parseFrameText(lzma(osr.frames))).count;
  } catch (err) {
    if (err instanceof ReplayDecodeError) return err;
    throw err;
  }
}

/** Offset of the frame stream in the file, from its declared length field. */
function streamBounds(bytes: Uint8Array, lzma: LzmaDecoder): [number, number] {
  const osr = readOsr(bytes, { lzma });
  const start = osr.frames.byteOffset - (bytes as Uint8Array).byteOffset;
  return [start, start + osr.frames.length];
}

/** Registers the fuzz tests for one LZMA decoder (the pure-JS one and the WASM one share them). */
export function fuzzDecoder(name: string, lzma: LzmaDecoder): void {
  console.log(`replay fuzz seed ${SEED} (${name})`);
  test(`${name}: every truncation of a replay fails with a typed error (except inside the optional score id)`, () => {
    const file = replayBytes('ppy-mania-replay.osr');
    const [, streamEnd] = streamBounds(file, lzma);
    let typed = 0;
    for (let cut = 0; cut < file.length; cut++) {
      const r = pipeline(file.subarray(0, cut), lzma);
      if (cut < streamEnd) {
        assert.ok(r instanceof ReplayDecodeError, `cut at ${cut} of ${file.length} was accepted`);
        typed++;
      }
    }
    assert.equal(typed, streamEnd);
    assert.equal(pipeline(file, lzma), buildTimeline(parseFrameText(decodeLzmaJs(readOsr(file).frames))).count);
  });

  test(`${name}: truncated LZMA streams of a larger replay are refused (seed ${SEED})`, () => {
    const file = replayBytes('cc-example_replay.osr');
    const stream = readOsr(file).frames;
    const rand = prng(SEED);
    for (let i = 0; i < 60; i++) {
      const cut = Math.floor(rand() * stream.length);
      assert.throws(() => parseFrameText(lzma(stream.subarray(0, cut))), ReplayDecodeError, `stream cut at ${cut}`);
    }
  });

  test(`${name}: mutated replays decode or fail typed, and intact ones decode exactly (seed ${SEED})`, () => {
    const c = caseById('header-cc-example');
    const file = replayBytes('cc-example_replay.osr');
    const osr = readOsr(file);
    const text = lzma(osr.frames);
    assert.equal(createHash('sha256').update(text).digest('hex'), c.derived!['decompressed_sha256']);
    const rand = prng(SEED ^ 0x5bd1e995);
    let failures = 0;
    const rounds = 120;
    for (let i = 0; i < rounds; i++) {
      const b = Buffer.from(file);
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) b[Math.floor(rand() * b.length)] ^= 1 << Math.floor(rand() * 8);
      const r = pipeline(b, lzma);
      if (r instanceof ReplayDecodeError) failures++;
      else assert.ok(r >= 0);
    }
    // Flipping bits in range-coded data almost always derails it; a decoder that ignored its input would not fail.
    assert.ok(failures > rounds / 2, `only ${failures} of ${rounds} mutated replays were refused`);
    // Random garbage of every small length.
    for (let len = 0; len < 400; len++) {
      const g = new Uint8Array(len);
      for (let k = 0; k < len; k++) g[k] = Math.floor(rand() * 256);
      if (len > 0) g[0] = Math.floor(rand() * 4);
      const r = pipeline(g, lzma);
      assert.ok(r instanceof ReplayDecodeError || r >= 0);
    }
  });

  test(`${name}: hostile LZMA headers are refused before any work`, () => {
    const stream = Buffer.from(readOsr(replayBytes('cc-example_replay.osr')).frames);
    const huge = Buffer.from(stream);
    huge.writeUInt32LE(0xffffffff, 5); // declared size 4 GiB
    assert.throws(() => lzma(huge), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'too-large');
    const unknown = Buffer.from(stream);
    unknown.fill(0xff, 5, 13);
    assert.throws(() => lzma(unknown), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'bad-lzma');
    const props = Buffer.from(stream);
    props[0] = 225;
    assert.throws(() => lzma(props), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'bad-lzma');
    const dict = Buffer.from(stream);
    dict.writeUInt32LE(0xffffffff, 1); // a 4 GiB dictionary must not be allocated
    assert.equal(lzma(dict).length, stream.readUInt32LE(5));
  });
}

