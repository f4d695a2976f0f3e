/**
 * Spectating (§4.3). A host's group = the sessions subscribed to `Streams.spectators(hostToken)`
 * (each with `session.spectating = hostToken`) plus the instance chat `#spectator_<host token>`,
 * which exists from the first spectator to the last; the host is a member of that chat while it
 * exists. The host is not in its own spectators stream, so frames and 42/43 never echo back.
 *
 * Exported for G1's logout/expiry: `stopSpectating(deps, session)` and
 * `closeSpectatorGroup(deps, hostSession)`.
 */
import { encodeRawPacket, encodeServer } from '../../../protocol/bancho/writer.js';
import { ServerPacketId } from '../../../protocol/bancho/ids.js';
import { ReplayAction } from '../../../protocol/bancho/types.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import type { BanchoDeps } from '../context.js';
import type { Session, SessionToken } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { SPECTATOR_DISPLAY as SPECTATOR_CHANNEL_DISPLAY, spectatorChannelKey } from '../chat/channel-names.js';
import { closeInstanceChannel, joinInstanceChannel, leaveInstanceChannel } from '../multiplayer/instance-channel.js';

type Deps = Pick<BanchoDeps, 'state' | 'config' | 'log'>;

export { SPECTATOR_DISPLAY as SPECTATOR_CHANNEL_DISPLAY, spectatorChannelKey } from '../chat/channel-names.js';

/**
 * The answer that makes a client stop spectating (rs): a 15 whose action is WatchingOther and
 * whose `extra` is the requester's own id, plus a notification saying why.
 */
function refusal(userId: number, why: string): Buffer {
  const stop = encodeServer.SPECTATE_FRAMES({
    extra: userId,
    frames: [],
    action: ReplayAction.WatchingOther,
    scoreFrame: {
      time: 0,
      slotId: 0,
      count300: 0,
      count100: 0,
      count50: 0,
      countGeki: 0,
      countKatu: 0,
      countMiss: 0,
      totalScore: 0,
      maxCombo: 0,
      currentCombo: 0,
      perfect: false,
      currentHp: 0,
      tagByte: 0,
      scoreV2: false,
    },
    sequence: 0,
  });
  return Buffer.concat([stop, encodeServer.NOTIFICATION(why)]);
}

/** The host session of a user: the most recently active one (rs). */
async function hostSessionOf(deps: Deps, userId: number): Promise<Session | undefined> {
  const sessions = await deps.state.sessionsOfUser(userId);
  let best: Session | undefined;
  for (const s of sessions) if (best === undefined || s.lastSeenAt > best.lastSeenAt) best = s;
  return best;
}

/** 16 START_SPECTATING. Returns the updated session. */
export async function startSpectating(deps: Deps, session: Session, targetUserId: number): Promise<Session> {
  const { state } = deps;
  if (!isPubliclyVisible(session.privileges)) {
    await state.send(session.token, refusal(session.userId, 'Your account is restricted: you cannot spectate.'));
    return session;
  }
  if (targetUserId === deps.config.botUserId) {
    await state.send(session.token, refusal(session.userId, `${deps.config.botName} is a bot; there is nothing to watch.`));
    return session;
  }
  if (targetUserId === session.userId) {
    await state.send(session.token, refusal(session.userId, 'You cannot spectate yourself.'));
    return session;
  }
  const host = await hostSessionOf(deps, targetUserId);
  if (!host) {
    await state.send(session.token, encodeServer.NOTIFICATION('That user is not online.'));
    return session;
  }
  if (!isPubliclyVisible(host.privileges)) {
    // Restricted users are invisible: make the client forget them.
    await state.send(session.token, Buffer.concat([encodeServer.USER_LOGOUT(targetUserId), encodeServer.NOTIFICATION('That user is not online.')]));
    return session;
  }
  const stream = Streams.spectators(host.token);
  if (session.spectating === host.token) {
    // Re-request (after downloading the map): only re-announce.
    await state.send(host.token, encodeServer.SPECTATOR_JOINED(session.userId));
    await state.publish(stream, encodeServer.FELLOW_SPECTATOR_JOINED(session.userId), { exclude: [session.token] });
    return session;
  }
  if (session.spectating !== null) session = await stopSpectating(deps, session);

  const existing = await state.streamMembers(stream);
  const key = spectatorChannelKey(host.token);
  if (existing.length === 0) {
    // First spectator: the host joins the group's chat.
    await joinInstanceChannel(state, host.token, key, SPECTATOR_CHANNEL_DISPLAY);
  }
  await state.publish(stream, encodeServer.FELLOW_SPECTATOR_JOINED(session.userId));
  await state.subscribe(session.token, stream);
  const updated = (await state.updateSession(session.token, { spectating: host.token })) ?? { ...session, spectating: host.token };
  await joinInstanceChannel(state, session.token, key, SPECTATOR_CHANNEL_DISPLAY);
  const fellows = await fellowUserIds(deps, existing.filter((t) => t !== session.token));
  if (fellows.length > 0) await state.send(session.token, Buffer.concat(fellows.map((id) => encodeServer.FELLOW_SPECTATOR_JOINED(id))));
  await state.send(host.token, encodeServer.SPECTATOR_JOINED(session.userId));
  return updated;
}

async function fellowUserIds(deps: Deps, tokens: readonly SessionToken[]): Promise<number[]> {
  const ids: number[] = [];
  for (const t of tokens) {
    const s = await deps.state.getSession(t);
    if (s) ids.push(s.userId);
  }
  return ids;
}

/** 17 STOP_SPECTATING (and logout). No-op when not spectating. Returns the updated session. */
export async function stopSpectating(deps: Pick<Deps, 'state'>, session: Session): Promise<Session> {
  const hostToken = session.spectating;
  if (hostToken === null) return session;
  const { state } = deps;
  const stream = Streams.spectators(hostToken);
  await state.unsubscribe(session.token, stream);
  const updated = (await state.updateSession(session.token, { spectating: null })) ?? { ...session, spectating: null };
  const key = spectatorChannelKey(hostToken);
  await leaveInstanceChannel(state, session.token, key, SPECTATOR_CHANNEL_DISPLAY, true);
  await state.send(hostToken, encodeServer.SPECTATOR_LEFT(session.userId));
  await state.publish(stream, encodeServer.FELLOW_SPECTATOR_LEFT(session.userId));
  if ((await state.streamSize(stream)) === 0) {
    // Last one out: the host leaves the group's chat and the group is gone.
    await closeInstanceChannel(state, key, SPECTATOR_CHANNEL_DISPLAY);
  }
  return updated;
}

/** The host logs out: every spectator is let go and the chat closes (66 to everyone in it);
 * their clients stop watching on the host's 12 USER_LOGOUT. */
export async function closeSpectatorGroup(deps: Pick<Deps, 'state'>, hostSession: Session): Promise<void> {
  const { state } = deps;
  const stream = Streams.spectators(hostSession.token);
  const key = spectatorChannelKey(hostSession.token);
  for (const token of await state.streamMembers(stream)) {
    await state.unsubscribe(token, stream);
    await state.updateSession(token, { spectating: null });
  }
  await closeInstanceChannel(state, key, SPECTATOR_CHANNEL_DISPLAY);
}

/** 18 SPECTATE_FRAMES: relayed as 15 with the identical payload bytes to the host's spectators. */
export async function relayFrames(deps: Pick<Deps, 'state'>, session: Session, raw: Uint8Array): Promise<void> {
  // The host is never a member of its own spectators stream, so the sender is excluded by
  // construction and the publish needs no filter (this is the hot path of spectating).
  await deps.state.publish(Streams.spectators(session.token), encodeRawPacket(ServerPacketId.SPECTATE_FRAMES, raw));
}

/** 21 CANT_SPECTATE: the host and the other spectators learn who lacks the map (22). */
export async function cantSpectate(deps: Pick<Deps, 'state'>, session: Session): Promise<void> {
  const hostToken = session.spectating;
  if (hostToken === null) return;
  const packet = encodeServer.SPECTATOR_CANT_SPECTATE(session.userId);
  await deps.state.send(hostToken, packet);
  await deps.state.publish(Streams.spectators(hostToken), packet, { exclude: [session.token] });
}
