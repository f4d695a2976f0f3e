/**
 * Who is online and the live multiplayer matches, from the live state (Redis or in-process).
 * The lists re-render server-side; htmx swaps the fragment in every few seconds, and without
 * JavaScript the page is simply current as of its load.
 */
import type { HttpResponse } from '../../http/types.js';
import { SlotStatus } from '../../../protocol/bancho/types.js';
import { MODE_LABELS } from '../../api/public/format.js';
import { html, type Node } from '../html.js';
import { fragment, page, type WebRequest, type WebsiteDeps } from '../context.js';
import { fmtDate, modsText } from './common.js';

const ACTIONS = ['Idle', 'Away', 'Playing', 'Editing', 'Modding', 'In multiplayer', 'Watching', 'Unknown', 'Testing', 'Submitting', 'Paused', 'In the lobby', 'Multiplaying', 'Browsing osu!direct'];
const REFRESH = 'every 5s';

async function onlineList(deps: WebsiteDeps): Promise<Node> {
  const sessions = await deps.state.allSessions();
  const byUser = new Map<number, (typeof sessions)[number]>();
  for (const s of sessions) if ((s.privileges & 1) === 1) byUser.set(s.userId, s);
  const presences = await deps.state.getPresences([...byUser.keys()]);
  const presence = new Map(presences.map((p) => [p.userId, p]));
  const users = [...byUser.values()].sort((a, b) => a.username.localeCompare(b.username));
  return html`<p id="online-count">${users.length} ${users.length === 1 ? 'player' : 'players'} online</p>
    <table id="online"><thead><tr><th>Player</th><th>Status</th><th>Mode</th></tr></thead>
      <tbody>${users.map((s) => {
        const p = presence.get(s.userId);
        return html`<tr data-user=${s.userId}><td><a href=${`/u/${s.userId}`}>${s.username}</a> <span class="flag">${s.country}</span></td>
          <td>${ACTIONS[p?.action ?? 0] ?? 'Idle'}${p?.infoText ? html` · ${p.infoText}` : null}</td>
          <td>${MODE_LABELS[(p?.mode ?? 0) % 4]}${p && p.mode >= 4 ? (p.mode === 8 ? ' (AP)' : ' (RX)') : ''}</td></tr>`;
      })}</tbody></table>`;
}

export async function onlinePageView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  const list = await onlineList(deps);
  if (w.q.get('fragment') === '1') return fragment(list);
  return page(w, 'Online', html`<h1>Online now</h1><div hx-get="/online?fragment=1" hx-trigger=${REFRESH} aria-live="polite">${list}</div>`, { live: true });
}

async function matchList(deps: WebsiteDeps): Promise<Node> {
  const matches = (await deps.state.listMatches()).filter((m) => m.password === null);
  const ids = [...new Set(matches.flatMap((m) => m.slots.filter((s) => (s.status & SlotStatus.HasPlayer) !== 0).map((s) => s.userId)))];
  const names = new Map((await deps.state.getPresences(ids)).map((p) => [p.userId, p.username]));
  // A slot may outlive its occupant's presence (disconnect mid-match): fall back to the account.
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length > 0) for (const u of await deps.storage.users.findManyByIds(missing)) names.set(u.id, u.username);
  if (matches.length === 0) return html`<p id="match-count">No public matches right now.</p>`;
  return html`<p id="match-count">${matches.length} ${matches.length === 1 ? 'match' : 'matches'}</p>
    ${matches.map((m) => {
      const players = m.slots.filter((s) => (s.status & SlotStatus.HasPlayer) !== 0);
      return html`<section class="card" data-match=${m.id}>
        <h2><a href=${`/matches/${m.dbId}`}>${m.name}</a> <span class="muted">${m.inProgress ? 'playing' : 'waiting'}</span></h2>
        <p class="muted">${MODE_LABELS[m.mode] ?? ''} · ${m.beatmapName || 'no map'} · ${modsText(m.mods)}</p>
        <ul>${players.map((s) => html`<li><a href=${`/u/${s.userId}`}>${names.get(s.userId) ?? `#${s.userId}`}</a>${s.userId === m.hostId ? ' (host)' : ''}</li>`)}</ul>
      </section>`;
    })}`;
}

export async function matchesPageView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  const list = await matchList(deps);
  if (w.q.get('fragment') === '1') return fragment(list);
  return page(w, 'Matches', html`<h1>Live matches</h1><div hx-get="/matches?fragment=1" hx-trigger=${REFRESH} aria-live="polite">${list}</div>`, { live: true });
}

export async function matchHistoryView(deps: WebsiteDeps, w: WebRequest, id: number): Promise<HttpResponse> {
  const m = await deps.read.match(id);
  if (!m || m.private) return page(w, 'Match not found', html`<h1>Match not found</h1>`, { status: 404 });
  const events = await deps.read.matchEvents(id);
  return page(
    w,
    m.name,
    html`<h1>${m.name}</h1>
      <p class="muted">Started ${fmtDate(m.startTime)} UTC${m.endTime === null ? ' · still open' : ` · ended ${fmtDate(m.endTime)} UTC`}</p>
      <table><thead><tr><th>Time</th><th>Event</th><th>Player</th></tr></thead>
        <tbody>${events.map((e) => html`<tr><td>${fmtDate(e.timestamp)}</td><td>${e.type.replace('MATCH_', '').toLowerCase().replaceAll('_', ' ')}</td><td>${e.user ? html`<a href=${`/u/${e.user.id}`}>${e.user.username}</a>` : ''}</td></tr>`)}</tbody>
      </table>`,
  );
}

export async function searchPageView(deps: WebsiteDeps, w: WebRequest): Promise<HttpResponse> {
  const q = (w.q.get('q') ?? '').trim();
  const safe = q.toLowerCase().replaceAll(' ', '_');
  const users = safe === '' ? [] : await deps.read.lookupUsers(safe, undefined, w.viewer);
  return page(
    w,
    'Search',
    html`<h1>Search players</h1>
      <form method="get" action="/search" class="stack"><label>Name <input type="search" name="q" value=${q} /></label><button type="submit">Search</button></form>
      ${q === '' ? null : users.length === 0 ? html`<p>No player matches “${q}”.</p>` : html`<ul id="results">${users.map((u) => html`<li><a href=${`/u/${u.id}`}>${u.username}</a></li>`)}</ul>`}`,
  );
}
