/**
 * `bancho_channels` rows, cached per storage for a few seconds: every join, part and public
 * message needs them and they almost never change.
 */
import type { ChannelRow, Storage } from '../../ports/storage.js';

const TTL_MS = 10_000;
const caches = new WeakMap<Storage, { at: number; rows: Map<string, ChannelRow>; pending?: Promise<Map<string, ChannelRow>> }>();

export async function dbChannels(storage: Storage): Promise<Map<string, ChannelRow>> {
  const now = Date.now();
  let entry = caches.get(storage);
  if (entry && now - entry.at < TTL_MS) return entry.rows;
  if (entry?.pending) return entry.pending;
  const pending = storage.channels.list().then((rows) => {
    const map = new Map(rows.map((r) => [r.name, r]));
    caches.set(storage, { at: Date.now(), rows: map });
    return map;
  });
  entry = { at: 0, rows: entry?.rows ?? new Map(), pending };
  caches.set(storage, entry);
  try {
    return await pending;
  } catch (err) {
    caches.delete(storage);
    throw err;
  }
}

export async function findDbChannel(storage: Storage, name: string): Promise<ChannelRow | undefined> {
  return (await dbChannels(storage)).get(name);
}
