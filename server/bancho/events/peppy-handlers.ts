/**
 * What each `peppy:*` event does to live sessions (§5.5). Payloads follow Akatsuki exactly:
 * decimal user ids, JSON `{userID, reason}` / `{userID, message}` / `{userID, newUsername}`, and
 * `"<userID>,<rx>,<gm>"` for wipes.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { Action } from '../../../protocol/bancho/types.js';
import { canLogin, clientPrivilegesOf, isPubliclyVisible } from '../../domain/privileges.js';
import { PeppyChannel } from '../../ports/events.js';
import { Streams } from '../../ports/state.js';
import { EFFECTIVE_MODES, effectiveMode, isVanillaMode, playstyleOf, vanillaOf, type EffectiveModeValue } from '../../../protocol/osu/modes.js';
import { Mods } from '../../../protocol/osu/mods.js';
import type { BanchoDeps } from '../context.js';
import { botDirectMessage } from '../chat/bot-say.js';
import { applySilenceToSessions } from '../chat/silence.js';
import { endAllSessions } from '../logout/end-session.js';
import { safeName } from '../presence/bot.js';
import { broadcastUser } from '../presence/broadcast-user.js';
import { refreshUserStats } from '../presence/refresh-stats.js';
import { clearPendingRename, queueRename } from '../../users/pending-rename.js';

/** A rename that arrived mid-play waits in Akatsuki's shared key (server/users/pending-rename.ts). */
export { pendingUsernameKey } from '../../users/pending-rename.js';

export class PeppyPayloadError extends Error {
  constructor(channel: string, message: string) {
    super(`${channel}: malformed payload ${JSON.stringify(message.slice(0, 200))}`);
    this.name = 'PeppyPayloadError';
  }
}

function userIdOf(channel: string, message: string): number {
  const t = message.trim();
  if (!/^\d{1,10}$/.test(t)) throw new PeppyPayloadError(channel, message);
  return Number(t);
}

function jsonOf(channel: string, message: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(message);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new PeppyPayloadError(channel, message);
}

function intField(channel: string, message: string, obj: Record<string, unknown>, name: string): number {
  const v = obj[name];
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new PeppyPayloadError(channel, message);
  return n;
}

/** Refreshes the privileges cached in every session and the presence of a user. */
async function refreshPrivileges(deps: BanchoDeps, userId: number, privileges: number): Promise<void> {
  for (const s of await deps.state.sessionsOfUser(userId)) await deps.state.updateSession(s.token, { privileges });
  await deps.state.updatePresence(userId, { clientPrivileges: clientPrivilegesOf(privileges) });
}

export const peppyHandlers: Record<string, (deps: BanchoDeps, message: string) => Promise<void>> = {
  async [PeppyChannel.ban](deps, message) {
    const userId = userIdOf(PeppyChannel.ban, message);
    const user = await deps.storage.users.findById(userId);
    if (!user) return;
    // Also published after a mere privilege change (set-privileges, !addbn): a still visible user
    // keeps their leaderboard places and only has the cached privileges refreshed.
    const hidden = !canLogin(user.privileges) || !isPubliclyVisible(user.privileges);
    if (hidden) await deps.leaderboards.removeEverywhere(userId, user.country);
    if (!canLogin(user.privileges)) {
      await endAllSessions(deps, userId);
      return;
    }
    const sessions = await deps.state.sessionsOfUser(userId);
    if (sessions.length === 0) return;
    await refreshPrivileges(deps, userId, user.privileges);
    if (!isPubliclyVisible(user.privileges)) {
      // Everyone else forgets them; they keep playing, unseen.
      await deps.state.publish(Streams.main, encodeServer.USER_LOGOUT(userId), { exclude: sessions.map((s) => s.token) });
      for (const s of sessions) await deps.state.send(s.token, encodeServer.ACCOUNT_RESTRICTED());
      await botDirectMessage(deps, userId, user.username, 'Your account is now restricted: other players cannot see you and your scores are hidden.');
    }
  },

  async [PeppyChannel.unban](deps, message) {
    const userId = userIdOf(PeppyChannel.unban, message);
    const user = await deps.storage.users.findById(userId);
    if (!user || !isPubliclyVisible(user.privileges)) return;
    for (const mode of EFFECTIVE_MODES) {
      const row = await deps.storage.stats.get(userId, mode);
      if (row && row.pp > 0) await deps.leaderboards.set(playstyleOf(mode), vanillaOf(mode), user.country, userId, row.pp);
    }
    if ((await deps.state.sessionsOfUser(userId)).length === 0) return;
    await refreshPrivileges(deps, userId, user.privileges);
    const presence = await deps.state.getPresence(userId);
    if (presence) await broadcastUser(deps, presence, user.privileges, 'presence+stats');
    await botDirectMessage(deps, userId, user.username, 'Your account is no longer restricted.');
  },

  async [PeppyChannel.silence](deps, message) {
    const userId = userIdOf(PeppyChannel.silence, message);
    const user = await deps.storage.users.findById(userId);
    if (!user) return;
    await applySilenceToSessions(deps, userId, user.silenceEnd);
  },

  async [PeppyChannel.disconnect](deps, message) {
    const body = jsonOf(PeppyChannel.disconnect, message);
    const userId = intField(PeppyChannel.disconnect, message, body, 'userID');
    await endAllSessions(deps, userId);
  },

  async [PeppyChannel.notification](deps, message) {
    const body = jsonOf(PeppyChannel.notification, message);
    const userId = intField(PeppyChannel.notification, message, body, 'userID');
    const text = typeof body.message === 'string' ? body.message : '';
    if (text === '') throw new PeppyPayloadError(PeppyChannel.notification, message);
    await deps.state.sendToUser(userId, encodeServer.NOTIFICATION(text));
  },

  async [PeppyChannel.changeUsername](deps, message) {
    const body = jsonOf(PeppyChannel.changeUsername, message);
    const userId = intField(PeppyChannel.changeUsername, message, body, 'userID');
    const newName = typeof body.newUsername === 'string' ? body.newUsername.trim() : '';
    if (newName === '' || newName.length > 32) throw new PeppyPayloadError(PeppyChannel.changeUsername, message);
    const presence = await deps.state.getPresence(userId);
    if (presence && (presence.action === Action.Playing || presence.action === Action.Multiplaying)) {
      // Renaming mid-play would break score submission: queued where rs queues it, applied after
      // the next submission (score-service / Hayate re-publish it) or at the next login.
      await queueRename(deps.sharedKeys, userId, newName);
      return;
    }
    const user = await deps.storage.users.findById(userId);
    if (!user) return;
    const usernameSafe = safeName(newName);
    await deps.storage.users.rename(userId, newName, usernameSafe);
    await clearPendingRename(deps.sharedKeys, userId);
    for (const s of await deps.state.sessionsOfUser(userId)) await deps.state.updateSession(s.token, { username: newName, usernameSafe });
    const updated = await deps.state.updatePresence(userId, { username: newName });
    if (updated) await broadcastUser(deps, updated, user.privileges, 'presence+stats');
  },

  async [PeppyChannel.updateCachedStats](deps, message) {
    await refreshUserStats(deps, userIdOf(PeppyChannel.updateCachedStats, message));
  },

  async [PeppyChannel.wipe](deps, message) {
    const m = /^(\d{1,10}),([012]),([0-3])$/.exec(message.trim());
    if (!m) throw new PeppyPayloadError(PeppyChannel.wipe, message);
    const userId = Number(m[1]);
    const rx = Number(m[2]);
    const gm = Number(m[3]);
    if (!isVanillaMode(gm)) throw new PeppyPayloadError(PeppyChannel.wipe, message);
    const mode: EffectiveModeValue = effectiveMode(gm, rx === 1 ? Mods.Relax : rx === 2 ? Mods.Autopilot : 0);
    const user = await deps.storage.users.findById(userId);
    if (!user) return;
    await deps.leaderboards.remove(playstyleOf(mode), vanillaOf(mode), user.country, userId);
    await refreshUserStats(deps, userId);
  },
};
