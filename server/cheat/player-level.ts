/**
 * Re-evaluates a player's cheat level from their flags in the rolling window and applies the
 * actions a rise triggers (cheat-detection.md §5.2): watchlist (rap_logs), moderator report
 * (staff webhook), shadow (level >= shadowLevel: the leaderboards hide new scores; read with
 * `CheatStore.usersAtLevel`), restriction with cascade (privileges, peppy:ban, flags
 * blacklisted). Levels never fall automatically; every action is logged with its reason.
 */
import { accountPrior, actionsForRise, computeLevel, cumulativeCounts, nextLevel, type LevelAction, type LevelDecision } from '../../compute/cheat/levels.js';
import type { CheatStore } from '../ports/cheat-store.js';
import type { Clock } from '../ports/clock.js';
import type { UserRow } from '../ports/storage.js';
import { DEFAULT_CHEAT_SETTINGS, type CheatSettings } from './settings.js';

export interface LevelDeps {
  cheat: CheatStore;
  clock: Clock;
  findUser(userId: number): Promise<UserRow | undefined>;
  /** Total plays of the player (account prior). */
  playcount(userId: number): Promise<number>;
  /** Restriction use-case (server/web/restrict-gate.ts's restrictForGate, or s8-staff's). */
  restrict(user: UserRow, reason: string): Promise<void>;
  /** Moderator report (staff webhook); must not throw. */
  report(text: string): Promise<void>;
  settings?: CheatSettings;
}

const DAY = 86400;

export async function updatePlayerLevel(deps: LevelDeps, userId: number): Promise<LevelDecision & { actions: LevelAction[] }> {
  const settings = deps.settings ?? DEFAULT_CHEAT_SETTINGS;
  const c = settings.levels;
  const now = Math.floor(deps.clock.now() / 1000);
  const user = await deps.findUser(userId);
  const current = (await deps.cheat.getLevel(userId))?.level ?? 0;
  const flags = await deps.cheat.activeFlags(userId, now - c.windowDays * DAY);
  const counts = cumulativeCounts(flags.map((f) => f.flagClass));
  const prior = user ? accountPrior({ accountAgeDays: (now - user.registerDatetime) / DAY, playcount: await deps.playcount(userId), whitelisted: user.whitelist !== 0 }) : 0;
  const decision = nextLevel(current, computeLevel(counts, prior, c));
  if (decision.level === current) return { ...decision, actions: [] };
  const why = `${decision.why} (A ${counts.A}, B ${counts.B}, C ${counts.C}, D ${counts.D} in ${c.windowDays} days; prior ${prior.toFixed(2)})`;
  await deps.cheat.setLevel({ userId, level: decision.level, reason: why, updatedAt: now });
  await deps.cheat.logAction(userId, `cheat level ${current} -> ${decision.level}: ${why}`, now);
  const actions = actionsForRise(current, decision.level, c);
  for (const action of actions) {
    switch (action) {
      case 'watchlist':
        await deps.cheat.logAction(userId, 'cheat watchlist: every replay of this player is analysed', now);
        break;
      case 'report':
        await deps.report(`Cheat level ${decision.level} for user ${userId}${user ? ` (${user.username})` : ''}: ${why}\n${flags.slice(-5).map((f) => `score ${f.scoreId}: p ${f.probability.toFixed(3)} ${f.explanation.split('\n')[0] ?? ''}`).join('\n')}`);
        await deps.cheat.logAction(userId, 'cheat report sent to moderators', now);
        break;
      case 'shadow':
        await deps.cheat.logAction(userId, 'cheat shadow: new scores hidden from global leaderboards pending review', now);
        break;
      case 'restrict': {
        const blacklisted = await deps.cheat.blacklistFlags(userId, now - c.windowDays * DAY);
        if (user) await deps.restrict(user, `Hayate cheat checks: level ${decision.level} (${decision.why})`);
        await deps.cheat.logAction(userId, `cheat restriction: ${blacklisted} flagged score(s) of the last ${c.windowDays} days blacklisted`, now);
        break;
      }
    }
  }
  return { ...decision, actions };
}
