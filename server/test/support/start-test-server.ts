/**
 * Starts Hayate for a test, the way production runs it, on port 0:
 * - `embedded`: SQLite in a temporary DATA_DIR, in-process state and events;
 * - `redis`: a fresh MySQL database (migrated), Redis under a unique key prefix, and as many
 *   Hayate processes (`startServer` instances on their own ports) as asked, all sharing them —
 *   the two-process mode of issue 4.
 * `close()` stops every instance and removes the database, the prefix's keys and the temp dir.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcrypt';
import { normaliseBcryptPrefix } from '../../../compute/passwords/bcrypt-prefix.js';
import { loadConfig, type Config } from '../../config.js';
import { createLogger } from '../../log.js';
import { NORMAL_USER } from '../../domain/privileges.js';
import type { Clock } from '../../ports/clock.js';
import type { PasswordHasher } from '../../ports/passwords.js';
import { startServer, type RunningServer, type StartOptions } from '../../main.js';
import { md5 } from './bancho-client.js';
import { createMysqlTestDatabase, deleteRedisKeys, REDIS_URL, uniqueName, type TestDatabase } from './services.js';

export interface TestServerOptions {
  mode?: 'embedded' | 'redis';
  /** Hayate instances sharing the backends (redis mode only; default 1). */
  processes?: number;
  clock?: Clock;
  /** Config overrides (apiKey, sessionIdleSeconds …). */
  config?: Partial<Config>;
  /** Password hasher (default: `cheapHasher`, real bcrypt at minimum cost). */
  passwords?: PasswordHasher;
  /**
   * redis mode: `fresh` (default) migrates an empty database; `akatsuki-fixture` builds Akatsuki's
   * schema from the fixture alone (no Hayate table), then runs Hayate's migrator on it, as an
   * operator would with `hayate migrate` on an existing Akatsuki database.
   */
  database?: 'fresh' | 'akatsuki-fixture';
  /** Extra start options (mount …). */
  start?: Omit<StartOptions, 'clock' | 'keyPrefix' | 'passwords'>;
}

export interface TestServer {
  /** Base URL of the first instance. */
  readonly url: string;
  /** Base URLs of every instance. */
  readonly urls: string[];
  readonly servers: RunningServer[];
  readonly config: Config;
  /** The Redis key / channel prefix of this server (redis mode), '' otherwise. */
  readonly keyPrefix: string;
  /** Creates a user (verified, normal privileges unless given) and returns its id. */
  createUser(username: string, password: string, privileges?: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * bcrypt at the minimum cost: hashes made here verify exactly like production ones, but test
 * logins do not burn 50 ms of CPU each.
 */
export const cheapHasher: PasswordHasher = {
  hash: (md5Hex) => bcrypt.hash(md5Hex, 4),
  verify: (md5Hex, hash) => bcrypt.compare(md5Hex, normaliseBcryptPrefix(hash)),
};

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const mode = opts.mode ?? 'embedded';
  const cleanups: Array<() => Promise<void>> = [];
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-test-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  let keyPrefix: string | undefined;
  let db: TestDatabase | undefined;
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  if (mode === 'redis') {
    if (opts.database === 'akatsuki-fixture') {
      const { createAkatsukiFixtureDatabase } = await import('./akatsuki-fixture-db.js');
      db = await createAkatsukiFixtureDatabase('hayate_akfx');
    } else db = await createMysqlTestDatabase('hayate_bancho');
    cleanups.push(() => db!.drop());
    env.DATABASE_URL = db.url;
    env.REDIS_URL = REDIS_URL;
    keyPrefix = `${uniqueName('hb')}:`;
    const prefix = keyPrefix;
    cleanups.push(() => deleteRedisKeys(prefix));
  }
  const config: Config = { ...loadConfig(env), ...opts.config };
  const count = mode === 'redis' ? (opts.processes ?? 1) : 1;
  const servers: RunningServer[] = [];
  try {
    if (mode === 'redis') {
      // MySQL is migrated explicitly in production (`hayate migrate`); do it once here.
      const { migrateDatabase } = await import('./migrate-test-database.js');
      await migrateDatabase(config);
    }
    for (let i = 0; i < count; i++) {
      servers.push(
        await startServer(config, {
          ...opts.start,
          logger: opts.start?.logger ?? createLogger(config.logLevel),
          clock: opts.clock,
          keyPrefix,
          passwords: opts.passwords ?? cheapHasher,
          idleSweepMs: opts.start?.idleSweepMs ?? 0,
        }),
      );
    }
  } catch (err) {
    for (const s of servers) await s.close();
    for (const c of cleanups.reverse()) await c();
    throw err;
  }
  const first = servers[0]!;
  return {
    url: first.url,
    urls: servers.map((s) => s.url),
    servers,
    config,
    keyPrefix: keyPrefix ?? '',
    async createUser(username, password, privileges = NORMAL_USER) {
      const storage = first.deps.storage;
      return storage.users.create({
        username,
        email: `${username.replace(/\W/g, '_').toLowerCase()}@example.test`,
        passwordHash: await cheapHasher.hash(md5(password)),
        privileges,
        country: 'JP',
      });
    },
    async close() {
      for (const s of servers) await s.close();
      for (const c of cleanups.reverse()) await c();
    },
  };
}
