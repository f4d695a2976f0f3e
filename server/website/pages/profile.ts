/**
 * /u/<id or name>: stats per mode and playstyle, ranks, badges, the pp and rank history chart
 * (uPlot over user_profile_history; a table of the same points without JavaScript), best and
 * recent scores.
 */
import type { HttpResponse } from '../../http/types.js';
import { ranksOf } from '../../api/public/routes/users.js';
import { levelPrecise, MODE_LABELS, PLAYSTYLE_OF_RX, RX_LABELS } from '../../api/public/format.js';
import { escapeHtml } from '../../api/public/routes/users.js';
import { html } from '../html.js';
import { page, type WebRequest, type WebsiteDeps } from '../context.js';
import { fmtAcc, fmtDate, fmtInt, fmtPp, modeTabs, readMode, readRx, userScoreTable } from './common.js';

const HISTORY_DAYS = 90;

export async function profilePageView(deps: WebsiteDeps, w: WebRequest, idOrName: string): Promise<HttpResponse> {
  const key = /^\d{1,10}$/.test(idOrName) ? { id: Number(idOrName) } : { safeName: idOrName.trim().toLowerCase().replaceAll(' ', '_') };
  const user = await deps.read.findUser(key, w.viewer);
  if (!user) return page(w, 'Player not found', html`<h1>Player not found</h1><p>No such player, or they are restricted.</p>`, { status: 404 });
  const mode = w.q.has('mode') ? readMode(w.q) : (user.favouriteMode >= 0 && user.favouriteMode <= 3 ? readMode(new URLSearchParams(`mode=${user.favouriteMode}`)) : 0);
  const rx = readRx(w.q, mode);
  const modeValue = mode + 4 * rx;
  const playstyle = PLAYSTYLE_OF_RX[rx];
  const [stats, ranks, badges, best, recent, history] = await Promise.all([
    deps.storage.stats.get(user.id, modeValue as never),
    ranksOf(deps, rx, mode, user.id, user.country),
    deps.read.badgesOf(user.id),
    deps.read.userScores('best', playstyle, user.id, mode, { offset: 0, limit: 10 }),
    deps.read.userScores('recent', playstyle, user.id, mode, { offset: 0, limit: 10 }),
    deps.read.profileHistory(user.id, modeValue, w.nowS - HISTORY_DAYS * 86_400),
  ]);
  const points = history.map((h) => [h.capturedAt, h.pp, h.rank]);
  const card = (label: string, value: string, id?: string) => html`<div class="card"><div class="label">${label}</div><div class="value" id=${id}>${value}</div></div>`;
  const restricted = (user.privileges & 1) === 0;
  return page(
    w,
    user.username,
    html`<h1>${user.username} <span class="flag">${user.country}</span></h1>
      ${restricted ? html`<p class="error">This account is restricted: only you and staff can see it.</p>` : null}
      ${badges.length > 0 ? html`<p>${badges.map((b) => html`<span class="badge" title=${b.name}>${b.name}</span>`)}</p>` : null}
      ${modeTabs(mode, rx, (m, r) => `/u/${user.id}?mode=${m}&rx=${r}`)}
      <h2>${RX_LABELS[rx]} ${MODE_LABELS[mode]}</h2>
      <div class="cards">
        ${card('Global rank', ranks.global === null ? '-' : `#${fmtInt(ranks.global)}`, 'global-rank')}
        ${card('Country rank', ranks.country === null ? '-' : `#${fmtInt(ranks.country)}`, 'country-rank')}
        ${card('Performance', fmtPp(stats?.pp ?? 0), 'pp')}
        ${card('Accuracy', fmtAcc(stats?.avgAccuracy ?? 0))}
        ${card('Play count', fmtInt(stats?.playcount ?? 0))}
        ${card('Ranked score', fmtInt(stats?.rankedScore ?? 0))}
        ${card('Total score', fmtInt(stats?.totalScore ?? 0))}
        ${card('Level', Math.floor(levelPrecise(Number(stats?.totalScore ?? 0))).toString())}
        ${card('Max combo', `${fmtInt(stats?.maxCombo ?? 0)}x`)}
        ${card('Joined', fmtDate(user.registerDatetime).slice(0, 10))}
      </div>
      <h2>History (last ${HISTORY_DAYS} days)</h2>
      ${points.length === 0
        ? html`<p class="muted">No history recorded yet.</p>`
        : html`<div class="chart" id="history-chart" data-history="history-data" role="img" aria-label=${`pp and rank over the last ${HISTORY_DAYS} days, ${points.length} points`}>
              <table>
                <thead><tr><th>Date</th><th class="num">pp</th><th class="num">Rank</th></tr></thead>
                <tbody>${history.map((h) => html`<tr><td>${fmtDate(h.capturedAt).slice(0, 10)}</td><td class="num">${fmtInt(h.pp)}</td><td class="num">#${fmtInt(h.rank)}</td></tr>`)}</tbody>
              </table>
            </div>
            <script type="application/json" id="history-data" dangerouslySetInnerHTML=${{ __html: JSON.stringify(points).replace(/</g, '\\u003c') }}></script>`}
      ${user.userpageContent ? html`<h2>Userpage</h2><div class="card" dangerouslySetInnerHTML=${{ __html: escapeHtml(user.userpageContent).replaceAll('\n', '<br>') }}></div>` : null}
      <h2>Best performance</h2>
      <div id="best-scores">${userScoreTable(best, rx, 'Best scores')}</div>
      <h2>Recent plays</h2>
      <div id="recent-scores">${userScoreTable(recent, rx, 'Recent scores')}</div>`,
    { chart: points.length > 0 },
  );
}
