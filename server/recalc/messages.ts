/**
 * Job messages on the recalc queues (JSON, version 1), and the performance-service `rework_queue`
 * body (pp-compute.md §4.3). Decoders never throw anything but `PoisonMessageError`, so a
 * malformed message is dead-lettered with the reason instead of being retried forever.
 *
 *   hayate.recalc.scores  one per (beatmap md5 × playstyle): recompute those scores' pp
 *   hayate.recalc.users   one per (user × playstyle × mode): re-mark bests, totals, leaderboards
 */
import type { Playstyle, VanillaMode } from '../../protocol/osu/modes.js';
import { isVanillaMode } from '../../protocol/osu/modes.js';
import { PoisonMessageError } from '../ports/queue.js';
import { CALCULATOR_IDS, type CalculatorId } from '../../compute/pp/calculator.js';

export const SCORES_QUEUE = 'hayate.recalc.scores';
export const USERS_QUEUE = 'hayate.recalc.users';
/** performance-service's queue name (declared non-durable by Akatsuki). */
export const REWORK_QUEUE = 'rework_queue';

export interface ScoreFilterParams {
  mode?: VanillaMode;
  userId?: number;
  modsAll?: number;
}

export interface ScoreJobMessage {
  v: 1;
  kind: 'scores';
  job: string;
  playstyle: Playstyle;
  md5: string;
  filter: ScoreFilterParams;
  calculator?: CalculatorId;
}

export interface UserJobMessage {
  v: 1;
  kind: 'user';
  job: string;
  playstyle: Playstyle;
  userId: number;
  mode: VanillaMode;
}

export const scoreUnit = (m: Pick<ScoreJobMessage, 'playstyle' | 'md5'>): string => `${m.playstyle}:${m.md5}`;
export const userUnit = (m: Pick<UserJobMessage, 'playstyle' | 'userId' | 'mode'>): string => `${m.playstyle}:${m.userId}:${m.mode}`;

const PLAYSTYLES: readonly string[] = ['vanilla', 'relax', 'autopilot'];
const MD5 = /^[0-9a-f]{32}$/;

export function encodeJob(m: ScoreJobMessage | UserJobMessage): Buffer {
  return Buffer.from(JSON.stringify(m));
}

function parse(body: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new PoisonMessageError('recalc job: body is not JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new PoisonMessageError('recalc job: body is not an object');
  const o = v as Record<string, unknown>;
  if (o.v !== 1) throw new PoisonMessageError(`recalc job: unknown version ${JSON.stringify(o.v)}`);
  if (typeof o.job !== 'string' || o.job === '' || o.job.length > 64) throw new PoisonMessageError('recalc job: missing job id');
  if (typeof o.playstyle !== 'string' || !PLAYSTYLES.includes(o.playstyle)) throw new PoisonMessageError('recalc job: bad playstyle');
  return o;
}

const isId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 2 ** 31 - 1;

export function decodeScoreJob(body: Buffer): ScoreJobMessage {
  const o = parse(body);
  if (o.kind !== 'scores') throw new PoisonMessageError('recalc job: not a scores job');
  if (typeof o.md5 !== 'string' || !MD5.test(o.md5)) throw new PoisonMessageError('recalc job: bad md5');
  const f = (o.filter ?? {}) as Record<string, unknown>;
  if (typeof f !== 'object') throw new PoisonMessageError('recalc job: bad filter');
  const filter: ScoreFilterParams = {};
  if (f.mode !== undefined) {
    if (typeof f.mode !== 'number' || !isVanillaMode(f.mode)) throw new PoisonMessageError('recalc job: bad filter.mode');
    filter.mode = f.mode;
  }
  if (f.userId !== undefined) {
    if (!isId(f.userId)) throw new PoisonMessageError('recalc job: bad filter.userId');
    filter.userId = f.userId;
  }
  if (f.modsAll !== undefined) {
    if (typeof f.modsAll !== 'number' || !Number.isInteger(f.modsAll) || f.modsAll < 0) throw new PoisonMessageError('recalc job: bad filter.modsAll');
    filter.modsAll = f.modsAll;
  }
  let calculator: CalculatorId | undefined;
  if (o.calculator !== undefined) {
    if (typeof o.calculator !== 'string' || !(CALCULATOR_IDS as readonly string[]).includes(o.calculator)) throw new PoisonMessageError('recalc job: unknown calculator');
    calculator = o.calculator as CalculatorId;
  }
  return { v: 1, kind: 'scores', job: o.job as string, playstyle: o.playstyle as Playstyle, md5: o.md5, filter, ...(calculator ? { calculator } : {}) };
}

export function decodeUserJob(body: Buffer): UserJobMessage {
  const o = parse(body);
  if (o.kind !== 'user') throw new PoisonMessageError('recalc job: not a user job');
  if (!isId(o.userId)) throw new PoisonMessageError('recalc job: bad userId');
  if (typeof o.mode !== 'number' || !isVanillaMode(o.mode)) throw new PoisonMessageError('recalc job: bad mode');
  return { v: 1, kind: 'user', job: o.job as string, playstyle: o.playstyle as Playstyle, userId: o.userId, mode: o.mode };
}

/** performance-service's `QueueRequest` as rkyv 0.7 lays it out: int32 LE user_id, int32 LE rework_id. */
export interface ReworkQueueRequest {
  userId: number;
  reworkId: number;
}

export function encodeReworkRequest(r: ReworkQueueRequest): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32LE(r.userId, 0);
  b.writeInt32LE(r.reworkId, 4);
  return b;
}

export function decodeReworkRequest(body: Buffer): ReworkQueueRequest {
  if (body.length !== 8) throw new PoisonMessageError(`rework_queue: expected 8 bytes, got ${body.length}`);
  const userId = body.readInt32LE(0);
  const reworkId = body.readInt32LE(4);
  if (userId <= 0 || reworkId <= 0) throw new PoisonMessageError(`rework_queue: bad ids user ${userId} rework ${reworkId}`);
  return { userId, reworkId };
}
