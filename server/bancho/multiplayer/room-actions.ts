/**
 * The idle-room packets: 38 slot change, 39/55/54/59 own status, 77 team, 40 lock, 41 settings,
 * 51 mods, 90 password, 70 host transfer. Each one is a rule from match-rules.ts applied
 * atomically, then 26 to the match and the lobby.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { SlotStatus } from '../../../protocol/bancho/types.js';
import type { Match } from '../../../protocol/bancho/types.js';
import type { BanchoDeps } from '../context.js';
import { Streams, type Session } from '../../ports/state.js';
import { applyChange } from './apply-change.js';
import { afterRemoval, detachSession } from './leave-match.js';
import { broadcastMatch, recordEvent } from './match-broadcast.js';
import { syncMemberModes } from './match-modes.js';
import {
  changeMods,
  changePassword,
  changeSettings,
  changeSlot,
  setOwnStatus,
  toggleLock,
  toggleTeam,
  transferHost,
} from './match-rules.js';
import type { KnownBeatmap } from './match-rules.js';
import { matchChannelKey } from './match-state.js';
import { isRoomLocked } from './room-lock.js';
import { botSayInChannel } from '../chat/bot-say.js';

type Deps = BanchoDeps;

const TRANSFER_HOST = encodeServer.MATCH_TRANSFER_HOST(null);
const JOIN_FAIL = encodeServer.MATCH_JOIN_FAIL(null);

export async function moveToSlot(deps: Deps, session: Session, slot: number): Promise<void> {
  if (session.matchId === null) return;
  if (await isRoomLocked(deps.state, session.matchId)) {
    await deps.state.send(session.token, encodeServer.NOTIFICATION('A referee locked the slots of this room.'));
    return;
  }
  await applyChange(deps, session.matchId, session.token, (m) => changeSlot(m, session.token, slot));
}

export type IdleStatus = typeof SlotStatus.NotReady | typeof SlotStatus.Ready | typeof SlotStatus.NoMap;

export async function setStatus(deps: Deps, session: Session, status: IdleStatus): Promise<void> {
  if (session.matchId === null) return;
  // Refusals here are races with a game start; the client re-syncs from the next 26.
  await applyChange(deps, session.matchId, null, (m) => setOwnStatus(m, session.token, status));
}

export async function changeTeam(deps: Deps, session: Session): Promise<void> {
  if (session.matchId === null) return;
  if (await isRoomLocked(deps.state, session.matchId)) {
    await deps.state.send(session.token, encodeServer.NOTIFICATION('A referee locked the teams of this room.'));
    return;
  }
  await applyChange(deps, session.matchId, session.token, (m) => toggleTeam(m, session.token));
}

export async function lockSlot(deps: Deps, session: Session, slot: number): Promise<void> {
  if (session.matchId === null) return;
  const matchId = session.matchId;
  const changed = await applyChange(deps, matchId, session.token, (m) => toggleLock(m, session.userId, slot), {
    broadcast: false,
  });
  if (!changed.ok) return;
  const kicked = changed.result.kicked;
  if (kicked !== null && kicked.token !== null) {
    await kickSession(deps, kicked.token, matchId, 'You were removed from the match by the host.');
    await afterRemoval(deps, changed.before, changed.after, kicked.removal);
  } else if (changed.after !== undefined) {
    await broadcastMatch(deps, changed.after);
  }
}

/** A session removed by someone else: out of streams and chat, then 37 + why. */
export async function kickSession(deps: Deps, token: string, matchId: number, why: string): Promise<void> {
  await detachSession(deps, token, matchId, true);
  await deps.state.send(token, encodeServer.NOTIFICATION(why));
  await deps.state.send(token, JOIN_FAIL);
}

/** Server data for a map by md5 (bpy: trust the server's id and name when it knows the map). */
async function knownBeatmap(deps: Deps, md5: string): Promise<KnownBeatmap | undefined> {
  if (md5 === '') return undefined;
  const row = await deps.storage.beatmaps.findByMd5(md5);
  return row ? { beatmapId: row.beatmapId, beatmapMd5: row.beatmapMd5, name: row.songName } : undefined;
}

export function beatmapLink(deps: Pick<Deps, 'config'>, beatmapId: number, name: string): string {
  return `[https://osu.${deps.config.domain}/b/${beatmapId} ${name}]`;
}

export async function changeMatchSettings(deps: Deps, session: Session, req: Match): Promise<void> {
  if (session.matchId === null) return;
  const known = req.beatmapId === -1 ? undefined : await knownBeatmap(deps, req.beatmapMd5);
  const changed = await applyChange(deps, session.matchId, session.token, (m) => changeSettings(m, session.userId, req, known));
  if (!changed.ok || changed.after === undefined) return;
  const r = changed.result;
  if (r.newMap !== null) await botSayInChannel(deps, matchChannelKey(changed.after.id), `Selected: ${beatmapLink(deps, r.newMap.beatmapId, r.newMap.name)}`);
  if (r.modeMayHaveChanged) await syncMemberModes(deps, changed.after);
}

export async function changeMatchMods(deps: Deps, session: Session, mods: number): Promise<void> {
  if (session.matchId === null) return;
  const changed = await applyChange(deps, session.matchId, session.token, (m) => changeMods(m, session.userId, session.token, mods));
  if (changed.ok && changed.after !== undefined) await syncMemberModes(deps, changed.after);
}

export async function changeMatchPassword(deps: Deps, session: Session, password: string): Promise<void> {
  if (session.matchId === null) return;
  const changed = await applyChange(deps, session.matchId, session.token, (m) => changePassword(m, session.userId, password));
  // bpy: members also get 91 with the new password (the lobby only ever sees it hidden).
  if (changed.ok && changed.after !== undefined) {
    await deps.state.publish(Streams.match(changed.after.id), encodeServer.MATCH_CHANGE_PASSWORD(changed.after.password ?? ''));
  }
}

export async function transferMatchHost(deps: Deps, session: Session, slot: number): Promise<void> {
  if (session.matchId === null) return;
  const changed = await applyChange(deps, session.matchId, session.token, (m) => transferHost(m, session.userId, slot));
  if (!changed.ok) return;
  await announceNewHost(deps, changed.before.dbId, changed.result);
}

export async function announceNewHost(deps: Deps, dbId: number, host: { userId: number; token: string | null }): Promise<void> {
  if (host.token !== null) await deps.state.send(host.token, TRANSFER_HOST);
  await recordEvent(deps, dbId, 'MATCH_HOST_ASSIGNMENT', host.userId);
}
