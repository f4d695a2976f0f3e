/** SET_AWAY_MESSAGE (82): the text is the away message; empty clears it. */
import type { PacketHandler } from './handler.js';

export const MAX_AWAY_MESSAGE_LENGTH = 500;

export const setAwayMessage: PacketHandler<'SET_AWAY_MESSAGE'> = async (ctx, message) => {
  const text = message.text.trim().slice(0, MAX_AWAY_MESSAGE_LENGTH);
  const s = await ctx.deps.state.updateSession(ctx.session.token, { awayMessage: text === '' ? null : text });
  if (s) ctx.session = s;
};
