/**
 * Replays (shared/spec/score-and-web.md §1.3, §2.17):
 * - `GET /web/osu-getreplay.php?u&h&c=<score id>`: the stored frames exactly as uploaded; a view
 *   by anyone but the owner adds one to the owner's `replays_watched` in the score's mode;
 *   unknown score → `error: no`, score without a stored replay → empty body.
 * - `GET /web/replays/<score id>`: a complete `.osr` (header from the score row, the frames, the
 *   score id) as an attachment named `replay-<mode>_<beatmap id>_<score id>.osr`; the missing
 *   pieces answer score-service's texts (`Score not found!`, `Replay not found!` …).
 */
import { effectiveMode } from '../../../protocol/osu/modes.js';
import { replayFileName, writeOsr } from '../../../protocol/replay/index.js';
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';
import { replayKey, type BlobStore } from '../../ports/blob-store.js';
import type { ScoreRow } from '../../ports/storage.js';
import type { BeatmapLookup } from '../beatmap-lookup.js';
import { bytes, plain, withParams } from '../support/answers.js';
import { BadParam, Query } from '../support/query.js';
import { authenticateWeb, UNAUTHORIZED } from '../web-auth.js';
import { parseScoreId, playstyleOfScoreId } from './score-tables.js';

export function mountReplays(router: HttpRouter, deps: BanchoDeps, blobs: BlobStore, lookup: BeatmapLookup): void {
  router.route('get', '/web/osu-getreplay.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      const name = q.string('u');
      const md5 = q.string('h');
      const id = parseScoreId(q.string('c'));
      if (id === undefined) throw new BadParam('c', 'value is not a valid integer');
      return { name, md5, id };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return UNAUTHORIZED;
    const score = await deps.storage.scores.findById(playstyleOfScoreId(p.value.id), p.value.id);
    if (!score) return plain('error: no');
    const frames = await blobs.get(replayKey(p.value.id));
    if (!frames) return plain('');
    if (score.userId !== user.id) {
      await deps.storage.webRecords.incrementReplaysWatched(score.userId, effectiveMode(score.playMode, score.mods));
    }
    return bytes(frames);
  });

  router.route('get', '/web/replays/*', async (req) => {
    const id = parseScoreId(req.path.slice('/web/replays/'.length));
    if (id === undefined) return plain('{"detail":[{"loc":["path","score_id"],"msg":"value is not a valid integer"}]}', 422);
    const score = await deps.storage.scores.findById(playstyleOfScoreId(id), id);
    if (!score) return plain('Score not found!');
    const frames = await blobs.get(replayKey(id));
    if (!frames) return plain('Replay not found!');
    const beatmap = await lookup.byMd5(score.beatmapMd5);
    if (!beatmap) return plain('Beatmap not found!');
    const owner = await deps.storage.users.findById(score.userId);
    if (!owner) return plain('User not found!');
    const osr = fullReplay(score, owner.username, frames);
    const name = replayFileName(score.playMode, beatmap.beatmapId, 0).replace(/_0\.osr$/, `_${id}.osr`);
    return bytes(osr, { 'Content-Disposition': `attachment; filename=${name}` });
  });
}

/** The .osr of a stored score; the int64 score id is written exactly (autopilot ids exceed 2^53). */
export function fullReplay(score: ScoreRow, username: string, frames: Uint8Array): Uint8Array {
  const out = Buffer.from(
    writeOsr(
      {
        scoreId: score.id,
        mode: score.playMode,
        beatmapMd5: score.beatmapMd5,
        username,
        count300: score.count300,
        count100: score.count100,
        count50: score.count50,
        countGeki: score.countGeki,
        countKatu: score.countKatu,
        countMiss: score.countMiss,
        score: score.score,
        maxCombo: score.maxCombo,
        perfect: score.fullCombo,
        mods: score.mods,
        playedAt: score.time,
      },
      frames,
    ),
  );
  return out;
}
