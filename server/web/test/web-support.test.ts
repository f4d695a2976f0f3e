/** The pure helpers behind the /web/ answers: Python number formatting, image sniffing, flag texts, query parsing, the board cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyFixed, pyFloat } from '../support/py-format.js';
import { imageKind } from '../screenshots/routes.js';
import { explainFlags } from '../misc/lastfm.js';
import { BadParam, Query, unquotePlus } from '../support/query.js';
import { BoardCache, forgetBeatmapBoards } from '../../scores/leaderboard/board-cache.js';
import { playstyleOfScoreId, parseScoreId } from '../replays/score-tables.js';
import type { BoardQuery } from '../../ports/map-leaderboards.js';

test("pyFixed rounds exact ties half-to-even like Python's format, everything else like toFixed", () => {
  assert.equal(pyFixed(7.25, 1), '7.2');
  assert.equal(pyFixed(7.75, 1), '7.8');
  assert.equal(pyFixed(0.125, 2), '0.12');
  assert.equal(pyFixed(0.375, 2), '0.38');
  assert.equal(pyFixed(10, 1), '10.0');
  assert.equal(pyFixed(7.35, 1), '7.3', '7.35 is below the tie in binary');
  assert.equal(pyFixed(2.675, 2), '2.67');
  assert.equal(pyFixed(-7.25, 1), '-7.2');
  assert.equal(pyFloat(7.5), '7.5');
  assert.equal(pyFloat(10), '10.0');
});

test('imageKind accepts real PNG/JPEG structure only', () => {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(17), Buffer.from('0000000049454e44ae426082', 'hex')]);
  assert.equal(imageKind(png), 'png');
  assert.equal(imageKind(png.subarray(0, png.length - 12)), undefined, 'no IEND');
  assert.equal(imageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0xff, 0xd9])), 'jpeg');
  assert.equal(imageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0])), undefined, 'no EOI');
  assert.equal(imageKind(Buffer.from('GIF89a...')), undefined);
  assert.equal(imageKind(Buffer.alloc(0)), undefined);
});

test('explainFlags: one line per set bit, the highest included', () => {
  assert.equal(explainFlags(0), '');
  assert.equal(explainFlags(1 << 1).split('\n').length, 1);
  assert.equal(explainFlags((1 << 1) | (1 << 8)).split('\n').length, 2);
  assert.match(explainFlags(2 ** 31), /undocumented flag bit 31/);
});

test('Query: required, bounds, pydantic booleans; unquotePlus decodes again', () => {
  const q = new Query('a=5&b=x&s=true&t=0&n=-3');
  assert.equal(q.int('a', 0, 10), 5);
  assert.throws(() => q.int('b', 0, 10), BadParam);
  assert.throws(() => q.int('n', 0, 10), BadParam);
  assert.throws(() => q.string('missing'), (e: unknown) => e instanceof BadParam && e.param === 'missing');
  assert.equal(q.bool('s'), true);
  assert.equal(q.bool('t'), false);
  assert.throws(() => q.bool('b'), BadParam);
  assert.equal(unquotePlus('A+B%20C%zz%E3%81%82'), 'A B C%zzあ');
});

test('score id ranges and parsing (autopilot ids beyond 2^53 stay exact)', () => {
  assert.equal(playstyleOfScoreId(1n), 'relax');
  assert.equal(playstyleOfScoreId(499_999_999n), 'relax');
  assert.equal(playstyleOfScoreId(500_000_000n), 'vanilla');
  assert.equal(playstyleOfScoreId(6_148_914_691_236_517_204n), 'autopilot');
  assert.equal(parseScoreId('6148914691236517205'), 6_148_914_691_236_517_205n);
  assert.equal(parseScoreId('9223372036854775808'), undefined);
  assert.equal(parseScoreId('-1'), undefined);
  assert.equal(parseScoreId('1e3'), undefined);
});

test('BoardCache: remembers per key, forgets per map, 0 TTL computes every time', async () => {
  const q: BoardQuery = { playstyle: 'vanilla', beatmapMd5: 'a'.repeat(32), playMode: 0, requesterId: 1, sort: 'score', completed: 'best' };
  const cache = new BoardCache(60_000);
  let calls = 0;
  const compute = async () => ++calls;
  const key = BoardCache.keyOf(q, false);
  assert.equal(await cache.get(q.beatmapMd5, key, compute), 1);
  assert.equal(await cache.get(q.beatmapMd5, key, compute), 1);
  assert.notEqual(BoardCache.keyOf({ ...q, country: 'JP' }, false), key);
  assert.notEqual(BoardCache.keyOf(q, true), key, 'a hidden requester has their own count');
  forgetBeatmapBoards(q.beatmapMd5);
  assert.equal(await cache.get(q.beatmapMd5, key, compute), 2);
  const none = new BoardCache(0);
  await none.get(q.beatmapMd5, key, compute);
  assert.equal(await none.get(q.beatmapMd5, key, compute), 4);
});
