/**
 * 87 MATCH_INVITE: the target's sessions get 88 whose text carries the `osump://<id>/<password>`
 * chat link the client turns into a join (spaces in the password become `_`, as rs). Inviting the
 * bot gets a bot reply; an offline target gets a notification.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import type { BanchoDeps } from '../context.js';
import type { MatchState, Session } from '../../ports/state.js';

type Deps = Pick<BanchoDeps, 'state' | 'config'>;

export function inviteLink(m: MatchState): string {
  const pw = (m.password ?? '').replace(/ /g, '_');
  return `[osump://${m.id}/${pw} ${m.name}]`;
}

export async function inviteToMatch(deps: Deps, session: Session, targetUserId: number, matchId = session.matchId): Promise<void> {
  if (matchId === null) return;
  const m = await deps.state.getMatch(matchId);
  if (!m) return;
  if (targetUserId === deps.config.botUserId) {
    await deps.state.send(
      session.token,
      encodeServer.SEND_MESSAGE({
        sender: deps.config.botName,
        text: "I'm too busy running this server to play, sorry!",
        recipient: session.username,
        senderId: deps.config.botUserId,
      }),
    );
    return;
  }
  const targets = await deps.state.sessionsOfUser(targetUserId);
  if (targets.length === 0) {
    await deps.state.send(session.token, encodeServer.NOTIFICATION('That user is not online.'));
    return;
  }
  const packet = encodeServer.MATCH_INVITE({
    sender: session.username,
    text: `Come join my multiplayer match: ${inviteLink(m)}`,
    recipient: targets[0]!.username,
    senderId: session.userId,
  });
  await deps.state.sendToUser(targetUserId, packet);
}
