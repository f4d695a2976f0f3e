/**
 * What a multiplayer rule returns: the new state (or 'delete') plus plain data describing what
 * happened, or a refusal whose reason is shown to the player.
 */
import type { MatchState } from '../../ports/state.js';

/** A rule said no; `reason` is shown to the player as a notification. */
export class MatchRefusal {
  constructor(readonly reason: string) {}
}

export interface MatchChange<R> {
  state: MatchState | 'delete';
  result: R;
}

export type RuleOutcome<R> = MatchChange<R> | MatchRefusal;

export const refuse = (reason: string): MatchRefusal => new MatchRefusal(reason);
