/** Test helpers for the Redis adapters (not a test file itself). */
import { Redis } from 'ioredis';
import { deleteRedisKeys } from '../../../test/support/services.js';

/** Deletes every key starting with `prefix`. */
export const deleteKeys = deleteRedisKeys;

/** Kills every connection named `name` (CLIENT KILL by id); returns how many. */
export async function killConnections(admin: Redis, name: string): Promise<number> {
  const list = (await admin.call('CLIENT', 'LIST')) as string;
  let killed = 0;
  for (const line of list.split('\n')) {
    const fields = Object.fromEntries(line.split(' ').map((kv) => kv.split('=') as [string, string]));
    if (fields['name'] === name && fields['id']) {
      await admin.call('CLIENT', 'KILL', 'ID', fields['id']);
      killed++;
    }
  }
  return killed;
}

/** Retries `fn` until it resolves (reconnect in progress), failing after `ms`. */
export async function eventually<T>(fn: () => Promise<T>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
