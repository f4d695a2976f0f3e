/** /b/<id>: a map's leaderboard; /s/<set id>: the set's difficulties; /scores/<id>: one score. */
import type { HttpResponse } from '../../http/types.js';
import { MODE_LABELS, PLAYSTYLE_OF_RX, RX_LABELS } from '../../api/public/format.js';
import { html } from '../html.js';
import { page, type WebRequest, type WebsiteDeps } from '../context.js';
import { fmtAcc, fmtDate, fmtInt, fmtPp, gradeCell, mapScoreTable, modeTabs, modsText, readMode, readRx } from './common.js';

const RANKED_LABELS: Readonly<Record<number, string>> = { [-1]: 'Not submitted', 0: 'Pending', 1: 'Needs update', 2: 'Ranked', 3: 'Approved', 4: 'Qualified', 5: 'Loved' };

const notFound = (w: WebRequest, what: string): HttpResponse => page(w, `${what} not found`, html`<h1>${what} not found</h1>`, { status: 404 });

export async function beatmapPageView(deps: WebsiteDeps, w: WebRequest, id: number): Promise<HttpResponse> {
  const map = await deps.read.beatmapById(id);
  if (!map) return notFound(w, 'Beatmap');
  const mode = w.q.has('mode') ? readMode(w.q) : (Math.min(3, Math.max(0, map.mode)) as 0 | 1 | 2 | 3);
  const rx = readRx(w.q, mode);
  // In-game order: vanilla boards by score, relax and autopilot by pp.
  const sort = rx === 0 ? [{ column: 'score' as const, desc: true }, { column: 'pp' as const, desc: true }] : [{ column: 'pp' as const, desc: true }, { column: 'score' as const, desc: true }];
  const scores = await deps.read.mapScores(PLAYSTYLE_OF_RX[rx], map.beatmapMd5, mode, sort, { offset: 0, limit: 50 }, w.viewer);
  return page(
    w,
    map.songName,
    html`<h1>${map.songName}</h1>
      <p class="muted">${RANKED_LABELS[map.ranked] ?? 'Unknown'} · AR ${map.ar} · OD ${map.od} · ${map.bpm} BPM · ${Math.floor(map.hitLength / 60)}:${String(map.hitLength % 60).padStart(2, '0')} · max combo ${fmtInt(map.maxCombo)}x · <a href=${`/s/${map.beatmapsetId}`}>other difficulties</a></p>
      ${modeTabs(mode, rx, (m, r) => `/b/${map.beatmapId}?mode=${m}&rx=${r}`)}
      <h2>${RX_LABELS[rx]} ${MODE_LABELS[mode]} leaderboard</h2>
      <div id="map-scores">${mapScoreTable(scores, rx)}</div>`,
  );
}

export async function beatmapSetPageView(deps: WebsiteDeps, w: WebRequest, setId: number): Promise<HttpResponse> {
  const maps = await deps.read.beatmaps({ setIds: [setId] }, { offset: 0, limit: 100 });
  if (maps.length === 0) return notFound(w, 'Beatmap set');
  return page(
    w,
    `Set ${setId}`,
    html`<h1>Beatmap set ${setId}</h1>
      <table><thead><tr><th>Difficulty</th><th>Status</th><th class="num">Plays</th></tr></thead>
        <tbody>${maps.map((m) => html`<tr><td><a href=${`/b/${m.beatmapId}`}>${m.songName}</a></td><td>${RANKED_LABELS[m.ranked] ?? ''}</td><td class="num">${fmtInt(m.playcount)}</td></tr>`)}</tbody>
      </table>`,
  );
}

export async function scorePageView(deps: WebsiteDeps, w: WebRequest, rawId: string): Promise<HttpResponse> {
  if (!/^\d{1,20}$/.test(rawId)) return notFound(w, 'Score');
  const rx = readRx(w.q, 0);
  const found = await deps.read.scoreById(PLAYSTYLE_OF_RX[rx], BigInt(rawId));
  const hidden = found && (found.user.privileges & 1) === 0 && found.user.id !== w.viewer.selfId && !w.viewer.seesAll;
  if (!found || hidden) return notFound(w, 'Score');
  const { score: s, user: u, beatmap: b } = found;
  return page(
    w,
    `${u.username} on ${b.songName}`,
    html`<h1><a href=${`/u/${u.id}`}>${u.username}</a> on <a href=${`/b/${b.beatmapId}?mode=${s.playMode}&rx=${rx}`}>${b.songName}</a></h1>
      <table id="score"><tbody>
        <tr><th>Grade</th>${gradeCell(s)}</tr>
        <tr><th>Score</th><td>${fmtInt(s.score)}</td></tr>
        <tr><th>Performance</th><td>${fmtPp(s.pp)}</td></tr>
        <tr><th>Accuracy</th><td>${fmtAcc(s.accuracy)}</td></tr>
        <tr><th>Combo</th><td>${fmtInt(s.maxCombo)}x / ${fmtInt(b.maxCombo)}x${s.fullCombo ? ' (full combo)' : ''}</td></tr>
        <tr><th>Hits</th><td>${s.count300} × 300, ${s.count100} × 100, ${s.count50} × 50, ${s.countMiss} misses</td></tr>
        <tr><th>Mods</th><td>${modsText(s.mods)}</td></tr>
        <tr><th>Mode</th><td>${RX_LABELS[rx]} ${MODE_LABELS[s.playMode]}</td></tr>
        <tr><th>Played</th><td>${fmtDate(s.time)} UTC</td></tr>
      </tbody></table>`,
  );
}
