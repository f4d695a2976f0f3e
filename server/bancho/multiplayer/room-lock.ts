/**
 * `!mp lock`: a referee freezes slot and team changes of a room. Kept as a state kv flag (shared
 * by every process) rather than a MatchState field; cleared when the room is disposed, since
 * in-game ids are reused.
 */
import type { LiveState } from '../../ports/state.js';

const lockKey = (matchId: number): string => `mp:locked:${matchId}`;
const DAY_MS = 24 * 3600_000;

export const lockRoom = (state: LiveState, matchId: number): Promise<void> => state.kvSet(lockKey(matchId), '1', DAY_MS);
export const unlockRoom = (state: LiveState, matchId: number): Promise<void> => state.kvDelete(lockKey(matchId));
export const isRoomLocked = async (state: LiveState, matchId: number): Promise<boolean> =>
  (await state.kvGet(lockKey(matchId))) !== undefined;
