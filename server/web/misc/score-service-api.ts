/**
 * score-service's own small HTTP API, same paths and shapes:
 * - `GET /api/v1/status` → `{"server_status":1}`;
 * - `GET /api/v1/pp?b=<beatmap id>[&m=<mods>][&g=<mode>][&a=<acc>][&max_combo=<n>]` →
 *   `{"status":200,"message":"ok","song_name","pp","length","stars","ar","bpm"}` where `pp` is one
 *   number for a given accuracy, else the list for 100/99/98/95 % (no misses); unknown map → 400
 *   `{"message":…}`; pp and stars rounded to 2 decimals as performance-service rounds them;
 * - `GET /public/api/v1/aggregate-score-stats/total-scores-set` → the number of rows of the three
 *   score tables.
 */
import { effectiveMode, vanillaOf, type VanillaMode } from '../../../protocol/osu/modes.js';
import type { ComputePool } from '../../../compute/pool.js';
import type { BanchoDeps } from '../../bancho/context.js';
import { json, type HttpRouter } from '../../http/types.js';
import { round2f32 } from '../../api/performance/calculate.js';
import { withParams } from '../support/answers.js';
import { BadParam, Query } from '../support/query.js';

const COMMON_ACCURACIES = [100, 99, 98, 95] as const;
const INT32_MAX = 2_147_483_647;

export function mountScoreServiceApi(router: HttpRouter, deps: BanchoDeps, compute: ComputePool | undefined): void {
  router.route('get', '/api/v1/status', () => json(200, { server_status: 1 }), { headers: [] });

  router.route('get', '/public/api/v1/aggregate-score-stats/total-scores-set', async () => json(200, await deps.storage.webRecords.totalScores()), { headers: [] });

  router.route('get', '/api/v1/pp', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      const acc = q.optional('a');
      if (acc !== undefined && !(/^\s*\d+(\.\d+)?\s*$/.test(acc) && Number(acc) <= 100)) throw new BadParam('a', 'value is not a valid accuracy (0..100)');
      return {
        beatmapId: q.int('b', -INT32_MAX, INT32_MAX),
        mods: q.optionalInt('m', 0, INT32_MAX) ?? 0,
        mode: (q.optionalInt('g', 0, 3) ?? 0) as VanillaMode,
        accuracy: acc === undefined ? undefined : Number(acc),
        combo: q.optionalInt('max_combo', 0, INT32_MAX) ?? 0,
      };
    });
    if (!p.ok) return p.answer;
    const beatmap = await deps.beatmaps.byId(p.value.beatmapId);
    if (!beatmap) return json(400, { message: 'unknown beatmap id' });
    if (!compute) return json(503, { message: 'pp calculation is not available on this server' });
    // score-service's Mode.from_lb: relax/autopilot pick their calculators; the map keeps its mode.
    const mode = vanillaOf(effectiveMode(p.value.mode, p.value.mods));
    // No combo given: the map's max combo (undefined lets the calculator use the file's own).
    const combo = p.value.combo || beatmap.maxCombo || undefined;
    const calc = (accuracy: number) =>
      compute.calculate({ map: { md5: beatmap.beatmapMd5 }, score: { mode, mods: p.value.mods, accuracy, misses: 0, combo } });
    let pp: number | number[];
    let stars: number;
    if (p.value.accuracy === undefined) {
      const results = await Promise.all(COMMON_ACCURACIES.map(calc));
      pp = results.map((r) => round2f32(r.pp));
      stars = round2f32(results[0]!.stars);
    } else {
      const r = await calc(p.value.accuracy);
      pp = round2f32(r.pp);
      stars = round2f32(r.stars);
    }
    return json(200, { status: 200, message: 'ok', song_name: beatmap.songName, pp, length: beatmap.hitLength, stars, ar: beatmap.ar, bpm: beatmap.bpm });
  });
}
