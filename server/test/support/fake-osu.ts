/**
 * Loopback stand-ins for osu!'s servers and download mirrors: `GET /api/get_beatmaps` (v1, string
 * values), `POST /oauth/token` + `/api/v2/beatmaps/lookup`, `/api/v2/beatmapsets/{id}`,
 * `/api/v2/beatmapsets/search` (v2), `GET /osu/{id}`, and mirrors' `GET /d/{set}`. Scripted
 * failures and delays let tests drive limiter and failover behaviour.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, startLoopback, type LoopbackServer, type RecordedRequest } from './loopback-server.js';

export interface FakeMap {
  beatmapId: number;
  setId: number;
  md5: string;
  /** osu! API status (−2 … 4). */
  approved: number;
  artist: string;
  title: string;
  creator: string;
  version: string;
  mode: number;
  stars: number;
  cs: number;
  od: number;
  ar: number;
  hp: number;
  bpm: number;
  maxCombo: number;
  hitLength: number;
  /** `.osu` bytes served at /osu/{id}. */
  file?: Buffer;
}

export interface FakeOsu extends LoopbackServer {
  maps: FakeMap[];
  validKeys: Set<string>;
  tokensIssued: number;
  /** Tokens the API accepts (a test revokes one to force a 401). */
  liveTokens: Set<string>;
  /** Answers for the next requests (status + optional headers), consumed first. */
  script: Array<{ status: number; headers?: Record<string, string>; body?: string }>;
  count(pathPrefix: string): number;
}

const v1Json = (m: FakeMap): Record<string, string | null> => ({
  beatmap_id: String(m.beatmapId),
  beatmapset_id: String(m.setId),
  file_md5: m.md5,
  approved: String(m.approved),
  artist: m.artist,
  title: m.title,
  creator: m.creator,
  creator_id: '2',
  version: m.version,
  mode: String(m.mode),
  difficultyrating: String(m.stars),
  diff_size: String(m.cs),
  diff_overall: String(m.od),
  diff_approach: String(m.ar),
  diff_drain: String(m.hp),
  bpm: String(m.bpm),
  max_combo: String(m.maxCombo),
  hit_length: String(m.hitLength),
  total_length: String(m.hitLength + 10),
  count_normal: '100',
  count_slider: '50',
  count_spinner: '1',
  last_update: '2020-01-02 03:04:05',
  video: '0',
});

const v2Map = (m: FakeMap): Record<string, unknown> => ({
  id: m.beatmapId,
  beatmapset_id: m.setId,
  checksum: m.md5,
  ranked: m.approved,
  version: m.version,
  mode_int: m.mode,
  difficulty_rating: m.stars,
  cs: m.cs,
  accuracy: m.od,
  ar: m.ar,
  drain: m.hp,
  bpm: m.bpm,
  max_combo: m.maxCombo,
  hit_length: m.hitLength,
  total_length: m.hitLength + 10,
  count_circles: 100,
  count_sliders: 50,
  count_spinners: 1,
  last_updated: '2020-01-02T03:04:05+00:00',
  user_id: 2,
});

function v2Set(maps: FakeMap[], withMaps = true): Record<string, unknown> {
  const m = maps[0]!;
  return {
    id: m.setId,
    artist: m.artist,
    title: m.title,
    creator: m.creator,
    ranked: m.approved,
    last_updated: '2020-01-02T03:04:05+00:00',
    video: false,
    ...(withMaps ? { beatmaps: maps.map(v2Map) } : {}),
  };
}

export async function startFakeOsu(): Promise<FakeOsu> {
  let fake!: FakeOsu;
  const handle = (req: RecordedRequest, res: ServerResponse): void => {
    const scripted = fake.script.shift();
    if (scripted) {
      res.writeHead(scripted.status, scripted.headers ?? {});
      res.end(scripted.body ?? '');
      return;
    }
    const url = new URL(req.url, 'http://x');
    const p = url.searchParams;
    if (url.pathname === '/api/get_beatmaps') {
      if (!fake.validKeys.has(p.get('k') ?? '')) return sendJson(res, 401, { error: 'Please provide a valid API key.' });
      const found = fake.maps.filter((m) => (p.has('h') ? m.md5 === p.get('h') : p.has('b') ? m.beatmapId === Number(p.get('b')) : m.setId === Number(p.get('s'))));
      return sendJson(res, 200, found.map(v1Json));
    }
    if (url.pathname === '/oauth/token' && req.method === 'POST') {
      const body = JSON.parse(req.body) as Record<string, string>;
      if (body.client_id !== '42' || body.client_secret !== 'secret' || body.grant_type !== 'client_credentials') return sendJson(res, 401, { error: 'invalid_client' });
      const token = `tok${++fake.tokensIssued}`;
      fake.liveTokens.add(token);
      return sendJson(res, 200, { token_type: 'Bearer', expires_in: 86400, access_token: token });
    }
    if (url.pathname.startsWith('/api/v2/')) {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!fake.liveTokens.has(token)) return sendJson(res, 401, { authentication: 'basic' });
      if (url.pathname === '/api/v2/beatmaps/lookup') {
        const m = fake.maps.find((x) => (p.has('checksum') ? x.md5 === p.get('checksum') : x.beatmapId === Number(p.get('id'))));
        if (!m) return sendJson(res, 404, { error: null });
        return sendJson(res, 200, { ...v2Map(m), beatmapset: v2Set([m], false) });
      }
      const set = /^\/api\/v2\/beatmapsets\/(\d+)$/.exec(url.pathname);
      if (set) {
        const maps = fake.maps.filter((x) => x.setId === Number(set[1]));
        return maps.length === 0 ? sendJson(res, 404, { error: null }) : sendJson(res, 200, v2Set(maps));
      }
      if (url.pathname === '/api/v2/beatmapsets/search') {
        const q = (p.get('q') ?? '').toLowerCase();
        const page = Number(p.get('page') ?? '1');
        const setIds = [...new Set(fake.maps.filter((m) => q === '' || `${m.artist} ${m.title}`.toLowerCase().includes(q)).map((m) => m.setId))];
        const slice = setIds.slice((page - 1) * 50, page * 50);
        return sendJson(res, 200, { beatmapsets: slice.map((id) => v2Set(fake.maps.filter((m) => m.setId === id))) });
      }
      return sendJson(res, 404, { error: null });
    }
    const osu = /^\/osu\/(\d+)$/.exec(url.pathname);
    if (osu) {
      const m = fake.maps.find((x) => x.beatmapId === Number(osu[1]));
      if (!m?.file) {
        res.writeHead(404);
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(m.file);
    }
    res.writeHead(404);
    res.end();
  };
  const server = await startLoopback(handle);
  fake = Object.assign(server, {
    maps: [] as FakeMap[],
    validKeys: new Set(['key1', 'key2']),
    tokensIssued: 0,
    liveTokens: new Set<string>(),
    script: [] as FakeOsu['script'],
    count: (prefix: string) => server.requests.filter((r) => r.url.startsWith(prefix)).length,
  });
  return fake;
}

export function fakeMap(id: number, over: Partial<FakeMap> = {}): FakeMap {
  return {
    beatmapId: id,
    setId: Math.floor(id / 10),
    md5: `${id.toString(16).padStart(8, '0')}${'a'.repeat(24)}`,
    approved: 1,
    artist: 'Camellia',
    title: 'Exit This Earth*s Atomosphere',
    creator: 'Mapper',
    version: `Diff ${id}`,
    mode: 0,
    stars: 5.4321,
    cs: 4,
    od: 8.5,
    ar: 9.2,
    hp: 6,
    bpm: 175.5,
    maxCombo: 1500,
    hitLength: 200,
    ...over,
  };
}
