/**
 * Sends what a change did to the running game (match-rules.ts `GameProgress`) to the players:
 * 53 when everyone loaded, 61 when everyone skipped, and at the end 58, the playing stream
 * emptied and the `match_games` row closed. Shared by load/skip/complete and by leaving/kicking,
 * since a player leaving mid-game can be what completes the game.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import type { GameProgress } from './match-rules.js';
import { bestEffort } from './match-broadcast.js';

type Deps = Pick<BanchoDeps, 'state' | 'storage' | 'clock' | 'log'>;

const ALL_LOADED = encodeServer.MATCH_ALL_PLAYERS_LOADED(null);
const SKIP = encodeServer.MATCH_SKIP(null);
const COMPLETE = encodeServer.MATCH_COMPLETE(null);

/** Game packets go to the players and to tournament clients watching the match. */
export async function publishToGame(deps: Pick<Deps, 'state'>, matchId: number, packet: Uint8Array): Promise<void> {
  await Promise.all([
    deps.state.publish(Streams.playing(matchId), packet),
    deps.state.publish(Streams.matchWatchers(matchId), packet),
  ]);
}

export async function announceProgress(deps: Deps, before: MatchState, progress: GameProgress): Promise<void> {
  if (progress.allLoaded) await publishToGame(deps, before.id, ALL_LOADED);
  if (progress.allSkipped) await publishToGame(deps, before.id, SKIP);
  if (progress.finished) {
    await publishToGame(deps, before.id, COMPLETE);
    await endGame(deps, before);
  }
}

/** Empties the playing stream and stamps the game row's end time. */
export async function endGame(deps: Deps, m: MatchState): Promise<void> {
  const playing = Streams.playing(m.id);
  for (const token of await deps.state.streamMembers(playing)) await deps.state.unsubscribe(token, playing);
  const gameId = m.currentGameId;
  if (gameId !== null) {
    await bestEffort(deps, 'end game', () => deps.storage.matches.endGame(gameId, Math.floor(deps.clock.now() / 1000)));
  }
}
