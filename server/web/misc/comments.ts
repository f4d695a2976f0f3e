/**
 * `POST /web/osu-comment.php` (§1.8, lets' format over Akatsuki's `comments` table). Form fields
 * `u`, `p`, `a` (`get` | `post`), `b` beatmap id, `s` set id, `r` score id; for a post also
 * `target` (`song` | `map` | `replay`), `starttime` (ms into the song), `comment`, optional `f`.
 * - get: the map's, then the set's, then the replay's comments, each by time, one line each:
 *   `time\ttarget\tformat\tcomment`, format = `` | `player` | `bat` | `subscriber` (+ `|colour`).
 * - post: CR/LF/TAB stripped, at most 128 characters; `who` = player on their own best score's
 *   replay, else admin (panel access), donor, or normal; a colour only from donors; a second
 *   comment by the same player on the same target within ±5 s is refused. Answers an empty body.
 */
import type { BanchoDeps } from '../../bancho/context.js';
import { isDonor, Privileges } from '../../domain/privileges.js';
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import type { CommentTarget, CommentWho } from '../../ports/web-records.js';
import { playstyleOfScoreId } from '../replays/score-tables.js';
import { plain } from '../support/answers.js';
import { authenticateWeb } from '../web-auth.js';

const FORMAT: Record<CommentWho, string> = { normal: '', player: 'player', admin: 'bat', donor: 'subscriber' };
const MAX_LENGTH = 128;
const NEAR_MS = 5000;

function intField(form: URLSearchParams, name: string): number | undefined {
  const v = form.get(name);
  if (v === null || !/^-?\d{1,10}$/.test(v.trim())) return undefined;
  const n = Number(v.trim());
  return Math.abs(n) <= 2_147_483_647 ? n : undefined;
}

export function mountComments(router: HttpRouter, deps: BanchoDeps): void {
  router.route('post', '/web/osu-comment.php', (req) => comment(deps, req), { maxBodyBytes: 16 * 1024 });
}

async function comment(deps: BanchoDeps, req: HttpRequest): Promise<HttpResponse> {
  const form = new URLSearchParams(req.body.toString('utf8'));
  const user = await authenticateWeb(deps, form.get('u'), form.get('p'));
  if (!user) return plain('error: pass', 401);
  const action = form.get('a');
  const beatmapId = intField(form, 'b') ?? 0;
  const setId = intField(form, 's') ?? 0;
  const scoreId = intField(form, 'r') ?? 0;

  if (action === 'get') {
    const lines: string[] = [];
    const targets: Array<[CommentTarget, string]> = [
      [{ kind: 'map', id: beatmapId }, 'map'],
      [{ kind: 'song', id: setId }, 'song'],
      [{ kind: 'replay', id: scoreId }, 'replay'],
    ];
    for (const [target, label] of targets) {
      if (target.id <= 0) continue;
      for (const c of await deps.storage.webRecords.comments(target)) {
        const format = FORMAT[c.who] + (c.specialFormat ? `|${c.specialFormat}` : '');
        lines.push(`${c.time}\t${label}\t${format}\t${c.comment}`);
      }
    }
    return plain(lines.join('\n'));
  }

  if (action !== 'post') return plain('error: a must be get or post', 400);
  const kind = form.get('target');
  if (kind !== 'song' && kind !== 'map' && kind !== 'replay') return plain('error: target must be song, map or replay', 400);
  const time = intField(form, 'starttime');
  if (time === undefined) return plain('error: starttime must be an integer', 400);
  const text = (form.get('comment') ?? '').replace(/[\r\n\t]/g, '').slice(0, MAX_LENGTH);
  if (text.trim() === '') return plain('error: empty comment', 400);
  const target: CommentTarget = kind === 'map' ? { kind, id: beatmapId } : kind === 'song' ? { kind, id: setId } : { kind, id: scoreId };
  if (target.id <= 0) return plain(`error: no id for target ${kind}`, 400);

  let who: CommentWho = 'normal';
  if (kind === 'replay') {
    const score = await deps.storage.scores.findById(playstyleOfScoreId(BigInt(scoreId)), BigInt(scoreId));
    if (score && score.userId === user.id && score.completed === 3) who = 'player';
  }
  if (who === 'normal') {
    if (user.privileges & Privileges.AdminAccessPanel) who = 'admin';
    else if (user.privileges & Privileges.Donator) who = 'donor';
  }
  const colour = form.get('f');
  const specialFormat = colour && isDonor(user.privileges) && /^[0-9a-fA-F]{6}$/.test(colour) ? colour : null;
  if (await deps.storage.webRecords.hasCommentNear(user.id, target, time, NEAR_MS)) return plain('');
  await deps.storage.webRecords.addComment({
    userId: user.id,
    time,
    who,
    specialFormat,
    comment: text,
    beatmapId: kind === 'map' ? beatmapId : 0,
    beatmapsetId: kind === 'song' ? setId : 0,
    scoreId: kind === 'replay' ? scoreId : 0,
  });
  return plain('');
}
