/** The cheat analysis through the real compute pool (Piscina workers): same numbers as in-process. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ComputePool } from '../../pool.js';
import { readOsr } from '../../../protocol/replay/index.js';
import { mapText, replayBytes } from '../../../protocol/replay/test/fixtures.js';

const pool = new ComputePool({ threads: 1, passwordThreads: 0 });
after(() => pool.close());

test('cheat-analyze in a worker: UR with the map, steal comparison, verdict', async () => {
  const r = readOsr(replayBytes('ur-mismagius_usatei.osr'));
  const out = await pool.analyzeReplay({
    stream: r.frames, mods: r.header.mods, playedAt: 1_700_000_000, beatmap: mapText('maps/ur-map-iosys.osu'),
    others: [{ scoreId: '5', userId: 2, stream: readOsr(replayBytes('cc-legit-1.osr')).frames, mods: 584 }],
  });
  assert.ok(out.ok);
  if (!out.ok) return;
  assert.equal(Math.round(out.analysis.ur!.unadjusted * 100) / 100, 218.45);
  assert.equal(out.analysis.steal.length, 1);
  assert.equal(out.analysis.checkVersion, 'hayate-cheat-1');
  assert.ok(out.analysis.verdict.probability >= 0 && out.analysis.verdict.probability <= 1);
});

test('an undecodable replay comes back as a typed outcome, not a worker error', async () => {
  const r = readOsr(replayBytes('cc-example_replay.osr'));
  const out = await pool.analyzeReplay({ stream: r.frames.subarray(0, 200), mods: 0, playedAt: 0, beatmap: null, others: [] });
  assert.equal(out.ok, false);
  if (!out.ok) assert.ok(['truncated', 'bad-lzma', 'bad-frames'].includes(out.code), out.code);
});
