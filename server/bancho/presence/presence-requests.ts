/**
 * Answers to the client asking about other users (85, 97, 98). Online, visible users get their
 * 83/11; ids that are offline or restricted get a 12 USER_LOGOUT so the client drops them (rs).
 * Restricted users remain visible to themselves.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { ClientPrivileges } from '../../../protocol/bancho/types.js';
import type { Presence, Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { presencePacket, statsPacket } from './encode-user.js';

/** Lists longer than this are cut (the client asks for at most a screenful). */
export const MAX_REQUESTED_IDS = 512;

const visibleTo = (p: Presence, session: Session): boolean =>
  (p.clientPrivileges & ClientPrivileges.Player) !== 0 || p.userId === session.userId;

async function lookup(deps: BanchoDeps, ids: readonly number[]): Promise<Map<number, Presence>> {
  const unique = [...new Set(ids.slice(0, MAX_REQUESTED_IDS))];
  const found = await deps.state.getPresences(unique);
  return new Map(found.map((p) => [p.userId, p]));
}

/** USER_STATS_REQUEST (85): 11 per requested online user, except the requester (bpy). */
export async function answerStatsRequest(deps: BanchoDeps, session: Session, ids: readonly number[], reply: (d: Uint8Array) => void): Promise<void> {
  const wanted = ids.filter((id) => id !== session.userId);
  if (wanted.length === 0) return;
  const presences = await lookup(deps, wanted);
  for (const id of new Set(wanted.slice(0, MAX_REQUESTED_IDS))) {
    const p = presences.get(id);
    reply(p && visibleTo(p, session) ? statsPacket(p) : encodeServer.USER_LOGOUT(id));
  }
}

/** USER_PRESENCE_REQUEST (97): 83 per requested online user. */
export async function answerPresenceRequest(deps: BanchoDeps, session: Session, ids: readonly number[], reply: (d: Uint8Array) => void): Promise<void> {
  const presences = await lookup(deps, ids);
  for (const id of new Set(ids.slice(0, MAX_REQUESTED_IDS))) {
    const p = presences.get(id);
    reply(p && visibleTo(p, session) ? presencePacket(p) : encodeServer.USER_LOGOUT(id));
  }
}

/** USER_PRESENCE_REQUEST_ALL (98): 83 for every visible online user and the bot. */
export async function answerPresenceRequestAll(deps: BanchoDeps, session: Session, reply: (d: Uint8Array) => void): Promise<void> {
  const ids = await onlineIdsWithBot(deps);
  const presences = await deps.state.getPresences(ids);
  for (const p of presences) if (visibleTo(p, session)) reply(presencePacket(p));
}

/** Online user ids plus the bot (always online), without duplicates. */
export async function onlineIdsWithBot(deps: BanchoDeps): Promise<number[]> {
  const ids = await deps.state.onlineUserIds();
  if (!ids.includes(deps.config.botUserId)) ids.push(deps.config.botUserId);
  return ids;
}
