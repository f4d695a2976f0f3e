/** Mounts the HTTP side of issue 10: osu!direct and the egress proxy route. */
import type { HttpRouter } from '../http/types.js';
import type { BanchoDeps } from '../bancho/context.js';
import type { BeatmapsWorld } from './open-store.js';
import { mountDirect } from '../web/direct/routes.js';
import { mountProxy } from '../egress/proxy-route.js';

export function mountBeatmapRoutes(router: HttpRouter, deps: BanchoDeps, world: BeatmapsWorld): void {
  mountDirect(router, {
    storage: deps.storage,
    store: world.store,
    v2: world.v2,
    mirrors: world.mirrors,
    auth: { storage: deps.storage, passwords: deps.passwords },
    log: deps.log.child({ component: 'osu-direct' }),
  });
  mountProxy(router, { egress: world.egress, apiKey: deps.config.beatmaps.proxyApiKey, allowedHosts: deps.config.beatmaps.proxyAllowedHosts });
}
