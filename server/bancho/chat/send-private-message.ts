/**
 * SEND_PRIVATE_MESSAGE (25), §4.2 (bpy's rules, which rs intends): silenced senders are dropped;
 * messages to the bot run commands; the target may be offline (stored, the sender is told, and it
 * is delivered at the next login); a target that only accepts friends' DMs answers 100, a silenced
 * target 101; an away message is sent back once per sender; every DM is stored in `messages`.
 */
import { createHash } from 'node:crypto';
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { unixSeconds } from '../../ports/clock.js';
import type { Session } from '../../ports/state.js';
import type { Message } from '../../../protocol/bancho/types.js';
import { isAdmin, isPubliclyVisible } from '../../domain/privileges.js';
import type { BanchoDeps } from '../context.js';
import { runCommand } from '../commands/run-command.js';
import { isBotName, safeName } from '../presence/bot.js';
import { botMessage } from './bot-say.js';
import { normaliseText, truncatedNotice } from './message-text.js';
import { silenceLeft } from './silence.js';
import { countAndCheckSpam } from './spam-rule.js';

type Reply = (d: Uint8Array) => void;
const AWAY_REPLY_TTL_MS = 24 * 3600 * 1000;

export async function sendPrivateMessage(deps: BanchoDeps, session: Session, message: Message, reply: Reply): Promise<void> {
  const left = silenceLeft(deps, session.silenceEnd);
  if (left > 0) {
    reply(encodeServer.NOTIFICATION(`You are silenced for ${left} more seconds; your message was not sent.`));
    return;
  }
  const { text, truncated } = normaliseText(message.text);
  if (text === '') return;
  if (truncated) reply(encodeServer.NOTIFICATION(truncatedNotice));

  if (isBotName(deps, message.recipient)) {
    const outcome = await runCommand(deps, session, text, null);
    const answer =
      outcome.kind === 'ran'
        ? outcome.answer
        : outcome.kind === 'unknown'
          ? `I do not know !${outcome.name}; try !help.`
          : `Hi ${session.username}! Type !help to see what I can do.`;
    if (answer !== null) reply(botMessage(deps, answer, session.username));
    return;
  }

  const target = await deps.storage.users.findBySafeName(safeName(message.recipient));
  // Restricted users are unreachable except for admins (rs).
  if (!target || (!isPubliclyVisible(target.privileges) && !isAdmin(session.privileges))) {
    reply(encodeServer.NOTIFICATION(`${message.recipient} does not exist.`));
    return;
  }
  const blocked: Message = { sender: '', text: '', recipient: target.username, senderId: 0 };
  const sessions = await deps.state.sessionsOfUser(target.id);
  if (sessions.some((s) => s.blockNonFriendDms) && !(await deps.storage.relationships.isFriend(target.id, session.userId))) {
    reply(encodeServer.USER_DM_BLOCKED(blocked));
    return;
  }
  const now = unixSeconds(deps.clock);
  if (target.silenceEnd > now) {
    reply(encodeServer.TARGET_IS_SILENCED(blocked));
    return;
  }
  if (await countAndCheckSpam(deps, session)) {
    reply(encodeServer.NOTIFICATION('You were silenced for spamming.'));
    return;
  }
  const id = await deps.storage.messages.store({ senderId: session.userId, recipientId: target.id, recipientChannel: null, content: text, createdAt: now });
  if (sessions.length === 0) {
    reply(encodeServer.NOTIFICATION(`${target.username} is offline; they will receive your message when they next log in.`));
    return;
  }
  await deps.storage.messages.markRead([id], now);
  await deps.state.sendToUser(
    target.id,
    encodeServer.SEND_MESSAGE({ sender: session.username, text, recipient: target.username, senderId: session.userId }),
  );
  const away = sessions.find((s) => s.awayMessage)?.awayMessage;
  if (away) {
    const digest = createHash('sha1').update(away).digest('hex').slice(0, 12);
    const first = await deps.state.kvSetIfAbsent(`chat:away:${target.id}:${session.userId}:${digest}`, '1', AWAY_REPLY_TTL_MS);
    if (first) {
      reply(encodeServer.SEND_MESSAGE({ sender: target.username, text: away, recipient: session.username, senderId: target.id }));
    }
  }
}

/** Unread DMs delivered at login (then marked read), oldest first. */
export async function offlineMessagesFor(deps: BanchoDeps, userId: number, username: string): Promise<Buffer[]> {
  const rows = await deps.storage.messages.unreadFor(userId);
  if (rows.length === 0) return [];
  const senders = await deps.storage.users.findManyByIds([...new Set(rows.map((r) => r.senderId))]);
  const names = new Map(senders.map((u) => [u.id, u.username]));
  const out = rows.map((r) =>
    encodeServer.SEND_MESSAGE({ sender: names.get(r.senderId) ?? 'unknown', text: r.content, recipient: username, senderId: r.senderId }),
  );
  await deps.storage.messages.markRead(
    rows.map((r) => r.id),
    unixSeconds(deps.clock),
  );
  return out;
}
