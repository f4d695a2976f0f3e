/**
 * The server side of `bancho-load.ts`, run as a child process so its CPU time can be read from
 * /proc/<pid>/stat. Modes:
 *   bare      — a bare uWebSockets.js handler answering every POST with a static body (the ceiling)
 *   bare-http — the same handler on node:http (what a Node server without uWS starts from)
 *   embedded  — Hayate with SQLite in a temp dir and in-process state
 *   redis     — Hayate with Redis state (unique key prefix) and a fresh MySQL database
 *   redis-nohold — the same without held sessions (every drain a Redis round trip: the design before)
 * Creates `users` accounts (bench0001 …, password "bench password"), prints one line
 * `READY {"port":…}` on stdout, and exits cleanly on SIGTERM.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as uws from 'uWebSockets.js';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';
import { NORMAL_USER, Privileges } from '../server/domain/privileges.js';
import { cheapHasher } from '../server/test/support/start-test-server.js';
import { md5 } from '../server/test/support/bancho-client.js';
import { createMysqlTestDatabase, deleteRedisKeys, REDIS_URL, uniqueName } from '../server/test/support/services.js';
import { migrateDatabase } from '../server/test/support/migrate-test-database.js';

export const BENCH_PASSWORD = 'bench password';
/** Chat moderators, so the spam rule does not silence players who chat on every other request. */
const BENCH_PRIVILEGES = NORMAL_USER | Privileges.AdminChatMod;
export const benchUserName = (i: number): string => `bench${String(i).padStart(4, '0')}`;

async function bare(): Promise<{ port: number; close: () => Promise<void> }> {
  const app = uws.App();
  const body = Buffer.alloc(0);
  app.post('/', (res, req) => {
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    const token = req.getHeader('osu-token');
    res.onData((_chunk, last) => {
      if (!last || aborted) return;
      res.cork(() => {
        res.writeStatus('200 OK').writeHeader('cho-token', token).end(body);
      });
    });
  });
  const socket = await new Promise<uws.us_listen_socket>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) => (s ? resolve(s) : reject(new Error('listen failed')))),
  );
  return {
    port: uws.us_socket_local_port(socket),
    close: async () => {
      uws.us_listen_socket_close(socket);
      app.close();
    },
  };
}

async function bareHttp(): Promise<{ port: number; close: () => Promise<void> }> {
  const body = Buffer.alloc(0);
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const token = req.headers['osu-token'];
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'cho-token': typeof token === 'string' ? token : 'no', 'Content-Length': '0' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('node:http listen failed');
  return {
    port: address.port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function hayate(mode: 'embedded' | 'redis' | 'redis-nohold', users: number): Promise<{ port: number; close: () => Promise<void> }> {
  const cleanups: Array<() => Promise<void>> = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-bench-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', SESSION_IDLE_SECONDS: '3600' };
  let keyPrefix: string | undefined;
  if (mode !== 'embedded') {
    const db = await createMysqlTestDatabase('hayate_bench');
    cleanups.push(() => db.drop());
    env.DATABASE_URL = db.url;
    env.REDIS_URL = REDIS_URL;
    const prefix = `${uniqueName('bench')}:`;
    keyPrefix = prefix;
    cleanups.push(() => deleteRedisKeys(prefix));
  }
  const config = loadConfig(env);
  if (mode !== 'embedded') await migrateDatabase(config);
  const server = await startServer(config, { passwords: cheapHasher, keyPrefix, idleSweepMs: 0, ...(mode === 'redis-nohold' && { holdSessions: false }) });
  const hash = await cheapHasher.hash(md5(BENCH_PASSWORD));
  for (let i = 1; i <= users; i++) {
    await server.deps.storage.users.create({ username: benchUserName(i), email: `${benchUserName(i)}@bench.test`, passwordHash: hash, privileges: BENCH_PRIVILEGES, country: 'JP' });
  }
  return {
    port: server.port,
    close: async () => {
      await server.close();
      for (const c of cleanups.reverse()) await c();
    },
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const users = Number(process.argv[3] ?? '200');
  if (mode !== 'bare' && mode !== 'bare-http' && mode !== 'embedded' && mode !== 'redis' && mode !== 'redis-nohold') throw new Error(`unknown mode ${mode}`);
  const running = mode === 'bare' ? await bare() : mode === 'bare-http' ? await bareHttp() : await hayate(mode, users);
  process.stdout.write(`READY ${JSON.stringify({ port: running.port })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await running.close();
  process.exit(0);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
