/**
 * The .osr reader against every fixture and the header cases of expected.json; the frame text and
 * time line (§1.5); the writer round trip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  akatsukiReplayMd5, buildTimeline, decodeLzmaJs, parseFrameText, readLzmaHeader, readOsr, ReplayDecodeError,
  ticksToUnixMs, writeOsr, type ReplayScore,
} from '../index.js';
import { allReplayNames, expected, caseById, replayBytes } from './fixtures.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('every fixture replay parses, decompresses to its declared size and yields frames', () => {
  const names = allReplayNames();
  assert.equal(names.length, 29);
  for (const name of names) {
    const osr = readOsr(replayBytes(name));
    const text = decodeLzmaJs(osr.frames);
    assert.equal(text.length, readLzmaHeader(osr.frames).size, name);
    const raw = parseFrameText(text);
    if (name === 'cc-empty_replay_data.osr') {
      assert.equal(raw.count, 0);
      continue;
    }
    const tl = buildTimeline(raw);
    assert.ok(tl.count > 100, `${name}: ${tl.count} frames`);
    for (let i = 1; i < tl.count; i++) assert.ok(tl.t[i]! >= tl.t[i - 1]!, `${name}: time goes back at ${i}`);
  }
});

test('header fields, decompressed bytes and frame counts match expected.json', () => {
  const headerCases = expected().cases.filter((c) => c.kind === 'header' || c.kind === 'error');
  assert.equal(headerCases.length, 6);
  for (const c of headerCases) {
    const d = c.derived!;
    const osr = readOsr(replayBytes(c.files[0]!));
    const h = osr.header;
    const got: Record<string, unknown> = {
      mode: h.mode, game_version: h.gameVersion, beatmap_md5: h.beatmapMd5, username: h.username, replay_md5: h.replayMd5,
      count_300: h.count300, count_100: h.count100, count_50: h.count50, count_geki: h.countGeki, count_katu: h.countKatu,
      count_miss: h.countMiss, score: h.score, max_combo: h.maxCombo, perfect: h.perfect, mods: h.mods,
      timestamp_ticks: Number(h.timestampTicks), online_score_id: h.onlineScoreId, trailing_bytes: osr.trailingBytes,
    };
    for (const [k, v] of Object.entries(got)) assert.deepEqual(v, d[k], `${c.id}: ${k}`);
    for (const [k, v] of Object.entries(c.asserted_upstream ?? {})) {
      if (k in got) assert.deepEqual(got[k], v, `${c.id}: upstream ${k}`);
    }
    const text = decodeLzmaJs(osr.frames);
    assert.equal(text.length, d['decompressed_bytes']);
    assert.equal(sha256(text), d['decompressed_sha256'], c.id);
    const raw = parseFrameText(text);
    assert.equal(raw.count, d['frames_total_excluding_seed'], `${c.id}: frames`);
    assert.equal(raw.seed, d['rng_seed'], `${c.id}: seed`);
    if (typeof c.asserted_upstream?.['timestamp_utc'] === 'string') {
      assert.equal(new Date(ticksToUnixMs(h.timestampTicks)).toISOString().replace('.000Z', 'Z'), c.asserted_upstream['timestamp_utc']);
    }
    if (d['lazer_score_info_json'] !== null) {
      const want = d['lazer_score_info_json'] as Record<string, unknown>;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(osr.scoreInfo?.[k], v, `${c.id}: score info ${k}`);
    } else {
      assert.equal(osr.scoreInfo, null);
    }
  }
});

test('osrparse 7 frame count: frames without the seed and the two leading (256,-500) frames', () => {
  const c = caseById('header-osrparse-cookiezi');
  const raw = parseFrameText(decodeLzmaJs(readOsr(replayBytes('op-replay.osr')).frames));
  let skip = 0;
  for (let i = 0; i < 2; i++) if (raw.x[i] === 256 && raw.y[i] === -500) skip++;
  assert.equal(raw.count - skip, c.asserted_upstream!['replay_frames_osrparse7']);
});

test('lazer JSON block: online id 258 while the legacy id is -1', () => {
  const osr = readOsr(replayBytes('ppy-taiko-replay-with-new-online-id.osr'));
  assert.equal(osr.header.onlineScoreId, -1);
  assert.equal(osr.scoreInfo?.['online_id'], 258);
});

test('time line: ppy mania replay starts at 31, 48, 65 ms (55, 72, 89 on a v4 beatmap)', () => {
  const raw = parseFrameText(decodeLzmaJs(readOsr(replayBytes('ppy-mania-replay.osr')).frames));
  assert.deepEqual(Array.from(buildTimeline(raw).t.subarray(0, 3)), [31, 48, 65]);
  assert.deepEqual(Array.from(buildTimeline(raw, { beatmapVersion: 4 }).t.subarray(0, 3)), [55, 72, 89]);
});

test('time line rules on hand-made frame text', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  // No skip: 0, -1 at (256,-500), then a rewind to -87; a later rewind drops the frames below.
  const raw = parseFrameText(enc('0|256|-500|0,-1|256|-500|0,-87|1|2|0,25|3|4|1,-10|5|6|0,20|7|8|0,-12345|0|0|777,'));
  assert.equal(raw.seed, 777);
  assert.equal(raw.count, 6);
  const tl = buildTimeline(raw);
  assert.deepEqual(Array.from(tl.t), [-88, -63, -53]);
  assert.deepEqual(Array.from(tl.x), [1, 3, 7]);
  // Skipped intro: the second frame jumps to the skip boundary, the next rewinds; no delta is lost.
  const skipped = buildTimeline(parseFrameText(enc('0|256|-500|0,19226|256|-500|0,-900|10|10|0,16|11|11|0')));
  assert.deepEqual(Array.from(skipped.t), [18326, 18342]);
  // Fractional lazer deltas are rounded; no trailing comma is fine.
  assert.deepEqual(Array.from(buildTimeline(parseFrameText(enc('16.6|1|1|0,16.4|2|2|0'))).t), [17, 33]);
  assert.throws(() => buildTimeline(parseFrameText(enc('-12345|0|0|5,'))), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'empty-replay');
  for (const bad of ['1|2|3', '1|2|3|4|5', 'a|1|1|0', '1|NaN|1|0', '1||1|0', '1|1|1|0,2|2|2']) {
    assert.throws(() => parseFrameText(enc(bad)), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'bad-frames', bad);
  }
});

test('circlecore empty replay: parses, but has no frames to analyse', () => {
  const osr = readOsr(replayBytes('cc-empty_replay_data.osr'));
  assert.throws(() => buildTimeline(parseFrameText(decodeLzmaJs(osr.frames))), (e: unknown) => e instanceof ReplayDecodeError && e.code === 'empty-replay');
});

function scoreFrom(name: string, scoreId: number): { score: ReplayScore; frames: Uint8Array } {
  const { header: h, frames } = readOsr(replayBytes(name));
  return {
    frames,
    score: {
      scoreId, mode: h.mode, beatmapMd5: h.beatmapMd5 ?? '', username: h.username ?? '',
      count300: h.count300, count100: h.count100, count50: h.count50, countGeki: h.countGeki, countKatu: h.countKatu,
      countMiss: h.countMiss, score: h.score, maxCombo: h.maxCombo, perfect: h.perfect, mods: h.mods,
      playedAt: Math.floor(ticksToUnixMs(h.timestampTicks) / 1000),
    },
  };
}

test('writer: every fixture round-trips through writeOsr -> readOsr', () => {
  for (const [i, name] of allReplayNames().entries()) {
    const { score, frames } = scoreFrom(name, 5_000_000_000 + i);
    const back = readOsr(writeOsr(score, frames));
    const h = back.header;
    assert.equal(h.gameVersion, 20211103);
    assert.equal(h.mode, score.mode);
    assert.equal(h.beatmapMd5, score.beatmapMd5);
    assert.equal(h.username, score.username);
    assert.equal(h.replayMd5, akatsukiReplayMd5(score));
    assert.deepEqual([h.count300, h.count100, h.count50, h.countGeki, h.countKatu, h.countMiss, h.score, h.maxCombo, h.perfect, h.mods],
      [score.count300, score.count100, score.count50, score.countGeki, score.countKatu, score.countMiss, score.score, score.maxCombo, score.perfect, score.mods]);
    assert.equal(h.lifeBarGraph, null);
    assert.equal(ticksToUnixMs(h.timestampTicks), score.playedAt * 1000);
    assert.equal(h.onlineScoreId, score.scoreId, 'int64 score id');
    assert.ok(Buffer.from(back.frames).equals(Buffer.from(frames)), `${name}: frames`);
    assert.equal(back.trailingBytes, 0);
  }
});

test('writer: header bytes, .NET ticks and the score-service replay checksum', () => {
  const score: ReplayScore = {
    scoreId: 42, mode: 0, beatmapMd5: 'c7f9bc1fea826c0f371db08bc5ebc1cc', username: 'MarthXT', count300: 154, count100: 0,
    count50: 0, countGeki: 23, countKatu: 0, countMiss: 0, score: 1083482, maxCombo: 186, perfect: true, mods: 72,
    playedAt: Date.UTC(2015, 11, 16, 19, 40, 39) / 1000,
  };
  const bytes = writeOsr(score, new Uint8Array([1, 2, 3]));
  const view = new DataView(bytes.buffer);
  assert.equal(bytes[0], 0);
  assert.equal(view.getInt32(1, true), 20211103);
  assert.equal(bytes[5], 0x0b);
  assert.equal(bytes[6], 32);
  // Ticks of the same instant as circlecore's example replay header.
  assert.equal(readOsr(bytes).header.timestampTicks, 635858916390000000n);
  const md5Text = '154p0o23o0t0ac7f9bc1fea826c0f371db08bc5ebc1ccr186etrueyMarthXTo1083482u072true';
  assert.equal(akatsukiReplayMd5(score), createHash('md5').update(md5Text).digest('hex'));
  assert.equal(view.getBigInt64(bytes.length - 8, true), 42n);
  assert.deepEqual(Array.from(bytes.subarray(bytes.length - 15, bytes.length - 8)), [3, 0, 0, 0, 1, 2, 3]);
});
