/**
 * The one logout procedure (§4.6), shared by LOGOUT, kicks, `peppy:disconnect`/`ban` and idle
 * expiry: leave match and spectating, leave every channel (counts refreshed), forget the session,
 * and — only when the user has no other session left — drop the presence and tell everyone who
 * could see the user (12 USER_LOGOUT).
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import { Streams, type Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { channelsOf, publishChannelInfo } from '../chat/membership.js';
import { forgetTouch } from '../recent-touches.js';
import { leaveInstances } from './leave-instances.js';

export interface EndSessionOptions {
  /** The session was already removed from live state (claimed by the idle sweep). */
  alreadyRemoved?: boolean;
}

export async function endSession(deps: BanchoDeps, session: Session, opts: EndSessionOptions = {}): Promise<void> {
  forgetTouch(deps.state, session.token);
  try {
    await leaveInstances(deps, session);
  } catch (err) {
    deps.log.warn('leaving match/spectating at logout failed', { userId: session.userId, err });
  }
  let channels: string[] = [];
  if (!opts.alreadyRemoved) {
    channels = await channelsOf(deps, session.token);
    await deps.state.deleteSession(session.token);
  }
  for (const key of channels) await publishChannelInfo(deps, key);
  await userWentOffline(deps, session);
}

/** Broadcasts the quit when no session of the user remains. */
export async function userWentOffline(deps: BanchoDeps, session: Session): Promise<void> {
  const remaining = await deps.state.sessionsOfUser(session.userId);
  if (remaining.length > 0) return;
  await deps.state.deletePresence(session.userId);
  if (isPubliclyVisible(session.privileges)) {
    await deps.state.publish(Streams.main, encodeServer.USER_LOGOUT(session.userId));
  }
}

/** Ends every session of a user (kick, disconnect, ban); returns how many there were. */
export async function endAllSessions(deps: BanchoDeps, userId: number): Promise<number> {
  const sessions = await deps.state.sessionsOfUser(userId);
  for (const s of sessions) await endSession(deps, s);
  return sessions.length;
}
