/** Lines written by the bot: to a channel's members, or as a DM to every session of a user. */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { Streams } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { displayNameOf } from './channel-names.js';

export function botMessage(deps: BanchoDeps, text: string, recipient: string): Buffer {
  return encodeServer.SEND_MESSAGE({ sender: deps.config.botName, text, recipient, senderId: deps.config.botUserId });
}

/** A bot line in a channel (by key), seen by every member. */
export async function botSayInChannel(deps: BanchoDeps, channelKey: string, text: string): Promise<void> {
  await deps.state.publish(Streams.channel(channelKey), botMessage(deps, text, displayNameOf(channelKey)));
}

/** A bot DM to every session of a user; returns how many sessions got it. */
export async function botDirectMessage(deps: BanchoDeps, userId: number, username: string, text: string): Promise<number> {
  const sessions = await deps.state.sessionsOfUser(userId);
  const data = botMessage(deps, text, username);
  await Promise.all(sessions.map((s) => deps.state.send(s.token, data)));
  return sessions.length;
}
