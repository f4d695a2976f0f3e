/**
 * `POST /web/osu-getbeatmapinfo.php?u&h` with a JSON body `{"Filenames": [...], "Ids": [...]}`
 * (§1.7; bancho.py's answer, Akatsuki has no handler): for every requested file name the server
 * knows, `index|beatmap id|set id|md5|status|g0|g1|g2|g3`, where index is the name's position in
 * the request, status the osu! API value and gN the player's grade on their best score in
 * vanilla mode N (`N` without one). Unknown names are skipped; `Ids` is ignored like everywhere.
 */
import { isVanillaMode, type VanillaMode } from '../../../protocol/osu/modes.js';
import { accuracyOf, gradeOf } from '../../../protocol/osu/score-rules.js';
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';
import { plain, withParams } from '../support/answers.js';
import { Query } from '../support/query.js';
import { authenticateWeb, UNAUTHORIZED } from '../web-auth.js';

/** Server (client) status → osu! API `approved` (§3.2). */
export function osuApiStatus(ranked: number): number {
  switch (ranked) {
    case 2:
      return 1;
    case 3:
      return 2;
    case 4:
      return 3;
    case 5:
      return 4;
    default:
      return 0;
  }
}

/** At most this many names per request (the client asks for a few hundred at a time). */
const MAX_NAMES = 2000;

export function mountBeatmapInfo(router: HttpRouter, deps: BanchoDeps): void {
  router.route(
    'post',
    '/web/osu-getbeatmapinfo.php',
    async (req) => {
      const p = withParams(() => {
        const q = new Query(req.query);
        return { name: q.string('u'), md5: q.string('h') };
      });
      if (!p.ok) return p.answer;
      const user = await authenticateWeb(deps, p.value.name, p.value.md5);
      if (!user) return UNAUTHORIZED;
      let names: unknown;
      try {
        names = (JSON.parse(req.body.toString('utf8')) as { Filenames?: unknown }).Filenames;
      } catch {
        return plain('error: body must be JSON {"Filenames": [...]}', 400);
      }
      if (!Array.isArray(names) || names.length > MAX_NAMES || !names.every((n) => typeof n === 'string')) {
        return plain(`error: Filenames must be a list of at most ${MAX_NAMES} strings`, 400);
      }
      const lines: string[] = [];
      for (const [index, fileName] of (names as string[]).entries()) {
        const map = await deps.beatmaps.byFileName(fileName);
        if (!map) continue;
        const grades: string[] = ['N', 'N', 'N', 'N'];
        const best = await deps.storage.scores.page({ playstyle: 'vanilla', userId: user.id, beatmapMd5: map.beatmapMd5, minCompleted: 3 }, 16);
        for (const s of best) {
          if (s.completed !== 3 || !isVanillaMode(s.playMode)) continue;
          const mode: VanillaMode = s.playMode;
          grades[mode] = gradeOf(mode, s.mods, s, accuracyOf(mode, s));
        }
        lines.push(`${index}|${map.beatmapId}|${map.beatmapsetId}|${map.beatmapMd5}|${osuApiStatus(map.ranked)}|${grades.join('|')}`);
      }
      return plain(lines.join('\n'));
    },
    { maxBodyBytes: 512 * 1024 },
  );
}
