import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChart, pyRound, pyRound2 } from '../chart.js';
import { applyPlayToStats, hitsOf, type PlayForStats } from '../stats-update.js';
import { achieved, newAchievements } from '../achievements.js';
import { capFor } from '../submit-score.js';
import { Mods } from '../../../protocol/osu/mods.js';
import type { UserStatsRow } from '../../ports/storage.js';

test('chart, byte for byte (§2.16): `|\\n|` breaks, empty Before for absent/0, Python number printing', () => {
  const chart = buildChart({
    beatmapId: 315,
    beatmapSetId: 141,
    beatmapPlaycount: 2,
    beatmapPasscount: 1,
    approvedDate: 1700000000,
    domain: 'akatsuki.gg',
    userId: 1001,
    scoreId: 500000123n,
    beatmapBefore: { rank: 3, rankedScore: 1000, totalScore: 1000, maxCombo: 100, accuracy: 95.5, pp: 99.5 },
    beatmapAfter: { rank: 1, rankedScore: 2000, totalScore: 2000, maxCombo: 150, accuracy: 100, pp: 120.49 },
    overallBefore: { rank: 0, rankedScore: 0n, totalScore: 0n, maxCombo: 0, accuracy: 0, pp: 0 },
    overallAfter: { rank: 1, rankedScore: 2000n, totalScore: 3000n, maxCombo: 150, accuracy: 97.123456, pp: 120 },
    achievements: ['osu-skill-pass-1+Rising Star+Can\'t go forward without the first steps.', 'all-intro-hidden+Blindsight+I can see just perfectly'],
  });
  assert.equal(
    chart,
    'beatmapId:315|beatmapSetId:141|beatmapPlaycount:2|beatmapPasscount:1|approvedDate:2023-11-14 22:13:20|\n|' +
      'chartId:beatmap|chartUrl:https://osu.akatsuki.gg/beatmapsets/141|chartName:Beatmap Ranking|' +
      'rankBefore:3|rankAfter:1|rankedScoreBefore:1000|rankedScoreAfter:2000|totalScoreBefore:1000|totalScoreAfter:2000|' +
      'maxComboBefore:100|maxComboAfter:150|accuracyBefore:95.5|accuracyAfter:100.0|ppBefore:100|ppAfter:120|onlineScoreId:500000123|\n|' +
      'chartId:overall|chartUrl:https://akatsuki.gg/u/1001|chartName:Overall Ranking|' +
      'rankBefore:|rankAfter:1|rankedScoreBefore:|rankedScoreAfter:2000|totalScoreBefore:|totalScoreAfter:3000|' +
      'maxComboBefore:|maxComboAfter:150|accuracyBefore:|accuracyAfter:97.12|ppBefore:|ppAfter:120|' +
      "achievements-new:osu-skill-pass-1+Rising Star+Can't go forward without the first steps./all-intro-hidden+Blindsight+I can see just perfectly",
  );
  // No previous best: every Before is empty.
  const first = buildChart({
    beatmapId: 1, beatmapSetId: 2, beatmapPlaycount: 1, beatmapPasscount: 0, approvedDate: 0, domain: 'd', userId: 3, scoreId: 4n,
    beatmapBefore: undefined,
    beatmapAfter: { rank: 2, rankedScore: 5, totalScore: 5, maxCombo: 6, accuracy: 12.345, pp: 0 },
    overallBefore: { rank: 0, rankedScore: 0n, totalScore: 0n, maxCombo: 0, accuracy: 0, pp: 0 },
    overallAfter: { rank: 0, rankedScore: 0n, totalScore: 5n, maxCombo: 0, accuracy: 0, pp: 0 },
    achievements: [],
  });
  assert.ok(first.includes('|rankBefore:|rankAfter:2|rankedScoreBefore:|rankedScoreAfter:5|'));
  assert.ok(first.includes('|accuracyBefore:|accuracyAfter:12.35|ppBefore:|ppAfter:0|onlineScoreId:4|'));
  assert.ok(first.endsWith('|accuracyBefore:|accuracyAfter:0.0|ppBefore:|ppAfter:0|achievements-new:'));
  assert.equal(first.split('|\n|').length, 3);
  assert.deepEqual([pyRound(0.5), pyRound(1.5), pyRound(2.5), pyRound(2.51)], [0, 2, 2, 3]);
  assert.deepEqual([pyRound2(98.5), pyRound2(100), pyRound2(99.999)], ['98.5', '100.0', '100.0']);
});

const zero: UserStatsRow = {
  userId: 1, mode: 0, rankedScore: 0n, totalScore: 0n, playcount: 0, replaysWatched: 0, totalHits: 0, avgAccuracy: 0, pp: 0, playtime: 0,
  xhCount: 0, xCount: 0, shCount: 0, sCount: 0, aCount: 0, bCount: 0, cCount: 0, dCount: 0, maxCombo: 0, latestPpAwarded: 0,
};
const counts = { count300: 100, count100: 10, count50: 5, countGeki: 3, countKatu: 2, countMiss: 1 };
const base: PlayForStats = {
  mode: 0, passed: true, best: true, score: 1000, maxCombo: 200, pp: 100, counts, grade: 'A', scoreTimeMs: 61_500,
  hasLeaderboard: true, givesRankedScore: true, previousBest: undefined,
};

test('stats update (§2.11): counters always, pp and accuracy from the bests, ranked score and grades on ranked maps', () => {
  const s = applyPlayToStats(zero, base, [{ beatmapMd5: 'a', pp: 100, accuracy: 98 }], 'akatsuki');
  assert.equal(s.playcount, 1);
  assert.equal(s.playtime, 61);
  assert.equal(s.totalScore, 1000n);
  assert.equal(s.totalHits, 115);
  assert.equal(s.maxCombo, 200);
  assert.equal(s.pp, Math.round(100 + 416.6667 * (1 - 0.995)));
  assert.equal(s.avgAccuracy, 98);
  assert.equal(s.rankedScore, 1000n);
  assert.equal(s.aCount, 1);
  // A new best replacing an S: ranked score moves by the difference, S−1, A+1.
  const replaced = applyPlayToStats({ ...zero, rankedScore: 800n, sCount: 1 }, { ...base, previousBest: { score: 800, grade: 'S' } }, [{ beatmapMd5: 'a', pp: 100, accuracy: 98 }], 'akatsuki');
  assert.equal(replaced.rankedScore, 1000n);
  assert.equal(replaced.sCount, 0);
  assert.equal(replaced.aCount, 1);
  // Failed: playcount and total score only.
  const failed = applyPlayToStats(zero, { ...base, passed: false, best: false, grade: 'F' }, undefined, 'akatsuki');
  assert.equal(failed.playcount, 1);
  assert.equal(failed.totalScore, 1000n);
  assert.equal(failed.rankedScore, 0n);
  assert.equal(failed.maxCombo, 0);
  // Loved: no ranked score, no grade counter, pp still recomputed from what the caller read.
  const loved = applyPlayToStats(zero, { ...base, givesRankedScore: false }, [], 'akatsuki');
  assert.equal(loved.rankedScore, 0n);
  assert.equal(loved.aCount, 0);
  // total_hits per mode: catch leaves out 50s, taiko and mania add geki + katu.
  assert.deepEqual([0, 1, 2, 3].map((m) => hitsOf(m as 0, counts)), [115, 120, 110, 120]);
});

test('achievements by file name, mode filter, already unlocked skipped', () => {
  const play = { mode: 0 as const, mods: Mods.Hidden, passed: true, perfect: true, maxCombo: 800, score: 777777, accuracy: 80, grade: 'B' as const, stars: 5.3 };
  const stats = { ...zero, playcount: 5000, totalHits: 0 };
  assert.equal(achieved('osu-skill-pass-5', play, stats), true);
  assert.equal(achieved('osu-skill-pass-4', play, stats), false);
  assert.equal(achieved('osu-skill-fc-5', play, stats), true);
  assert.equal(achieved('osu-skill-pass-5', { ...play, mods: Mods.NoFail }, stats), false);
  assert.equal(achieved('taiko-skill-pass-5', play, stats), false);
  assert.equal(achieved('osu-combo-750', play, stats), true);
  assert.equal(achieved('osu-combo-1000', play, stats), false);
  assert.equal(achieved('osu-plays-5000', play, stats), true);
  assert.equal(achieved('all-intro-hidden', play, stats), true);
  assert.equal(achieved('all-intro-flashlight', play, stats), false);
  assert.equal(achieved('all-secret-jackpot', play, stats), true);
  assert.equal(achieved('all-secret-stumbler', play, stats), true);
  assert.equal(achieved('all-skill-highranker-1', play, stats), false);
  const defs = [
    { id: 5, file: 'osu-skill-pass-5', name: 'n', desc: 'd', mode: 0 },
    { id: 30, file: 'taiko-skill-pass-5', name: 'n', desc: 'd', mode: 1 },
    { id: 91, file: 'all-intro-hidden', name: 'n', desc: 'd', mode: null },
  ];
  assert.deepEqual(newAchievements(defs, new Set([91]), play, stats).map((d) => d.id), [5]);
});

test('pp cap column per playstyle and flashlight; no row is a cap of 0', () => {
  const l = { pp: 1, relaxPp: 2, flashlightPp: 3, relaxFlashlightPp: 4, autopilotPp: 5, autopilotFlashlightPp: 6 };
  assert.deepEqual(
    [capFor(l, 'vanilla', false), capFor(l, 'relax', false), capFor(l, 'vanilla', true), capFor(l, 'relax', true), capFor(l, 'autopilot', false), capFor(l, 'autopilot', true)],
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(capFor(undefined, 'vanilla', false), 0);
});
