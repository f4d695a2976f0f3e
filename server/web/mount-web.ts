/**
 * Every /web/ endpoint of the stable client except score submission and osu!direct, on the one
 * uWS app (README.md beside this file lists them with their answers).
 */
import type { ComputePool } from '../../compute/pool.js';
import type { BanchoDeps } from '../bancho/context.js';
import type { HttpRouter } from '../http/types.js';
import type { BlobStore } from '../ports/blob-store.js';
import { beatmapLookup } from './beatmap-lookup.js';
import { mountGetScores } from './getscores/route.js';
import { mountBeatmapInfo } from './misc/beatmap-info.js';
import { mountComments } from './misc/comments.js';
import { mountLastfm } from './misc/lastfm.js';
import { mountRatingsFavouritesFriends } from './misc/ratings-favourites-friends.js';
import { mountScoreServiceApi } from './misc/score-service-api.js';
import { mountSimpleRoutes } from './misc/simple-routes.js';
import { mountReplays } from './replays/routes.js';
import { mountScreenshots } from './screenshots/routes.js';

export function mountWebEndpoints(router: HttpRouter, deps: BanchoDeps, extra: { compute: ComputePool | undefined; blobs: BlobStore }): void {
  const lookup = beatmapLookup(deps.beatmaps);
  mountGetScores(router, deps, lookup);
  mountReplays(router, deps, extra.blobs, lookup);
  mountLastfm(router, deps);
  mountRatingsFavouritesFriends(router, deps, lookup);
  mountBeatmapInfo(router, deps);
  mountComments(router, deps);
  mountSimpleRoutes(router, deps);
  mountScreenshots(router, deps, extra.blobs);
  mountScoreServiceApi(router, deps, extra.compute);
}
