/**
 * The multiplayer rules (shared/spec/bancho-protocol.md §4.4) as pure functions
 * `MatchState → change | refusal`. Use-cases run them inside `state.updateMatch`, so every change is
 * atomic, and because they are pure the Redis adapter may re-run them on a conflict. What the
 * use-case must do afterwards (packets, history rows) is returned as plain data.
 *
 * This file gathers them: rules-membership.ts (seat, leave), rules-room.ts (the idle room),
 * rules-game.ts (the running game), rule-outcome.ts (what a rule returns).
 *
 * Choices where the references disagree (documented in server/bancho/multiplayer/README.md):
 * slot moves only into Open slots (bpy); locking an occupied slot kicks its occupant (rs); map
 * changes unready Ready players (bpy); team-type changes reset teams (bpy); only the host (or a
 * referee) changes speed mods in freemod (bpy).
 */
export * from './rule-outcome.js';
export * from './rules-game.js';
export * from './rules-membership.js';
export * from './rules-room.js';
