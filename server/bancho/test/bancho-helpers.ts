/** Small helpers shared by the bancho core tests (not a test file). */
import { randomBytes } from 'node:crypto';
import { BanchoClient, type LoginOptions } from '../../test/support/bancho-client.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { NORMAL_USER } from '../../domain/privileges.js';

export const PASSWORD = 'correct horse';

/** A fresh valid username (≤ 15 chars): prefix + random hex. */
export function freshName(prefix: string): string {
  return `${prefix.slice(0, 6)}${randomBytes(4).toString('hex')}`;
}

export async function newUser(server: TestServer, prefix: string, privileges = NORMAL_USER): Promise<{ id: number; name: string }> {
  const name = freshName(prefix);
  const id = await server.createUser(name, PASSWORD, privileges);
  return { id, name };
}

/** Creates a user and logs them in; the login packets stay available in `loginPackets`. */
export async function loginNew(
  server: TestServer,
  prefix: string,
  opts: LoginOptions & { privileges?: number; url?: string } = {},
): Promise<BanchoClient> {
  const { id, name } = await newUser(server, prefix, opts.privileges);
  const client = await BanchoClient.login(opts.url ?? server.url, name, PASSWORD, opts);
  if (client.userId !== id) throw new Error(`logged in as ${client.userId}, expected ${id}`);
  return client;
}

/** Logs several users in and empties their inboxes (login noise). */
export async function loginMany(server: TestServer, prefix: string, n: number, opts: LoginOptions & { privileges?: number } = {}): Promise<BanchoClient[]> {
  const out: BanchoClient[] = [];
  for (let i = 0; i < n; i++) out.push(await loginNew(server, `${prefix}${i}`, opts));
  for (const c of out) {
    await c.poll();
    c.clear();
  }
  return out;
}
