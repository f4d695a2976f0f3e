/**
 * Composition root: config → adapters → use-cases → routes. The only module that knows every
 * backend. Tests start the server through `startServer` on port 0 and talk real HTTP to it.
 *
 * Order: storage (migrated + seeded) → live state, leaderboards, event bus → password hasher →
 * BanchoDeps → routes on the one uWS app → background work (peppy:* listener, idle sweep).
 * `close()` undoes it in reverse: stop accepting, finish in-flight requests, stop background work,
 * close adapters.
 */
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { PasswordHasher } from './ports/passwords.js';
import { openStorage } from './adapters/storage/open-storage.js';
import { openEventBus, openLeaderboards, openLiveState } from './adapters/state/open-state.js';
import { seedDefaults } from './setup/seed-defaults.js';
import { createHttpApp } from './http/app.js';
import { parseTrustedProxies } from './http/client-ip.js';
import { internalSurface } from './http/internal-surface.js';
import { mountHealth } from './api/health/routes.js';
import type { HttpRouter } from './http/types.js';
import type { BanchoDeps } from './bancho/context.js';
import { mountBancho } from './bancho/route.js';
import { mountStatusPage } from './bancho/status-page.js';
import { mountBanchoApi } from './api/bancho-v1/routes.js';
import { mountRegistration } from './web/users-register.js';
import { mountWebEndpoints } from './web/mount-web.js';
import { mountMetrics } from './api/metrics/routes.js';
import { mountPublicFace } from './api/public/wire.js';
import { startPeppyListener } from './bancho/events/peppy-listener.js';
import { expireIdleSessions } from './bancho/logout/expire-idle.js';
import { ensureBotPresence } from './bancho/presence/bot.js';
import type { ComputePool } from '../compute/pool.js';
import { openComputePool } from './open-compute.js';
import { PoolPasswordHasher } from './adapters/passwords/pool-hasher.js';
import { WebhookStaffAlerts } from './adapters/discord/webhook-alerts.js';
import { egressWebhookPost } from './adapters/discord/egress-post.js';
import { sharedKeysBeside } from './adapters/shared-keys.js';
import { mountAdminApi } from './api/admin/routes.js';
import { openBeatmaps } from './beatmaps/open-store.js';
import { mountBeatmapRoutes } from './beatmaps/routes.js';
import { startBeatmapsDirWatch } from './beatmaps/watch-dir.js';
import { poolDifficulty } from './beatmaps/pool-difficulty.js';
import type { BlobStore } from './ports/blob-store.js';
import { openBlobStore } from './adapters/blobs/open-blob-store.js';

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  /** The wiring (tests create users and inspect state through it). */
  readonly deps: BanchoDeps;
  /** The compute pool, when one is running. */
  readonly compute: ComputePool | undefined;
  /** Replays and screenshots (DATA_DIR or S3). */
  readonly blobs: BlobStore;
  /** The operator-only listener (/metrics, calculate, reworks, admin API). */
  readonly internalUrl: string;
  /** Runs one idle-session sweep now; returns how many sessions were expired. */
  sweepIdle(): Promise<number>;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Injected time (tests move it to expire sessions and silences). */
  clock?: Clock;
  /** Prefix for every Redis key and pub/sub channel (test isolation; '' in production). */
  keyPrefix?: string;
  /** Replaces the compute-pool hasher (tests may use a cheap one). */
  passwords?: PasswordHasher;
  /** Period of the idle sweep in ms (default 30 s; 0 = only when `sweepIdle()` is called). */
  idleSweepMs?: number;
  /** Extra routes from other components (/web/*, /metrics, /api/v1/calculate …). */
  mount?: (router: HttpRouter, deps: BanchoDeps, extra: { compute: ComputePool | undefined; blobs: BlobStore }) => void | Promise<void>;
  /** A compute pool to share (otherwise one is started unless `passwords` is given). */
  compute?: ComputePool;
  /** Redis state: answer held sessions' idle drains from memory (default true; the bench turns it off to compare). */
  holdSessions?: boolean;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const adapterOpts = options.keyPrefix === undefined ? {} : { keyPrefix: options.keyPrefix };
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) {
      try {
        await c();
      } catch (err) {
        log.warn('error while closing', { err });
      }
    }
  };

  try {
    const storage = await openStorage(config);
    closers.push(() => storage.close());
    await seedDefaults(storage, { botUserId: config.botUserId, botName: config.botName });
    const state = await openLiveState(config, { ...adapterOpts, logger: log, clock, ...(options.holdSessions === false && { holdSessions: false }) });
    closers.push(() => state.close());
    const leaderboards = await openLeaderboards(config, { ...adapterOpts, logger: log });
    closers.push(async () => {
      const closable = leaderboards as { close?: () => Promise<void> };
      if (closable.close) await closable.close();
    });
    const events = await openEventBus(config, { ...adapterOpts, logger: log });
    closers.push(() => events.close());
    // The compute pool (bcrypt, pp) is only started when something needs it: tests that inject a
    // hasher and mount nothing pp-related skip the worker threads.
    let compute = options.compute;
    if (!compute && !options.passwords) {
      compute = openComputePool(config);
      const owned = compute;
      closers.push(() => owned.close());
    }
    const passwords = options.passwords ?? new PoolPasswordHasher(compute!);

    const world = openBeatmaps(config, { storage, clock, log });
    closers.push(() => world.close());
    // Staff alerts go out through the egress limiter like every other outbound call.
    const alerts = new WebhookStaffAlerts({ urls: config.discordWebhooks, log, username: config.botName, post: egressWebhookPost(world.egress) });
    closers.push(() => alerts.close());
    const beatmaps = world.store;
    const blobs = openBlobStore(config);
    closers.push(async () => {
      await blobs.close?.();
    });

    const deps: BanchoDeps = { config, storage, state, leaderboards, events, passwords, clock, log, beatmaps, alerts, sharedKeys: sharedKeysBeside(leaderboards, options.keyPrefix), geo: world.geo, ...(compute ? { ppCalculator: compute } : {}) };
    await ensureBotPresence(deps);

    const trust = parseTrustedProxies(config.trustedProxies);
    const http = createHttpApp(log, { trust });
    // Operator-only routes: on the internal listener, and on the public port only with API_KEY.
    const internalApp = createHttpApp(log, { trust });
    const internal = internalSurface(internalApp, http, config.apiKey);
    mountHealth([http, internalApp], [
      { name: `storage (${storage.dialect})`, run: () => storage.ping() },
      { name: config.redisUrl ? 'live state (redis)' : 'live state (memory)', run: () => state.countSessions() },
    ]);
    mountBancho(http, deps);
    mountStatusPage(http, deps);
    mountBanchoApi(http, deps);
    mountRegistration(http, deps);
    mountWebEndpoints(http, deps, { compute, blobs });
    mountMetrics(internal, deps, compute, [world.egress.registry]);
    mountAdminApi(internal, deps);
    mountBeatmapRoutes(http, deps, world);
    mountPublicFace(http, deps);
    if (compute) {
      // performance-service's API (POST /api/v1/calculate, /api/v1/reworks…) and the rework queue.
      const { mountPerformanceService } = await import('./api/performance/wire.js');
      closers.push(await mountPerformanceService(internal, { config, storage, leaderboards, passwords, compute, log, processReworks: config.processReworks, ...adapterOpts }));
    }
    // Score submission (/web/osu-submit-modular-selector.php).
    const { mountScoreSubmission } = await import('./web/submission/wire.js');
    closers.push(await mountScoreSubmission(http, deps, { compute, blobs, ...adapterOpts }));
    if (compute && config.cheatChecks) {
      // Replay analysis after each submission, off the request path (issue 13).
      const { startCheatChecks } = await import('./cheat/wire.js');
      closers.push(await startCheatChecks({ deps, compute, blobs, ...(options.keyPrefix !== undefined && { prefix: options.keyPrefix }) }));
    }
    if (options.mount) await options.mount(http, deps, { compute, blobs });

    const stopWatch = startBeatmapsDirWatch(config.beatmaps.beatmapsDir, { storage, files: world.files, store: world.store, clock, log, difficulty: compute && poolDifficulty(compute, config.ppProfile) });
    if (stopWatch) closers.push(stopWatch);

    const stopPeppy = await startPeppyListener(deps);
    closers.push(stopPeppy);

    const sweep = async (): Promise<number> => expireIdleSessions(deps);
    const sweepEvery = options.idleSweepMs ?? 30_000;
    if (sweepEvery > 0) {
      const timer = setInterval(() => {
        sweep().catch((err: unknown) => log.warn('idle sweep failed', { err }));
      }, sweepEvery);
      timer.unref();
      closers.push(async () => clearInterval(timer));
    }

    const internalPort = await internalApp.listen(config.internalHost, config.internalPort);
    closers.push(() => internalApp.close());
    const port = await http.listen(config.host, config.port);
    // Closed first (pushed last): stop accepting and let in-flight requests finish.
    closers.push(() => http.close());
    log.info('listening', { host: config.host, port, state: config.redisUrl ? 'redis' : 'memory', storage: storage.dialect });
    return {
      port,
      url: `http://${config.host}:${port}`,
      deps,
      compute,
      blobs,
      internalUrl: `http://${config.internalHost.includes(':') ? `[${config.internalHost}]` : config.internalHost}:${internalPort}`,
      sweepIdle: sweep,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
