/** /leaderboard: global or country, every mode, vanilla/relax/autopilot, by pp or by score. */
import type { HttpResponse } from '../../http/types.js';
import { leaderboardPage } from '../../api/public/routes/leaderboard.js';
import { MODE_LABELS, RX_LABELS } from '../../api/public/format.js';
import { html } from '../html.js';
import { page, type WebRequest, type WebsiteDeps } from '../context.js';
import { fmtAcc, fmtInt, fmtPp, modeTabs, readMode, readRx } from './common.js';

const PER_PAGE = 50;

export async function leaderboardPageView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  const mode = readMode(w.q);
  const rx = readRx(w.q, mode);
  const sort = w.q.get('sort') === 'score' ? 'score' : 'pp';
  const ccRaw = (w.q.get('country') ?? '').toUpperCase();
  const country = /^[A-Z]{2}$/.test(ccRaw) ? ccRaw : undefined;
  const p = Math.max(1, Math.min(1000, Number(w.q.get('p')) || 1));
  const { entries } = await leaderboardPage(deps, { rx, mode, sort, country, offset: (p - 1) * PER_PAGE, limit: PER_PAGE, playedOnly: true });
  const link = (over: Record<string, string | number | undefined>): string => {
    const params = new URLSearchParams();
    const all = { mode, rx, sort, country, p, ...over };
    for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '' && !(k === 'p' && v === 1)) params.set(k, String(v));
    return `/leaderboard?${params.toString()}`;
  };
  const title = `${country ? `${country} ` : ''}${RX_LABELS[rx]} ${MODE_LABELS[mode]} leaderboard`;
  return page(
    w,
    title,
    html`<h1>${title}</h1>
      ${modeTabs(mode, rx, (m, r) => link({ mode: m, rx: r, p: 1 }))}
      <div class="tabs" role="navigation" aria-label="Sort">
        <a href=${link({ sort: 'pp', p: 1 })} aria-current=${sort === 'pp' ? 'page' : undefined}>By pp</a>
        <a href=${link({ sort: 'score', p: 1 })} aria-current=${sort === 'score' ? 'page' : undefined}>By score</a>
        ${country ? html`<a href=${link({ country: undefined, p: 1 })}>Global</a>` : null}
      </div>
      ${entries.length === 0
        ? html`<p class="muted">Nobody is ranked here yet.</p>`
        : html`<table id="leaderboard">
            <thead><tr><th class="num">Rank</th><th>Player</th><th class="num">${sort === 'pp' ? 'pp' : 'Ranked score'}</th><th class="num">Accuracy</th><th class="num">Play count</th></tr></thead>
            <tbody>
              ${entries.map(
                (e, i) => html`<tr data-user=${e.user.id}>
                  <td class="num">#${sort === 'pp' ? (country ? e.countryRank : e.rank) ?? (p - 1) * PER_PAGE + i + 1 : (p - 1) * PER_PAGE + i + 1}</td>
                  <td><a href=${`/u/${e.user.id}?mode=${mode}&rx=${rx}`}>${e.user.username}</a> <a class="flag" href=${link({ country: e.user.country, p: 1 })}>${e.user.country}</a></td>
                  <td class="num">${sort === 'pp' ? fmtPp(e.stats.pp) : fmtInt(e.stats.rankedScore)}</td>
                  <td class="num">${fmtAcc(e.stats.avgAccuracy)}</td>
                  <td class="num">${fmtInt(e.stats.playcount)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      <nav class="tabs" aria-label="Pages">
        ${p > 1 ? html`<a href=${link({ p: p - 1 })} rel="prev">Previous</a>` : null}
        ${entries.length === PER_PAGE ? html`<a href=${link({ p: p + 1 })} rel="next">Next</a>` : null}
      </nav>`,
  );
}
