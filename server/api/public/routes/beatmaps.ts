/** /api/v1/beatmaps: one map by `b`, or a filtered list (bb, s, md5, song_name, ranked_status_frozen). */
import type { Method } from '../context.js';
import { goAtoi, paginate, simple } from '../request.js';
import { beatmapShape, orNull } from '../shapes.js';

const ints = (values: string[]): number[] => values.map((v) => goAtoi(v)).filter((n): n is number => n !== undefined);

export const beatmapsGet: Method = async (md, deps) => {
  const { q } = md;
  const b = q.int('b');
  if (b !== 0) {
    const map = await deps.read.beatmapById(b);
    if (!map) return simple(404, "That beatmap could not be found!");
    return { code: 200, ...beatmapShape(map) };
  }
  const frozen = q.get('ranked_status_frozen');
  const maps = await deps.read.beatmaps(
    {
      ids: ints(q.all('bb')),
      setIds: ints(q.all('s')),
      md5s: q.all('md5'),
      songName: q.get('song_name') === '' ? undefined : q.get('song_name'),
      frozen: frozen === '0' || frozen === '1' ? Number(frozen) : undefined,
    },
    paginate(q, 50),
  );
  return { code: 200, beatmaps: orNull(maps.map(beatmapShape)) };
};
