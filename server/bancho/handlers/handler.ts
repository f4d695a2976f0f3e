/**
 * The shape of one packet handler: the decoded payload in, calls into use-cases, nothing else.
 * `raw` is the payload's bytes (a view into the request body) for byte-exact relays.
 */
import type { ClientPacketName } from '../../../protocol/bancho/ids.js';
import type { ClientPayloads } from '../../../protocol/bancho/payloads.js';
import type { PacketContext } from '../context.js';

export type PacketHandler<K extends ClientPacketName> = (
  ctx: PacketContext,
  data: ClientPayloads[K],
  raw: Uint8Array,
) => void | Promise<void>;

/** The dispatch table type: the compiler proves every client packet has an entry. */
export type HandlerTable = { readonly [K in ClientPacketName]: PacketHandler<K> };
