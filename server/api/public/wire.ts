/**
 * Composition of the public face: the read model over the process's storage, akatsuki-api's
 * routes, the osu! API v1 compatibility routes and the website. Called once from main.ts.
 */
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { publicQueries } from '../../adapters/storage/repositories/public-queries.js';
import type { PublicApiDeps } from './context.js';
import { mountPublicApi } from './routes.js';
import { mountOsuApiV1 } from '../osu-v1/routes.js';
import { profileSettingsRepository } from '../../adapters/storage/repositories/profile-settings.js';
import { loadAssets } from '../../website/assets.js';
import { mountWebsite } from '../../website/routes.js';
import { SessionSigner } from '../../website/session.js';

export function publicApiDeps(deps: BanchoDeps): PublicApiDeps {
  const storage = deps.storage as Partial<KyselyStorage> & BanchoDeps['storage'];
  if (!storage.db) throw new Error('public api: the storage adapter exposes no query builder');
  return {
    read: publicQueries({ db: storage.db, dialect: storage.dialect }),
    settings: profileSettingsRepository({ db: storage.db, dialect: storage.dialect }),
    storage: deps.storage,
    leaderboards: deps.leaderboards,
    state: deps.state,
    clock: deps.clock,
    log: deps.log,
    cacheMs: deps.config.publicCacheMs ?? 0,
  };
}

export function mountPublicFace(router: HttpRouter, deps: BanchoDeps): PublicApiDeps {
  const api = publicApiDeps(deps);
  mountPublicApi(router, api);
  mountOsuApiV1(router, api);
  const { assets, all } = loadAssets();
  mountWebsite(
    router,
    {
      ...api,
      assets,
      signer: new SessionSigner(deps.config.websiteSecret),
      passwords: deps.passwords,
      serverName: deps.config.serverName,
      secureCookies: false,
    },
    all,
  );
  return api;
}
