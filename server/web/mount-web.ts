/**
 * Every /web/ endpoint of the stable client except score submission, on the one uWS app
 * (README.md beside this file lists them with their answers).
 */
import type { BanchoDeps } from '../bancho/context.js';
import type { HttpRouter } from '../http/types.js';
import { beatmapLookup } from './beatmap-lookup.js';
import { mountGetScores } from './getscores/route.js';

export function mountWebEndpoints(router: HttpRouter, deps: BanchoDeps): void {
  const lookup = beatmapLookup(deps.storage);
  mountGetScores(router, deps, lookup);
}
