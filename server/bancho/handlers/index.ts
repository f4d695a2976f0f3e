/**
 * The dispatch table: one entry per client packet of §2.1, checked by the compiler against the full
 * list (`HandlerTable` is a mapped type over ClientPacketName), so a new packet id cannot be
 * forgotten. Each handler lives in its own file named after the packet.
 *
 * Spectating and multiplayer handlers (G2) sit in the same folder; their use-cases live in
 * ../spectate/ and ../multiplayer/.
 */
import type { ClientPacketName } from '../../../protocol/bancho/ids.js';
import type { ClientPacket } from '../../../protocol/bancho/payloads.js';
import { isPubliclyVisible } from '../../domain/privileges.js';
import type { PacketContext } from '../context.js';
import { changeAction } from './change-action.js';
import { channelJoin } from './channel-join.js';
import { channelPart } from './channel-part.js';
import { friendAdd } from './friend-add.js';
import { friendRemove } from './friend-remove.js';
import type { HandlerTable, PacketHandler } from './handler.js';
import { ignored } from './ignored.js';
import { logout } from './logout.js';
// G2: spectating and multiplayer handlers
import { startSpectating } from './start-spectating.js';
import { stopSpectating } from './stop-spectating.js';
import { spectateFrames } from './spectate-frames.js';
import { cantSpectate } from './cant-spectate.js';
import { partLobby } from './part-lobby.js';
import { joinLobby } from './join-lobby.js';
import { createMatch } from './create-match.js';
import { joinMatch } from './join-match.js';
import { partMatch } from './part-match.js';
import { matchChangeSlot } from './match-change-slot.js';
import { matchReady } from './match-ready.js';
import { matchLock } from './match-lock.js';
import { matchChangeSettings } from './match-change-settings.js';
import { matchStart } from './match-start.js';
import { matchScoreUpdate } from './match-score-update.js';
import { matchComplete } from './match-complete.js';
import { matchChangeMods } from './match-change-mods.js';
import { matchLoadComplete } from './match-load-complete.js';
import { matchNoBeatmap } from './match-no-beatmap.js';
import { matchNotReady } from './match-not-ready.js';
import { matchFailed } from './match-failed.js';
import { matchHasBeatmap } from './match-has-beatmap.js';
import { matchSkipRequest } from './match-skip-request.js';
import { matchTransferHost } from './match-transfer-host.js';
import { matchChangeTeam } from './match-change-team.js';
import { matchInvite } from './match-invite.js';
import { matchChangePassword } from './match-change-password.js';
import { tournamentMatchInfoRequest } from './tournament-match-info-request.js';
import { tournamentJoinMatchChannel } from './tournament-join-match-channel.js';
import { tournamentLeaveMatchChannel } from './tournament-leave-match-channel.js';
import { receiveUpdates } from './receive-updates.js';
import { requestStatusUpdate } from './request-status-update.js';
import { sendPrivateMessage } from './send-private-message.js';
import { sendPublicMessage } from './send-public-message.js';
import { setAwayMessage } from './set-away-message.js';
import { toggleBlockNonFriendDms } from './toggle-block-non-friend-dms.js';
import { userPresenceRequest } from './user-presence-request.js';
import { userPresenceRequestAll } from './user-presence-request-all.js';
import { userStatsRequest } from './user-stats-request.js';
// G2: spectating and multiplayer handlers.


export const handlers = {
  CHANGE_ACTION: changeAction,
  SEND_PUBLIC_MESSAGE: sendPublicMessage,
  LOGOUT: logout,
  REQUEST_STATUS_UPDATE: requestStatusUpdate,
  PING: ignored,
  ERROR_REPORT: ignored,
  SEND_PRIVATE_MESSAGE: sendPrivateMessage,
  CHANNEL_JOIN: channelJoin,
  BEATMAP_INFO_REQUEST: ignored,
  FRIEND_ADD: friendAdd,
  FRIEND_REMOVE: friendRemove,
  CHANNEL_PART: channelPart,
  RECEIVE_UPDATES: receiveUpdates,
  SET_AWAY_MESSAGE: setAwayMessage,
  IRC_ONLY: ignored,
  USER_STATS_REQUEST: userStatsRequest,
  USER_PRESENCE_REQUEST: userPresenceRequest,
  USER_PRESENCE_REQUEST_ALL: userPresenceRequestAll,
  TOGGLE_BLOCK_NON_FRIEND_DMS: toggleBlockNonFriendDms,

  // ---- spectating (../spectate/) ----
  START_SPECTATING: startSpectating,
  STOP_SPECTATING: stopSpectating,
  SPECTATE_FRAMES: spectateFrames,
  CANT_SPECTATE: cantSpectate,
  // ---- multiplayer (../multiplayer/) ----
  PART_LOBBY: partLobby,
  JOIN_LOBBY: joinLobby,
  CREATE_MATCH: createMatch,
  JOIN_MATCH: joinMatch,
  PART_MATCH: partMatch,
  MATCH_CHANGE_SLOT: matchChangeSlot,
  MATCH_READY: matchReady,
  MATCH_LOCK: matchLock,
  MATCH_CHANGE_SETTINGS: matchChangeSettings,
  MATCH_START: matchStart,
  MATCH_SCORE_UPDATE: matchScoreUpdate,
  MATCH_COMPLETE: matchComplete,
  MATCH_CHANGE_MODS: matchChangeMods,
  MATCH_LOAD_COMPLETE: matchLoadComplete,
  MATCH_NO_BEATMAP: matchNoBeatmap,
  MATCH_NOT_READY: matchNotReady,
  MATCH_FAILED: matchFailed,
  MATCH_HAS_BEATMAP: matchHasBeatmap,
  MATCH_SKIP_REQUEST: matchSkipRequest,
  MATCH_TRANSFER_HOST: matchTransferHost,
  MATCH_CHANGE_TEAM: matchChangeTeam,
  MATCH_INVITE: matchInvite,
  MATCH_CHANGE_PASSWORD: matchChangePassword,
  TOURNAMENT_MATCH_INFO_REQUEST: tournamentMatchInfoRequest,
  TOURNAMENT_JOIN_MATCH_CHANNEL: tournamentJoinMatchChannel,
  TOURNAMENT_LEAVE_MATCH_CHANNEL: tournamentLeaveMatchChannel,
} satisfies HandlerTable;

/**
 * What a restricted session may still do (bpy's allow-list, plus presence requests so their own
 * client keeps working); every other packet of theirs is ignored. Their status changes reach
 * only themselves (see presence/broadcast-user.ts).
 */
const RESTRICTED_ALLOWED: ReadonlySet<ClientPacketName> = new Set<ClientPacketName>([
  'CHANGE_ACTION',
  'LOGOUT',
  'REQUEST_STATUS_UPDATE',
  'PING',
  'CHANNEL_JOIN',
  'CHANNEL_PART',
  'RECEIVE_UPDATES',
  'USER_STATS_REQUEST',
  'USER_PRESENCE_REQUEST',
  'USER_PRESENCE_REQUEST_ALL',
  'TOGGLE_BLOCK_NON_FRIEND_DMS',
  'SET_AWAY_MESSAGE',
  // Let through so they are answered with a refusal the client understands (the "stop
  // spectating" 15, or 37 + notification) instead of leaving it waiting (G2's use-cases refuse them).
  'START_SPECTATING',
  'CREATE_MATCH',
  'JOIN_MATCH',
]);

export function dispatchPacket(ctx: PacketContext, packet: ClientPacket): void | Promise<void> {
  if (!isPubliclyVisible(ctx.session.privileges) && !RESTRICTED_ALLOWED.has(packet.name)) return;
  // The table is indexed by the packet's own name, so payload and handler types correspond;
  // TypeScript cannot correlate the two unions by itself.
  const handler = handlers[packet.name] as PacketHandler<typeof packet.name>;
  return (handler as (ctx: PacketContext, data: unknown, raw: Uint8Array) => void | Promise<void>)(ctx, packet.data, packet.payload);
}
