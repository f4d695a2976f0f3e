/**
 * Score submission, score-service's pipeline (score-and-web.md §2.5) after the HTTP layer has
 * decrypted and decoded the request. Returns the body to answer: the chart, `error: beatmap`,
 * `error: no` or an empty body (bad credentials: the client retries later).
 *
 * Ordering guarantees: the chart is produced only after the play, its stats and (for passed
 * plays) its replay are durable; a per-player lock serialises one player's submissions across
 * processes; a duplicate checksum is refused before any write, and the UNIQUE checksum refuses a
 * racing duplicate at the insert.
 */
import { createHash } from 'node:crypto';
import { effectiveMode, playstyleOf, type EffectiveModeValue, type Playstyle } from '../../protocol/osu/modes.js';
import { Mods } from '../../protocol/osu/mods.js';
import type { ScoreData } from '../../protocol/osu/score-data.js';
import { accuracyOf, gradeOf, modConflict, modsString, onlineChecksum, unrankableMods } from '../../protocol/osu/score-rules.js';
import type { BanchoDeps } from '../bancho/context.js';
import { isKnownGood, rememberGood } from '../bancho/login/verified-hash-cache.js';
import { matchDetailsOfUser } from '../bancho/multiplayer/game-actions.js';
import { botSayInChannel } from '../bancho/chat/bot-say.js';
import { isPubliclyVisible } from '../domain/privileges.js';
import type { BlobStore } from '../ports/blob-store.js';
import { replayKey } from '../ports/blob-store.js';
import { PeppyChannel } from '../ports/events.js';
import { BeatmapSourceUnavailableError } from '../ports/beatmap-store.js';
import type { BeatmapRow, ScoreCompleted, ScoreRow, UserRow, UserStatsRow } from '../ports/storage.js';
import { StorageError } from '../ports/storage.js';
import type { PpLimits } from '../ports/submission-store.js';
import { achievementToken, newAchievements } from './achievements.js';
import { buildChart, type ChartValues } from './chart.js';
import { restrictForGate } from './restrict.js';
import { republishPendingRename } from '../users/pending-rename.js';
import { forgetBeatmapBoards } from './leaderboard/board-cache.js';
import { applyPlayToStats, givesPp, hasLeaderboard } from './stats-update.js';

export interface SubmissionRequest {
  data: ScoreData;
  /** Decrypted `s`: `osu_path_md5:adapters:adapters_md5:uninstall_md5:disk_md5:`. */
  clientHash: string;
  osuVersion: string;
  passwordMd5: string;
  /** `x`: the player quit. */
  exited: boolean;
  /** `ft`, `st` in ms. */
  failTimeMs: number;
  scoreTimeMs: number;
  /** `bmk`, `sbk`, `c1` as sent. */
  updatedBeatmapMd5: string;
  storyboardMd5: string;
  uniqueIds: string;
  userAgent: string;
  /** `token` header, forwarded to the anticheat queue. */
  token: string | null;
  replay: Buffer;
  /** Every text field as sent (the queue message carries them). */
  fields: Record<string, string>;
}

/** pp and stars for one play; 0/0 when they cannot be computed (score-service's non-200 answer). */
export type PpFunction = (map: BeatmapRow, play: { mode: number; mods: number; accuracy: number; misses: number; combo: number }) => Promise<{ pp: number; stars: number }>;

/** The score-submission queue message (§2.5 step 13): consumed by the cheat checks. */
export interface ScoreSubmittedMessage {
  scoreId: string;
  userId: number;
  mode: number;
  /** Mode value 0..8 (user_stats.mode). */
  modeValue: EffectiveModeValue;
  relax: 0 | 1 | 2;
  beatmapMd5: string;
  token: string | null;
  fields: Record<string, string>;
  /** Blob key of the replay. */
  replayKey: string;
}

export interface SubmitDeps {
  bancho: BanchoDeps;
  blobs: BlobStore;
  pp: PpFunction;
  /** Publishes the queue message (no-op when no queue is configured). */
  publishSubmission: (m: ScoreSubmittedMessage) => Promise<void>;
  /** The beatmap by md5 (the beatmap store; rejects with BeatmapSourceUnavailableError when upstream is down). */
  findBeatmap: (md5: string) => Promise<BeatmapRow | undefined>;
  /** Most ms to wait for the player's submission lock. */
  lockWaitMs?: number;
  /** Fault injection for tests: runs right after the durable write, before anything else. */
  afterCommit?: (scoreId: bigint) => void;
}

export type SubmissionAnswer = { body: string; scoreId?: bigint; restricted?: boolean };

const RX_INT: Record<Playstyle, 0 | 1 | 2> = { vanilla: 0, relax: 1, autopilot: 2 };
const WHITELIST_BIT: Record<Playstyle, number> = { vanilla: 1, relax: 2, autopilot: 4 };
const MIN_REPLAY_BYTES = 24;

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export async function submitScore(deps: SubmitDeps, req: SubmissionRequest): Promise<SubmissionAnswer> {
  const b = deps.bancho;
  const d = req.data;
  const now = Math.floor(b.clock.now() / 1000);

  // 3. the map (an unreachable upstream answers empty: the client keeps the play and retries)
  let map: BeatmapRow | undefined;
  try {
    map = await deps.findBeatmap(d.beatmapMd5);
  } catch (err) {
    if (err instanceof BeatmapSourceUnavailableError) {
      b.log.warn('submission deferred: beatmap source unavailable', { md5: d.beatmapMd5 });
      return { body: '' };
    }
    throw err;
  }
  if (!map) return { body: 'error: beatmap' };

  // 4. credentials (the same verified-hash cache as bancho login)
  const safe = d.username.trim().toLowerCase().replace(/ /g, '_');
  let user = await b.storage.users.findBySafeName(safe);
  if (!user || !(await passwordMatches(b, user, req.passwordMd5.toLowerCase()))) return { body: '' };

  // §2.4 client checks: the hardware in `s` and `c1` must be what this player logged in with.
  const hw = parseClientHash(req.clientHash);
  const c1 = req.uniqueIds.split('|');
  const hwOk =
    hw !== undefined &&
    c1.length === 2 &&
    md5(c1[0]!) === hw.uninstallMd5 &&
    md5(c1[1]!) === hw.diskMd5 &&
    (await b.storage.submissions.knownHardware(user.id, hw.adaptersMd5, hw.uninstallMd5, hw.diskMd5));
  if (!hwOk) {
    b.log.warn('submission refused: client hashes differ from the login', { userId: user.id });
    return { body: 'error: no' };
  }
  const expectedChecksum = onlineChecksum(d, req.clientHash, req.storyboardMd5);
  if (expectedChecksum !== d.checksum) b.log.debug('online checksum differs (bancho.py formula, log only)', { userId: user.id });

  // 5. mode routing
  const modeValue = effectiveMode(d.mode, d.mods);
  const playstyle = playstyleOf(modeValue);
  const rx = RX_INT[playstyle];

  // 6. accuracy; 7. activity
  const counts = { count300: d.count300, count100: d.count100, count50: d.count50, countGeki: d.countGeki, countKatu: d.countKatu, countMiss: d.countMiss };
  const accuracy = accuracyOf(d.mode, counts);
  await b.storage.users.setLatestActivity(user.id, now);

  // 8. unrankable mods refuse
  const objects = (map.countCircles ?? 0) + (map.countSliders ?? 0) + (map.countSpinners ?? 0);
  const unrankable = unrankableMods(d.mods, map.mode, objects);
  if (unrankable) {
    b.log.info('submission refused: unrankable mods', { userId: user.id, reason: unrankable });
    return { body: 'error: no' };
  }

  // 9, 11 and Hayate's impossible-score gates restrict and go on (the score is still stored).
  const gates: string[] = [];
  if (req.userAgent !== 'osu!') gates.push(`The expected user-agent header for an osu! client is 'osu!', while the client sent '${req.userAgent.slice(0, 64)}'. (score submit gate)`);
  const conflict = modConflict(d.mods);
  if (conflict) gates.push(`The user attempted to submit a score with the mod combination +${modsString(d.mods)} (${conflict}), which contains mutually exclusive/illegal mods. (score submit gate)`);
  if (d.passed && d.mode === 0 && map.mode === 0 && objects > 0) {
    const judged = d.count300 + d.count100 + d.count50 + d.countMiss;
    if (judged !== objects) gates.push(`Impossible hit counts: ${judged} judgements on a map of ${objects} objects. (score submit gate)`);
  }
  if (d.mode === map.mode && map.maxCombo > 0 && d.maxCombo > map.maxCombo) {
    gates.push(`Impossible combo: ${d.maxCombo}x on a map whose max combo is ${map.maxCombo}x. (score submit gate)`);
  }
  for (const reason of gates) user = await restrictForGate(b, user, reason);

  // 12. one submission per player at a time, then the duplicate check and the durable write
  const lockKey = `submission_lock:${user.id}`;
  await acquire(b, lockKey, deps.lockWaitMs ?? 10_000);
  try {
    return await lockedPart(deps, req, { user, map, modeValue, playstyle, rx, accuracy, counts, now });
  } finally {
    await b.state.kvDelete(lockKey);
  }
}

interface Ctx {
  user: UserRow;
  map: BeatmapRow;
  modeValue: EffectiveModeValue;
  playstyle: Playstyle;
  rx: 0 | 1 | 2;
  accuracy: number;
  counts: { count300: number; count100: number; count50: number; countGeki: number; countKatu: number; countMiss: number };
  now: number;
}

async function lockedPart(deps: SubmitDeps, req: SubmissionRequest, c: Ctx): Promise<SubmissionAnswer> {
  const b = deps.bancho;
  const d = req.data;
  let user = c.user;
  const store = b.storage.submissions;
  if (await store.checksumExists(c.playstyle, d.checksum)) return { body: 'error: no' };

  // b. pp and stars
  const { pp, stars } = await deps.pp(c.map, { mode: d.mode, mods: d.mods, accuracy: c.accuracy, misses: d.countMiss, combo: d.maxCombo });

  // 5 (previous best with its rank) and c. status (§2.9)
  const previous = await store.previousBest(c.playstyle, user.id, d.beatmapMd5, d.mode);
  const previousRank = previous ? await store.mapRank(c.playstyle, previous.id) : undefined;
  let completed: ScoreCompleted;
  if (!d.passed) completed = req.exited ? 0 : 1;
  else if (!previous) completed = 3;
  else if (pp > previous.pp) completed = 3;
  else if (pp === previous.pp && d.score > previous.score) completed = 3;
  else completed = 2;
  const best = completed === 3;
  const grade = gradeOf(d.mode, d.mods, c.counts, c.accuracy, d.passed);
  const leaderboardMap = hasLeaderboard(c.map.ranked);

  const score: Omit<ScoreRow, 'id'> = {
    beatmapMd5: d.beatmapMd5,
    userId: user.id,
    score: d.score,
    maxCombo: d.maxCombo,
    fullCombo: d.perfect,
    mods: d.mods,
    count300: d.count300,
    count100: d.count100,
    count50: d.count50,
    countKatu: d.countKatu,
    countGeki: d.countGeki,
    countMiss: d.countMiss,
    time: c.now,
    playMode: d.mode,
    completed,
    accuracy: c.accuracy,
    pp,
    checksum: d.checksum,
  };

  // d, e, 14, 17-19: one transaction
  let committed;
  try {
    committed = await store.commit({
      playstyle: c.playstyle,
      score,
      demotePreviousBest: best,
      statsMode: c.modeValue,
      rx: c.rx,
      recomputeTotals: best && pp !== 0 && d.passed && leaderboardMap ? { rules: b.config.ppProfile === 'official' ? 'official' : 'akatsuki' } : undefined,
      stats: (old, bests) =>
        old &&
        applyPlayToStats(
          old,
          {
            mode: d.mode,
            passed: d.passed,
            best,
            score: d.score,
            maxCombo: d.maxCombo,
            pp,
            counts: c.counts,
            grade,
            scoreTimeMs: req.scoreTimeMs,
            hasLeaderboard: leaderboardMap,
            givesRankedScore: givesPp(c.map.ranked),
            previousBest: best && previous ? { score: previous.score, grade: gradeOf(d.mode, previous.mods, previous, previous.accuracy) } : undefined,
          },
          bests,
          b.config.ppProfile === 'official' ? 'official' : 'akatsuki',
        ),
    });
  } catch (err) {
    // A racing duplicate (same checksum from another process) loses at the UNIQUE index.
    if (err instanceof StorageError && err.conflict) return { body: 'error: no' };
    throw err;
  }
  const scoreId = committed.id;
  deps.afterCommit?.(scoreId);
  // The in-game board's remembered count and ranks of this map are stale now (this process).
  forgetBeatmapBoards(score.beatmapMd5);

  // The submission log (§2.4), now that there is a score id.
  const hw = parseClientHash(req.clientHash)!;
  await store
    .logSubmission({
      scoreId,
      uninstallIdHash: hw.uninstallMd5,
      diskSignatureHash: hw.diskMd5,
      clientVersion: req.osuVersion,
      clientHash: req.clientHash,
      scoreTimeElapsedMs: d.passed ? req.scoreTimeMs : req.failTimeMs,
      osuAuthToken: req.token,
    })
    .catch((err: unknown) => b.log.warn('score_submission_logs write failed', { err, scoreId: String(scoreId) }));

  // 15. pp cap
  if (d.passed && givesPp(c.map.ranked) && (user.whitelist & WHITELIST_BIT[c.playstyle]) === 0) {
    const cap = capFor(await store.ppLimits(d.mode), c.playstyle, (d.mods & Mods.Flashlight) !== 0);
    if (pp > cap) {
      user = await restrictForGate(
        b,
        user,
        `The user attempted to submit a score with PP higher than the PP cap. ${c.map.songName} +${modsString(d.mods)} (${pp.toFixed(2)}pp) ID: ${scoreId} (score submit gate)`,
      );
    }
  }

  // 16. the replay of a passed play, durable before the answer
  if (d.passed) {
    if (req.replay.length < MIN_REPLAY_BYTES) {
      user = await restrictForGate(
        b,
        user,
        'The user attempted to submit a completed score without a replay attached. (score submit gate)',
      );
    } else {
      await deps.blobs.put(replayKey(scoreId), req.replay);
    }
  }

  // 17. score-service answers `error: no` after the insert when the stats row is missing.
  if (!committed.statsBefore || !committed.statsAfter) return { body: 'error: no', scoreId };
  const before = committed.statsBefore;
  let after = committed.statsAfter;
  const restricted = !isPubliclyVisible(user.privileges);

  // 20. boards and rank
  const board = { playstyle: c.playstyle, mode: d.mode } as const;
  const rankBefore = await b.leaderboards.rank(board, user.id);
  let rankAfter = rankBefore;
  if (best && !restricted && before.pp !== after.pp) {
    await store.setLatestPpAwarded(user.id, c.modeValue, c.now);
    after = { ...after, latestPpAwarded: c.now };
    await b.leaderboards.set(c.playstyle, d.mode, user.country, user.id, after.pp);
    rankAfter = await b.leaderboards.rank(board, user.id);
  }

  // !last / !recent read the score tables themselves (bancho/commands/last.ts): nothing to set.
  // 21. bancho refreshes the player's stats panel.
  await b.events.publish(PeppyChannel.updateCachedStats, String(user.id));
  // A rename that arrived mid-play is published again now (score-service's step, server/users/pending-rename.ts).
  await republishPendingRename(b, user.id);

  // 22. the play's rank on the map
  const mapRank = await store.mapRank(c.playstyle, scoreId);

  // 23. first place
  if (mapRank === 1 && best && leaderboardMap && !restricted) {
    await store.setFirstPlace(d.beatmapMd5, d.mode, c.rx, scoreId, user.id);
    const tag = c.playstyle === 'vanilla' ? 'VN' : c.playstyle === 'relax' ? 'RX' : 'AP';
    const domain = b.config.domain;
    await botSayInChannel(
      b,
      '#announce',
      `[${tag}] User [https://${domain}/u/${user.id} ${user.username}] has submitted a #1 place on [https://osu.${domain}/beatmaps/${c.map.beatmapId} ${c.map.songName}] +${modsString(d.mods)} (${pp.toFixed(2)}pp)`,
    ).catch((err: unknown) => b.log.warn('first-place announcement failed', { err }));
  }

  // 24. a play inside a multiplayer game
  const inMatch = await matchDetailsOfUser(b, user.id);
  if (inMatch) {
    await store.addMatchGameScore({
      matchId: inMatch.match_id,
      gameId: inMatch.game_id,
      userId: user.id,
      mode: d.mode,
      ...c.counts,
      score: d.score,
      accuracy: c.accuracy,
      maxCombo: d.maxCombo,
      mods: d.mods,
      passed: d.passed,
      team: inMatch.team,
    });
  }

  // 25. achievements and the chart
  let achievementTokens: string[] = [];
  if (d.passed && leaderboardMap && !restricted) {
    const earned = newAchievements(
      await store.achievements(),
      await store.unlockedAchievements(user.id, c.modeValue),
      { mode: d.mode, mods: d.mods, passed: d.passed, perfect: d.perfect, maxCombo: d.maxCombo, score: d.score, accuracy: c.accuracy, grade, stars },
      after,
    );
    await store.unlockAchievements(user.id, c.modeValue, earned.map((a) => a.id), c.now);
    achievementTokens = earned.map(achievementToken);
  }

  const thisPlay: ChartValues = { rank: mapRank, rankedScore: d.score, totalScore: d.score, maxCombo: d.maxCombo, accuracy: c.accuracy, pp };
  const body = buildChart({
    beatmapId: c.map.beatmapId,
    beatmapSetId: c.map.beatmapsetId,
    beatmapPlaycount: committed.beatmapPlaycount,
    beatmapPasscount: committed.beatmapPasscount,
    approvedDate: c.map.latestUpdate,
    domain: b.config.domain,
    userId: user.id,
    scoreId,
    beatmapBefore: previous && {
      rank: previousRank,
      rankedScore: previous.score,
      totalScore: previous.score,
      maxCombo: previous.maxCombo,
      accuracy: previous.accuracy,
      pp: previous.pp,
    },
    beatmapAfter: thisPlay,
    overallBefore: overall(before, rankBefore),
    overallAfter: overall(after, rankAfter),
    achievements: achievementTokens,
  });

  // 26. the queue message for the cheat checks (passed plays)
  if (d.passed) {
    await deps
      .publishSubmission({
        scoreId: String(scoreId),
        userId: user.id,
        mode: d.mode,
        modeValue: c.modeValue,
        relax: c.rx,
        beatmapMd5: d.beatmapMd5,
        token: req.token,
        fields: req.fields,
        replayKey: replayKey(scoreId),
      })
      .catch((err: unknown) => b.log.warn('score submission message not published', { err, scoreId: String(scoreId) }));
  }
  return { body, scoreId, restricted };
}

function overall(s: UserStatsRow, rank: number): ChartValues {
  return { rank, rankedScore: s.rankedScore, totalScore: s.totalScore, maxCombo: s.maxCombo, accuracy: s.avgAccuracy, pp: s.pp };
}

/** §2.5 step 15: the pp_limits column for the play; a missing row is a cap of 0. */
export function capFor(limits: PpLimits | undefined, playstyle: Playstyle, flashlight: boolean): number {
  if (!limits) return 0;
  if (playstyle === 'relax') return flashlight ? limits.relaxFlashlightPp : limits.relaxPp;
  if (playstyle === 'autopilot') return flashlight ? limits.autopilotFlashlightPp : limits.autopilotPp;
  return flashlight ? limits.flashlightPp : limits.pp;
}

interface ClientHashParts {
  osuPathMd5: string;
  adapters: string;
  adaptersMd5: string;
  uninstallMd5: string;
  diskMd5: string;
}

/** The decrypted `s` field, the login's client-hash format; undefined when malformed. */
export function parseClientHash(s: string): ClientHashParts | undefined {
  if (!s.endsWith(':')) return undefined;
  const parts = s.slice(0, -1).split(':');
  if (parts.length !== 5) return undefined;
  const [osuPathMd5, adapters, adaptersMd5, uninstallMd5, diskMd5] = parts as [string, string, string, string, string];
  return { osuPathMd5, adapters, adaptersMd5, uninstallMd5, diskMd5 };
}

async function passwordMatches(b: BanchoDeps, user: UserRow, md5Hex: string): Promise<boolean> {
  if (isKnownGood(user.id, md5Hex, user.passwordHash)) return true;
  if (!user.passwordHash || !/^[0-9a-f]{32}$/.test(md5Hex)) return false;
  const ok = await b.passwords.verify(md5Hex, user.passwordHash);
  if (ok) rememberGood(user.id, md5Hex, user.passwordHash);
  return ok;
}

/** SET NX with a TTL, polled every 50 ms (score-service's lock), bounded by `waitMs`. */
async function acquire(b: BanchoDeps, key: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!(await b.state.kvSetIfAbsent(key, '1', 30_000))) {
    if (Date.now() >= deadline) throw new Error(`submission lock ${key} busy`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
