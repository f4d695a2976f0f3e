/**
 * The asynchronous cheat check of one submitted score (issue 13, cheat-detection.md §5.2): fetch
 * its replay, the map and the replays of other players' best scores on it, analyse everything in
 * the compute pool (off the event loop), store the flag and Akatsuki's replay_analysis, then
 * re-evaluate the player's level and apply what a rise triggers.
 */
import type { CheatAnalysisOutcome, CheatAnalysisRequest, OtherReplay } from '../../compute/cheat/task.js';
import { classify } from '../../compute/cheat/levels.js';
import { reasonNames } from '../../compute/cheat/signals.js';
import { replayKey } from '../ports/blob-store.js';
import type { CheatStore } from '../ports/cheat-store.js';
import type { Clock } from '../ports/clock.js';
import type { CheatSubmission } from './submission-message.js';
import { updatePlayerLevel, type LevelDeps } from './player-level.js';
import { DEFAULT_CHEAT_SETTINGS, type CheatSettings } from './settings.js';

export interface CheckDeps extends LevelDeps {
  cheat: CheatStore;
  clock: Clock;
  /** The compute pool's `analyzeReplay`. */
  analyze(request: CheatAnalysisRequest): Promise<CheatAnalysisOutcome>;
  /** Stored replay frame streams (the blob store's get). */
  getReplay(key: string): Promise<Uint8Array | undefined>;
  /** `.osu` bytes by md5, when available. */
  getBeatmap(md5: string): Promise<Uint8Array | undefined>;
  settings?: CheatSettings;
}

export type CheckOutcome =
  | { status: 'flagged' | 'clean'; probability: number; reasons: string[]; level: number }
  | { status: 'skipped'; why: string };

export async function checkSubmittedScore(deps: CheckDeps, msg: CheatSubmission): Promise<CheckOutcome> {
  const settings = deps.settings ?? DEFAULT_CHEAT_SETTINGS;
  const facts = await deps.cheat.scoreFacts(msg.scoreId, msg.relax);
  if (!facts) return { status: 'skipped', why: `score ${msg.scoreId} not found` };
  const stream = await deps.getReplay(msg.replayKey);
  if (!stream) return { status: 'skipped', why: `no replay at ${msg.replayKey}` };
  const beatmap = (await deps.getBeatmap(msg.beatmapMd5)) ?? null;
  const others: OtherReplay[] = [];
  for (const ref of await deps.cheat.otherScoresOnMap(msg.beatmapMd5, msg.relax, msg.userId, settings.stealCandidates)) {
    const s = await deps.getReplay(replayKey(BigInt(ref.scoreId)));
    if (s) others.push({ scoreId: ref.scoreId, userId: ref.userId, stream: s, mods: ref.mods });
  }
  const outcome = await deps.analyze({ stream, mods: facts.mods, playedAt: facts.time, beatmap, others, signals: settings.signals, counts: facts.counts });
  const now = Math.floor(deps.clock.now() / 1000);
  if (!outcome.ok) {
    await deps.cheat.storeAnalysis(msg.scoreId, msg.relax, JSON.stringify({ error: outcome.code, message: outcome.message }), now);
    return { status: 'skipped', why: `replay not analysable: ${outcome.message}` };
  }
  const a = outcome.analysis;
  await deps.cheat.storeAnalysis(msg.scoreId, msg.relax, JSON.stringify(a, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)), now);
  const cls = classify(a.verdict.probability, settings.levels);
  if (cls === null) return { status: 'clean', probability: a.verdict.probability, reasons: [], level: (await deps.cheat.getLevel(msg.userId))?.level ?? 0 };
  await deps.cheat.putFlag({
    scoreId: msg.scoreId, relax: msg.relax, userId: msg.userId, checkVersion: a.checkVersion, probability: a.verdict.probability,
    reasons: a.verdict.reasons, flagClass: cls, explanation: a.verdict.explanation.join('\n'), createdAt: now,
  });
  const level = await updatePlayerLevel(deps, msg.userId);
  return { status: 'flagged', probability: a.verdict.probability, reasons: reasonNames(a.verdict.reasons), level: level.level };
}
