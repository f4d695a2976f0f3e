/**
 * `!mp timer` and `!mp start <seconds>` countdowns that work with several Hayate processes.
 *
 * One timer per match lives in the state kv under `mp:timer:<matchId>` as
 * `{ id, kind, deadline }` (an absolute deadline, unix ms). `kvSetIfAbsent` makes the process that
 * created it the only driver; it ticks locally with setTimeout and, before every announcement and
 * at the end, re-reads the key: if the key is gone or holds another id (`!mp aborttimer`/`abort`
 * ran on any process), it stops silently. Remaining time is always `deadline - now`, so nothing
 * drifts and a reader on another process can report it.
 */
import { randomUUID } from 'node:crypto';
import type { BanchoDeps } from '../context.js';
import { botSayInChannel } from '../chat/bot-say.js';
import { multiplayerChannelKey } from '../chat/channel-names.js';
import { startMatch } from '../multiplayer/game-actions.js';

export type TimerKind = 'timer' | 'start';

interface StoredTimer {
  id: string;
  kind: TimerKind;
  deadline: number;
}

const timerKey = (matchId: number): string => `mp:timer:${matchId}`;
/** Remaining seconds at which the bot announces the countdown. */
const ANNOUNCE_AT = [300, 240, 180, 120, 60, 30, 15, 10, 5, 4, 3, 2, 1];
export const MAX_TIMER_SECONDS = 3600;

async function readTimer(deps: BanchoDeps, matchId: number): Promise<StoredTimer | undefined> {
  const raw = await deps.state.kvGet(timerKey(matchId));
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as StoredTimer;
  } catch {
    return undefined;
  }
}

/** Starts a countdown; false when one is already running for this match. */
export async function startTimer(deps: BanchoDeps, matchId: number, kind: TimerKind, seconds: number): Promise<boolean> {
  const timer: StoredTimer = { id: randomUUID(), kind, deadline: deps.clock.now() + seconds * 1000 };
  const created = await deps.state.kvSetIfAbsent(timerKey(matchId), JSON.stringify(timer), seconds * 1000 + 60_000);
  if (!created) return false;
  schedule(deps, matchId, timer);
  return true;
}

/** Cancels the match's countdown (any process); true if there was one. */
export async function abortTimer(deps: BanchoDeps, matchId: number): Promise<boolean> {
  const existing = await readTimer(deps, matchId);
  await deps.state.kvDelete(timerKey(matchId));
  return existing !== undefined;
}

export async function remainingSeconds(deps: BanchoDeps, matchId: number): Promise<number | null> {
  const t = await readTimer(deps, matchId);
  return t ? Math.max(0, Math.ceil((t.deadline - deps.clock.now()) / 1000)) : null;
}

/** `below`: the last announced value, so announcements strictly decrease whatever the clock does. */
function schedule(deps: BanchoDeps, matchId: number, timer: StoredTimer, below = Infinity): void {
  const remaining = timer.deadline - deps.clock.now();
  const next = ANNOUNCE_AT.find((s) => s * 1000 < remaining && s < below);
  const wait = next === undefined ? remaining : remaining - next * 1000;
  const handle = setTimeout(() => {
    void tick(deps, matchId, timer, next).catch((err: unknown) => deps.log.warn('match timer failed', { matchId, err }));
  }, Math.max(0, wait));
  // A countdown never keeps the process alive on shutdown.
  handle.unref();
}

async function tick(deps: BanchoDeps, matchId: number, timer: StoredTimer, announce: number | undefined): Promise<void> {
  const current = await readTimer(deps, matchId);
  if (current?.id !== timer.id) return; // aborted or replaced
  const channel = multiplayerChannelKey(matchId);
  if (announce !== undefined) {
    const what = timer.kind === 'start' ? 'Match starts in' : 'Countdown ends in';
    await botSayInChannel(deps, channel, `${what} ${formatSeconds(announce)}.`);
    schedule(deps, matchId, timer, announce);
    return;
  }
  await deps.state.kvDelete(timerKey(matchId));
  if (timer.kind === 'timer') {
    await botSayInChannel(deps, channel, 'Countdown finished.');
    return;
  }
  const started = await startMatch(deps, matchId, null, null);
  await botSayInChannel(deps, channel, started.ok ? 'Match started. Good luck, have fun!' : `The match could not start: ${started.reason}`);
}

export function formatSeconds(s: number): string {
  if (s >= 60 && s % 60 === 0) return `${s / 60} minute${s === 60 ? '' : 's'}`;
  return `${s} second${s === 1 ? '' : 's'}`;
}
