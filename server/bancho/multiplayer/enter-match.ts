/**
 * 31 CREATE_MATCH and 32 JOIN_MATCH. Every refusal answers 37 MATCH_JOIN_FAIL plus a notification
 * saying why (rs sends no 37 and the client hangs — §9). A session enters a match by: leaving the
 * lobby stream (so it never gets the password-hidden 26 on top of the real one), joining the
 * match stream and `#multiplayer` chat (64), then 36 with the real password.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { Match } from '../../../protocol/bancho/types.js';
import { isPubliclyVisible, isStaff } from '../../domain/privileges.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, Session } from '../../ports/state.js';
import { Streams } from '../../ports/state.js';
import { botSayInChannel } from '../chat/bot-say.js';
import { leaveChannel } from '../chat/membership.js';
import { LOBBY_CHANNEL } from '../chat/channel-names.js';
import { changeMatch } from './change-match.js';
import { joinInstanceChannel } from './instance-channel.js';
import { detachSession, leaveMatch } from './leave-match.js';
import { broadcastMatch, recordEvent, bestEffort } from './match-broadcast.js';
import { syncMemberModes } from './match-modes.js';
import { invalidMatchRequest, MatchRefusal, seatPlayer } from './match-rules.js';
import { ALL_MODS, defaultTeam, emptySlot, MATCH_CHANNEL_DISPLAY, matchChannelKey, SLOT_COUNT, toWireMatch } from './match-state.js';

type Deps = BanchoDeps;

const JOIN_FAIL = encodeServer.MATCH_JOIN_FAIL(null);

/** Marker of a private match history in the password field (bpy); removed from the password. */
export const PRIVATE_SUFFIX = '//private';

async function refuseJoin(deps: Deps, session: Session, reason: string): Promise<Session> {
  await deps.state.send(session.token, encodeServer.NOTIFICATION(reason));
  await deps.state.send(session.token, JOIN_FAIL);
  return session;
}

function silenced(deps: Deps, session: Session): boolean {
  return session.silenceEnd > Math.floor(deps.clock.now() / 1000);
}

/** Subscriptions and packets of a session that just took a slot. */
async function attach(deps: Deps, session: Session, m: MatchState): Promise<Session> {
  const updated = (await deps.state.updateSession(session.token, { matchId: m.id, inLobby: false })) ?? {
    ...session,
    matchId: m.id,
    inLobby: false,
  };
  await deps.state.unsubscribe(session.token, Streams.lobby);
  // bpy: entering a match leaves the lobby chat too (no longer in the lobby, so no way back in).
  if (await leaveChannel(deps, session.token, LOBBY_CHANNEL)) await deps.state.send(session.token, encodeServer.CHANNEL_KICK(LOBBY_CHANNEL));
  await deps.state.subscribe(session.token, Streams.match(m.id));
  await joinInstanceChannel(deps.state, session.token, matchChannelKey(m.id), MATCH_CHANNEL_DISPLAY);
  await deps.state.send(session.token, encodeServer.MATCH_JOIN_SUCCESS(toWireMatch(m)));
  return updated;
}

export async function createMatch(deps: Deps, session: Session, req: Match): Promise<Session> {
  if (!isPubliclyVisible(session.privileges)) return refuseJoin(deps, session, 'Your account is restricted: multiplayer is not available.');
  if (silenced(deps, session)) return refuseJoin(deps, session, 'You are silenced and cannot create a match.');
  const invalid = invalidMatchRequest(req);
  if (invalid !== null) return refuseJoin(deps, session, invalid);
  const name = req.name.trim();
  if (session.matchId !== null) session = await leaveMatch(deps, session);

  let password = req.password ?? '';
  let privateHistory = false;
  if (password.endsWith(PRIVATE_SUFFIX)) {
    privateHistory = true;
    password = password.slice(0, -PRIVATE_SUFFIX.length);
  }
  const now = deps.clock.now();
  const dbId = await deps.storage.matches.create(name, privateHistory, Math.floor(now / 1000));

  const slots = Array.from({ length: SLOT_COUNT }, (_, i) =>
    i > 0 && req.slots[i]?.status === SlotStatus.Locked ? emptySlot(SlotStatus.Locked) : emptySlot(),
  );
  slots[0] = {
    ...emptySlot(SlotStatus.NotReady),
    userId: session.userId,
    token: session.token,
    team: defaultTeam(req.teamType),
    mods: req.freemod ? (req.slots[0]?.mods ?? 0) & ALL_MODS : 0,
  };
  let m: MatchState;
  try {
    m = await deps.state.createMatch({
      dbId,
      name,
      password: password === '' ? null : password,
      privateHistory,
      inProgress: false,
      mods: req.mods & ALL_MODS,
      beatmapName: req.beatmapName,
      beatmapId: req.beatmapId,
      beatmapMd5: req.beatmapMd5,
      previousBeatmapId: req.beatmapId,
      hostId: session.userId,
      mode: req.mode,
      winCondition: req.winCondition,
      teamType: req.teamType,
      freemod: req.freemod,
      seed: req.seed,
      slots,
      refereeIds: [],
      currentGameId: null,
      createdAt: now,
    });
  } catch (err) {
    deps.log.warn('match could not be created', { userId: session.userId, err });
    await bestEffort(deps, 'end unborn match', () => deps.storage.matches.end(dbId, Math.floor(now / 1000)));
    return refuseJoin(deps, session, 'No match can be created right now (too many matches); try again later.');
  }
  const updated = await attach(deps, session, m);
  await deps.state.publish(Streams.lobby, encodeServer.NEW_MATCH(toWireMatch(m), { hidePassword: true }));
  // bpy: the bot names the creator in the new match's chat.
  await botSayInChannel(deps, matchChannelKey(m.id), `Match created by ${session.username}.`);
  await recordEvent(deps, dbId, 'MATCH_CREATION', session.userId);
  await recordEvent(deps, dbId, 'MATCH_USER_JOIN', session.userId);
  await recordEvent(deps, dbId, 'MATCH_HOST_ASSIGNMENT', session.userId);
  await syncMemberModes(deps, m);
  return updated;
}

export async function joinMatch(deps: Deps, session: Session, matchId: number, password: string): Promise<Session> {
  if (!isPubliclyVisible(session.privileges)) return refuseJoin(deps, session, 'Your account is restricted: multiplayer is not available.');
  if (silenced(deps, session)) return refuseJoin(deps, session, 'You are silenced and cannot join a match.');
  const existing = await deps.state.getMatch(matchId);
  if (!existing) return refuseJoin(deps, session, 'That match does not exist any more.');
  if (session.matchId === matchId && existing.slots.some((s) => s.token === session.token)) {
    // The client asked again for the match it is in: repeat the success, change nothing.
    await deps.state.send(session.token, encodeServer.MATCH_JOIN_SUCCESS(toWireMatch(existing)));
    return session;
  }
  if ((await deps.state.subscriptions(session.token)).includes(Streams.matchWatchers(matchId))) {
    return refuseJoin(deps, session, 'You are watching this match with a tournament client.');
  }
  // A referee of this very room (no slot yet) takes a seat without leaving it first.
  if (session.matchId !== null && session.matchId !== matchId) session = await leaveMatch(deps, session);
  const bypass = isStaff(session.privileges);
  const changed = await changeMatch(deps.state, matchId, (m) => {
    if (!bypass && m.password !== null && m.password !== password) return new MatchRefusal('Wrong match password.');
    return seatPlayer(m, session.userId, session.token);
  });
  if (!changed.ok) return refuseJoin(deps, session, changed.reason);
  const m = changed.after!;
  for (const ghost of changed.result.evictedTokens) {
    await detachSession(deps, ghost, matchId, true);
    await deps.state.send(ghost, encodeServer.NOTIFICATION('You joined this match from another client.'));
    await deps.state.send(ghost, JOIN_FAIL);
  }
  const updated = await attach(deps, session, m);
  await broadcastMatch(deps, m);
  await recordEvent(deps, m.dbId, 'MATCH_USER_JOIN', session.userId);
  await syncMemberModes(deps, m);
  return updated;
}
