/**
 * Silencing (rs `silence_user`, §4.2): store the end time and reason, soft-delete the user's
 * messages of the last minute, tell every session its remaining time (92) and everyone else to
 * wipe the user's lines (94). Silencing for 0 seconds lifts a silence.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { unixSeconds } from '../../ports/clock.js';
import { Streams } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';

export async function silenceUser(deps: BanchoDeps, userId: number, seconds: number, reason: string): Promise<void> {
  const now = unixSeconds(deps.clock);
  const end = seconds > 0 ? now + seconds : 0;
  await deps.storage.users.setSilence(userId, end, seconds > 0 ? reason : '');
  if (seconds > 0) await deps.storage.messages.softDeleteSince(userId, now - 60, now);
  await applySilenceToSessions(deps, userId, end);
}

/** Pushes a stored silence end to the user's live sessions (also used by `peppy:silence`). */
export async function applySilenceToSessions(deps: BanchoDeps, userId: number, silenceEnd: number): Promise<void> {
  const now = unixSeconds(deps.clock);
  const left = Math.max(0, silenceEnd - now);
  const sessions = await deps.state.sessionsOfUser(userId);
  const packet = encodeServer.SILENCE_END(left);
  for (const s of sessions) {
    await deps.state.updateSession(s.token, { silenceEnd: left > 0 ? silenceEnd : 0 });
    await deps.state.send(s.token, packet);
  }
  if (left > 0) await deps.state.publish(Streams.main, encodeServer.USER_SILENCED(userId));
}

/** Seconds of silence left for a session (0 = may chat). */
export function silenceLeft(deps: BanchoDeps, silenceEnd: number): number {
  return Math.max(0, silenceEnd - unixSeconds(deps.clock));
}
