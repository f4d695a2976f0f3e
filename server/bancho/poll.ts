/**
 * The poll (design.md "The poll"): every request of a logged-in client. Token → session (one
 * state call that also refreshes last-seen), split the body into packets, run each packet's
 * handler in order, then drain the session's queue behind the handlers' direct replies.
 *
 * Error policy (§4.0, without rs's quirk 1): unknown ids are skipped and the valid packets around
 * them still apply; a handler failure becomes a NOTIFICATION and processing continues; a decode
 * error keeps the packets before it and appends a NOTIFICATION. LOGOUT stops processing.
 */
import { readClientPackets } from '../../protocol/bancho/reader.js';
import type { ClientPacket } from '../../protocol/bancho/payloads.js';
import { encodeServer } from '../../protocol/bancho/writer.js';
import type { BanchoDeps, PacketContext } from './context.js';
import { dispatchPacket } from './handlers/index.js';
import { forgetTouch, recentlyTouched, rememberTouch } from './recent-touches.js';

export interface PollAnswer {
  /** Value of the `cho-token` response header. */
  token: string;
  body: Buffer;
}

const EMPTY = Buffer.alloc(0);
let restartBody: Buffer | undefined;

/** §3.5: unknown or expired token → notification + RESTART(0); the client logs in again. */
export function restartAnswer(): PollAnswer {
  restartBody ??= Buffer.concat([
    encodeServer.NOTIFICATION('The server has restarted or your session expired. Reconnecting...'),
    encodeServer.RESTART(0),
  ]);
  return { token: 'no', body: restartBody };
}

/**
 * The idle poll answered synchronously: empty body or one PING, a session this process touched a
 * moment ago, and a state that can drain without I/O (`drainIfReady`). No promise is created on
 * this path, the most common request of all. Undefined: use `handlePoll`.
 */
export function pollNow(deps: BanchoDeps, token: string, body: Uint8Array): PollAnswer | undefined {
  const state = deps.state;
  if (state.drainIfReady === undefined || (body.length !== 0 && !isSinglePing(body))) return undefined;
  const now = deps.clock.now();
  if (!recentlyTouched(state, token, now)) {
    // The periodic touch, without a round trip when the state can record it (keepAlive).
    if (state.keepAlive?.(token, now) !== true) return undefined;
    rememberTouch(state, token, now);
  }
  const queued = state.drainIfReady(token);
  return queued === undefined ? undefined : { token, body: queued };
}

export async function handlePoll(deps: BanchoDeps, token: string, body: Uint8Array): Promise<PollAnswer> {
  // Idle poll (empty body or the one PING the client sends): touch and drain are issued together,
  // so with Redis both commands travel in one round trip. Draining an unknown token is harmless
  // (nothing is queued for it); an expired session's leftovers are dropped with it.
  const now = deps.clock.now();
  if (body.length === 0 || isSinglePing(body)) {
    // Touched a moment ago by this process: only the drain is needed (see recent-touches.ts).
    if (recentlyTouched(deps.state, token, now)) return { token, body: await deps.state.drain(token) };
    const [session, queued] = await Promise.all([deps.state.touchSession(token, now), deps.state.drain(token)]);
    if (!session) return restartAnswer();
    rememberTouch(deps.state, token, now);
    return { token, body: queued };
  }
  const session = await deps.state.touchSession(token, now);
  if (!session) {
    forgetTouch(deps.state, token);
    return restartAnswer();
  }
  rememberTouch(deps.state, token, now);
  const decoded = readClientPackets(body);
  const packets = decoded.packets;
  if (decoded.error === null && isOnlyPings(packets)) return { token, body: await deps.state.drain(token) };

  const replies: Uint8Array[] = [];
  let stopped = false;
  const ctx: PacketContext = {
    deps,
    session,
    reply: (data) => {
      replies.push(data);
    },
    stop: () => {
      stopped = true;
    },
  };
  for (const packet of packets) {
    if (stopped) break;
    try {
      await dispatchPacket(ctx, packet);
    } catch (err) {
      deps.log.warn('packet handler failed', { packet: packet.name, userId: session.userId, err });
      replies.push(encodeServer.NOTIFICATION(`Hayate could not process ${packet.name}: ${errorText(err)}`));
    }
  }
  if (decoded.error !== null && !stopped) {
    replies.push(encodeServer.NOTIFICATION(`Part of your request could not be read: ${decoded.error.message}`));
  }
  // After LOGOUT the session is gone: answer with what was produced so far (rs behaviour).
  const queued = stopped ? EMPTY : await deps.state.drain(token);
  if (replies.length === 0) return { token, body: queued };
  if (queued.length > 0) replies.push(queued);
  return { token, body: Buffer.concat(replies) };
}

/** `04 00 00 00 00 00 00`: PING with an empty payload. */
function isSinglePing(b: Uint8Array): boolean {
  return b.length === 7 && b[0] === 4 && b[1] === 0 && b[3] === 0 && b[4] === 0 && b[5] === 0 && b[6] === 0;
}

function isOnlyPings(packets: readonly ClientPacket[]): boolean {
  for (const p of packets) if (p.name !== 'PING') return false;
  return true;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
