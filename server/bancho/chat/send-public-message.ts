/**
 * SEND_PUBLIC_MESSAGE (1), §4.2: silenced → dropped with a notice; trimmed; empty → dropped;
 * the sender must be a member with write permission; > 2000 chars truncated with a notice; the
 * spam rule; persisted to `messages`; `!commands` run (their answer from the bot); delivered as one
 * encoded 7 to the channel's stream, sender excluded.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { unixSeconds } from '../../ports/clock.js';
import { Streams, type Session } from '../../ports/state.js';
import type { Message } from '../../../protocol/bancho/types.js';
import type { BanchoDeps } from '../context.js';
import { runCommand } from '../commands/run-command.js';
import { canWrite } from './channel-access.js';
import { findDbChannel } from './channel-list.js';
import { channelKeyFor, displayNameOf, instanceKindOf, PSEUDO_CHANNELS } from './channel-names.js';
import { botMessage } from './bot-say.js';
import { normaliseText, truncatedNotice } from './message-text.js';
import { silenceLeft } from './silence.js';
import { countAndCheckSpam } from './spam-rule.js';

type Reply = (d: Uint8Array) => void;

export async function sendPublicMessage(deps: BanchoDeps, session: Session, message: Message, reply: Reply): Promise<void> {
  const left = silenceLeft(deps, session.silenceEnd);
  if (left > 0) {
    reply(encodeServer.NOTIFICATION(`You are silenced for ${left} more seconds; your message was not sent.`));
    return;
  }
  const target = message.recipient;
  if (PSEUDO_CHANNELS.has(target)) return;
  const { text, truncated } = normaliseText(message.text);
  if (text === '') return;
  const key = channelKeyFor(session, target);
  if (key === null) {
    reply(encodeServer.NOTIFICATION(`You are not in ${target}.`));
    return;
  }
  const stream = Streams.channel(key);
  const member = (await deps.state.subscriptions(session.token)).includes(stream);
  if (!member) {
    reply(encodeServer.NOTIFICATION(`Join ${target} before writing to it.`));
    return;
  }
  if (instanceKindOf(key) === null) {
    const row = await findDbChannel(deps.storage, key);
    if (!row || !canWrite(row, session.privileges)) {
      reply(encodeServer.NOTIFICATION(`You cannot write to ${target}.`));
      return;
    }
  }
  if (await countAndCheckSpam(deps, session)) {
    reply(encodeServer.NOTIFICATION('You were silenced for spamming.'));
    return;
  }
  if (truncated) reply(encodeServer.NOTIFICATION(truncatedNotice));
  await deps.storage.messages.store({
    senderId: session.userId,
    recipientId: null,
    // Akatsuki's `messages.recipient_channel` is varchar(32): a spectator key (`#spectator_<uuid>`,
    // 47 chars) is rejected by MySQL, so instance keys that long are stored by display name (G2).
    recipientChannel: key.length <= 32 ? key : displayNameOf(key),
    content: text,
    createdAt: unixSeconds(deps.clock),
  });

  const display = displayNameOf(key);
  const line = encodeServer.SEND_MESSAGE({ sender: session.username, text, recipient: display, senderId: session.userId });
  const outcome = await runCommand(deps, session, text, key);
  if (outcome.kind === 'ran' && outcome.hidden) {
    // Hidden commands: neither the trigger nor the answer reach the channel.
    if (outcome.answer !== null) reply(botMessage(deps, outcome.answer, display));
    return;
  }
  await deps.state.publish(stream, line, { exclude: [session.token] });
  if (outcome.kind === 'unknown') {
    reply(encodeServer.NOTIFICATION(`Unknown command !${outcome.name}; type !help for the list.`));
  } else if (outcome.kind === 'ran' && outcome.answer !== null) {
    await deps.state.publish(stream, botMessage(deps, outcome.answer, display));
  }
}
