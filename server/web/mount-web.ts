/**
 * Every /web/ endpoint of the stable client except score submission, on the one uWS app
 * (README.md beside this file lists them with their answers).
 */
import type { BanchoDeps } from '../bancho/context.js';
import type { HttpRouter } from '../http/types.js';
import type { BeatmapLookup } from './beatmap-lookup.js';
import { mountGetScores } from './getscores/route.js';

export function mountWebEndpoints(router: HttpRouter, deps: BanchoDeps): void {
  // The beatmap store (issue 10): the table, then the osu! API for maps not seen yet.
  const lookup: BeatmapLookup = deps.beatmaps;
  mountGetScores(router, deps, lookup);
}
