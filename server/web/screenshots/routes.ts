/**
 * Screenshots (score-and-web.md §1.10):
 * - `POST /web/osu-screenshot.php`, multipart: `u`, `p`, `v`, file `ss`. Kept only from a player
 *   who is online, with `User-Agent: osu!`, at most one per 10 s per address, at most 500 kB, and
 *   a real PNG or JPEG (checked by structure, not by name); stored through the blob store as
 *   `screenshots/<8 random letters and digits>.<png|jpeg>` and answered with that name. Any
 *   refusal answers the site's address, as score-service does (the client then opens nothing).
 *   Bad credentials → 401.
 * - `GET /ss/<name>`: the stored image, 404 for a name that is not stored or not a plain name.
 */
import { randomInt } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';
import { BlobKeyError, screenshotKey, type BlobStore } from '../../ports/blob-store.js';
import { MultipartError, parseMultipart } from '../multipart.js';
import { plain } from '../support/answers.js';
import { authenticateWeb, UNAUTHORIZED } from '../web-auth.js';

export const SCREENSHOT_MAX_BYTES = 500_000;
const PER_ADDRESS_MS = 10_000;
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `png` / `jpeg` when the bytes are structurally that image, else undefined. */
export function imageKind(b: Buffer): 'png' | 'jpeg' | undefined {
  // PNG: signature, then the IHDR chunk (length 13) first, then IEND at the very end.
  if (
    b.length >= 8 + 25 + 12 &&
    b.subarray(0, 8).equals(PNG_SIGNATURE) &&
    b.readUInt32BE(8) === 13 &&
    b.toString('latin1', 12, 16) === 'IHDR' &&
    b.toString('latin1', b.length - 8, b.length - 4) === 'IEND'
  ) {
    return 'png';
  }
  // JPEG: start-of-image marker followed by a marker segment, end-of-image marker last.
  if (b.length >= 4 + 2 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9) {
    return 'jpeg';
  }
  return undefined;
}

function randomName(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += NAME_CHARS[randomInt(NAME_CHARS.length)];
  return s;
}

export function mountScreenshots(router: HttpRouter, deps: BanchoDeps, blobs: BlobStore): void {
  const site = `https://${deps.config.domain}/`;
  // Per process: a client behind a balancer may get one extra screenshot through per process.
  const recent = new LRUCache<string, true>({ max: 100_000, ttl: PER_ADDRESS_MS });

  router.route(
    'post',
    '/web/osu-screenshot.php',
    async (req) => {
      let parts;
      try {
        parts = await parseMultipart(req.headers.get('content-type'), req.body, { fieldBytes: 1024, fileBytes: SCREENSHOT_MAX_BYTES + 1, parts: 16 });
      } catch (err) {
        if (err instanceof MultipartError) return plain(`error: ${err.message}`, 400);
        throw err;
      }
      const field = (name: string) => parts.find((x) => x.kind === 'field' && x.name === name)?.value.toString('utf8');
      const user = await authenticateWeb(deps, field('u'), field('p'));
      if (!user) return UNAUTHORIZED;
      const image = parts.find((x) => x.kind === 'file' && x.name === 'ss')?.value;
      const refuse = (why: string) => {
        deps.log.info('screenshot refused', { userId: user.id, why });
        return plain(site);
      };
      if ((await deps.state.sessionsOfUser(user.id)).length === 0) return refuse('offline');
      if (req.headers.get('user-agent') !== 'osu!') return refuse('user agent');
      if (recent.has(req.ip)) return refuse('rate limit');
      recent.set(req.ip, true);
      if (!image || image.length === 0) return refuse('no image');
      if (image.length > SCREENSHOT_MAX_BYTES) return refuse('too large');
      const kind = imageKind(image);
      if (!kind) return refuse('not a png or jpeg');
      const name = `${randomName()}.${kind}`;
      await blobs.put(screenshotKey(name), image, `image/${kind}`);
      return plain(name);
    },
    { maxBodyBytes: SCREENSHOT_MAX_BYTES + 64 * 1024 },
  );

  router.route('get', '/ss/*', async (req) => {
    const name = req.path.slice('/ss/'.length);
    let key: string;
    try {
      if (name.includes('/')) throw new BlobKeyError(name);
      key = screenshotKey(name);
    } catch (err) {
      if (err instanceof BlobKeyError) return plain('not found', 404);
      throw err;
    }
    const bytes = await blobs.get(key);
    if (!bytes) return plain('not found', 404);
    return { status: 200, headers: { 'Content-Type': name.endsWith('.jpeg') || name.endsWith('.jpg') ? 'image/jpeg' : 'image/png' }, body: bytes };
  });
}
