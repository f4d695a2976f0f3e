/**
 * After every committed change: 26 to the match (real password) and to the lobby (password hidden:
 * `0B 00` when set, never the text — §1.6 password rule, fixing rs's leak). Also the history rows,
 * written best-effort: a failing history insert is logged and never breaks the running match.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { toWireMatch } from './match-state.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'clock' | 'log'>;

export function matchUpdatePacket(m: MatchState, hidePassword: boolean): Buffer {
  return encodeServer.UPDATE_MATCH(toWireMatch(m), { hidePassword });
}

export async function broadcastMatch(deps: Deps, m: MatchState): Promise<void> {
  await Promise.all([
    deps.state.publish(Streams.match(m.id), matchUpdatePacket(m, false)),
    deps.state.publish(Streams.lobby, matchUpdatePacket(m, true)),
  ]);
}

export type MatchEventType =
  | 'MATCH_CREATION'
  | 'MATCH_DISBAND'
  | 'MATCH_USER_JOIN'
  | 'MATCH_USER_LEFT'
  | 'MATCH_HOST_ASSIGNMENT'
  | 'MATCH_GAME_PLAYTHROUGH';

export async function recordEvent(
  deps: Deps,
  dbMatchId: number,
  eventType: MatchEventType,
  userId: number | null,
  gameId: number | null = null,
): Promise<void> {
  try {
    await deps.storage.matches.addEvent({
      matchId: dbMatchId,
      gameId,
      userId,
      eventType,
      timestamp: Math.floor(deps.clock.now() / 1000),
    });
  } catch (err) {
    deps.log.error('match history event not recorded', { dbMatchId, eventType, userId, err });
  }
}

/** Runs a history write, logging instead of failing the packet. */
export async function bestEffort(deps: Deps, what: string, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    deps.log.error(`match history: ${what} failed`, { err });
  }
}
