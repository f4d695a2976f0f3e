/**
 * `POST /web/osu-submit-modular-selector.php` (score-and-web.md §2): multipart → the two `score`
 * parts in order → decryption (§2.2) → the score string (§2.3) → the use-case
 * (server/scores/submit-score.ts). Anything malformed answers `error: no` and writes nothing.
 */
import type { HttpRequest, HttpResponse, HttpRouter } from '../../http/types.js';
import { decodeBase64, decodeIv, decryptField, scoreKey, ScoreCipherError } from '../../../protocol/osu/score-cipher.js';
import { parseScoreData, ScoreDataError } from '../../../protocol/osu/score-data.js';
import { fieldText, MultipartError, parseMultipart, type FormPart } from '../multipart.js';
import { submitScore, type SubmissionRequest, type SubmitDeps } from '../../scores/submit-score.js';

export const SUBMISSION_PATH = '/web/osu-submit-modular-selector.php';

/** Limits: replays of long maps run to a few MiB; text fields are short. */
export const SUBMISSION_LIMITS = { requestBytes: 24 * 1024 * 1024, fileBytes: 16 * 1024 * 1024, fieldBytes: 64 * 1024, parts: 32 };

const answer = (body: string): HttpResponse => ({ status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The request as the use-case wants it, or the reason it is refused. */
export async function decodeSubmission(req: HttpRequest): Promise<SubmissionRequest | { refused: string }> {
  let parts: FormPart[];
  try {
    parts = await parseMultipart(req.headers.get('content-type'), req.body, {
      fieldBytes: SUBMISSION_LIMITS.fieldBytes,
      fileBytes: SUBMISSION_LIMITS.fileBytes,
      parts: SUBMISSION_LIMITS.parts,
    });
  } catch (err) {
    if (err instanceof MultipartError) return { refused: `multipart: ${err.message}` };
    throw err;
  }
  // Exactly two `score` parts: the encrypted string first, the replay file second (§2.1).
  const scoreParts = parts.filter((p) => p.name === 'score');
  if (scoreParts.length !== 2 || scoreParts[0]!.kind !== 'field' || scoreParts[1]!.kind !== 'file') {
    return { refused: 'expected two score parts (text, then file)' };
  }
  const osuVersion = fieldText(parts, 'osuver');
  let scoreText: string;
  let clientHash: string;
  try {
    const key = scoreKey(osuVersion);
    const iv = decodeIv(fieldText(parts, 'iv'));
    scoreText = utf8.decode(decryptField(decodeBase64(scoreParts[0]!.value.toString('latin1'), 'score'), key, iv));
    clientHash = utf8.decode(decryptField(decodeBase64(fieldText(parts, 's'), 's'), key, iv));
  } catch (err) {
    if (err instanceof ScoreCipherError) return { refused: `cipher: ${err.message}` };
    if (err instanceof TypeError) return { refused: 'decrypted data is not UTF-8' };
    throw err;
  }
  const data = parseScoreData(scoreText);
  if (data instanceof ScoreDataError) return { refused: `score data: ${data.message}` };
  const int = (name: string): number => {
    const v = fieldText(parts, name);
    return /^\d{1,12}$/.test(v) ? Number(v) : 0;
  };
  const fields: Record<string, string> = {};
  for (const p of parts) if (p.kind === 'field' && p.name !== 'score') fields[p.name] = p.value.toString('utf8');
  return {
    data,
    clientHash,
    osuVersion,
    passwordMd5: fieldText(parts, 'pass'),
    exited: fieldText(parts, 'x') === '1',
    failTimeMs: int('ft'),
    scoreTimeMs: int('st'),
    updatedBeatmapMd5: fieldText(parts, 'bmk'),
    storyboardMd5: fieldText(parts, 'sbk'),
    uniqueIds: fieldText(parts, 'c1'),
    userAgent: req.headers.get('user-agent') ?? '',
    token: req.headers.get('token') ?? null,
    replay: scoreParts[1]!.value,
    fields,
  };
}

export function mountSubmissionRoute(router: HttpRouter, deps: SubmitDeps, path = SUBMISSION_PATH): void {
  router.route(
    'post',
    path,
    async (req) => {
      const decoded = await decodeSubmission(req);
      if ('refused' in decoded) {
        deps.bancho.log.info('score submission refused', { reason: decoded.refused, ip: req.ip });
        return answer('error: no');
      }
      const result = await submitScore(deps, decoded);
      return answer(result.body);
    },
    { maxBodyBytes: SUBMISSION_LIMITS.requestBytes, headers: ['content-type', 'user-agent', 'token'], query: false },
  );
}
