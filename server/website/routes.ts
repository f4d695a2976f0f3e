/**
 * The website on the shared app, at hanayo's paths so old links keep working: /leaderboard,
 * /u/<id or name> (and /rx/u/… redirects), /b/<id>, /s/<set id>, /scores/<id>, /online,
 * /matches, /matches/<id>, /search, /register, /login, /logout, /settings; assets under
 * /static/ (fingerprinted). `GET /` stays the bancho status line.
 *
 * Anonymous GET pages are cached whole for PUBLIC_CACHE_MS (they are the same for every visitor);
 * a logged-in visitor's pages are rendered fresh (their navigation and hidden-user view differ).
 */
import { LRUCache } from 'lru-cache';
import { Privileges } from '../domain/privileges.js';
import type { HttpRequest, HttpResponse, HttpRouter } from '../http/types.js';
import type { WebsiteDeps, WebRequest } from './context.js';
import { htmlAnswer, redirect } from './context.js';
import { renderPage } from './html.js';
import { layout } from './layout.js';
import { html } from './html.js';
import { mountAssets, type loadAssets } from './assets.js';
import { leaderboardPageView } from './pages/leaderboard.js';
import { profilePageView } from './pages/profile.js';
import { beatmapPageView, beatmapSetPageView, scorePageView } from './pages/beatmaps.js';
import { matchesPageView, matchHistoryView, onlinePageView, searchPageView } from './pages/live.js';
import { loginView, logoutView, registerView, settingsView } from './pages/account.js';

/** A path segment with its %-escapes decoded; a malformed escape is kept as written (then simply not found). */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type View = (deps: WebsiteDeps, w: WebRequest, param: string) => Promise<HttpResponse> | HttpResponse;

export function mountWebsite(router: HttpRouter, deps: WebsiteDeps, assetFiles: ReturnType<typeof loadAssets>['all']): void {
  mountAssets(router, assetFiles);
  const cache = (deps.cacheMs > 0 ? new LRUCache<string, HttpResponse>({ max: 2000, ttl: deps.cacheMs }) : undefined);

  const handle = (view: View, prefix = '') =>
    async (req: HttpRequest): Promise<HttpResponse> => {
      const nowS = Math.floor(deps.clock.now() / 1000);
      const cookieHeader = req.headers.get('cookie');
      const userId = deps.signer.verify(cookieHeader, nowS);
      const user = userId === 0 ? undefined : await deps.storage.users.findById(userId);
      const key = user === undefined && req.method === 'get' && cache ? `${req.path}?${req.query}` : undefined;
      const hit = key === undefined ? undefined : cache!.get(key);
      if (hit) return hit;
      const w: WebRequest = {
        req,
        q: new URLSearchParams(req.query),
        nowS,
        viewer: { selfId: user?.id ?? 0, seesAll: user !== undefined && (user.privileges & Privileges.AdminManageUsers) !== 0 },
        page: { assets: deps.assets, serverName: deps.serverName, me: user && { id: user.id, username: user.username }, csrf: deps.signer.csrf(cookieHeader) },
      };
      try {
        const answer = await view(deps, w, safeDecode(req.path.slice(prefix.length)));
        if (key !== undefined && answer.status === 200) cache!.set(key, answer);
        return answer;
      } catch (err) {
        deps.log.error('website page failed', { path: req.path, err });
        return htmlAnswer(500, renderPage(layout(w.page, 'Error', html`<h1>Something went wrong</h1><p>Please try again in a moment.</p>`)));
      }
    };
  const opts = { headers: ['cookie'], query: true } as const;
  const get = (path: string, view: View, prefix?: string): void => router.route('get', path, handle(view, prefix), opts);
  const both = (path: string, view: View): void => {
    router.route('get', path, handle(view), opts);
    router.route('post', path, handle(view), { ...opts, maxBodyBytes: 128 * 1024 });
  };
  const num = (view: (deps: WebsiteDeps, w: WebRequest, n: number) => Promise<HttpResponse>): View => (d, w, p) =>
    /^\d{1,10}$/.test(p) ? view(d, w, Number(p)) : htmlAnswer(404, renderPage(layout(w.page, 'Not found', html`<h1>Not found</h1>`)));

  get('/leaderboard', leaderboardPageView);
  get('/u/:user', profilePageView, '/u/');
  router.route('get', '/rx/u/:user', (req) => redirect(`/u/${req.path.slice('/rx/u/'.length)}?rx=1`), { headers: [] });
  get('/b/:bid', num(beatmapPageView), '/b/');
  get('/s/:sid', num(beatmapSetPageView), '/s/');
  get('/scores/:id', scorePageView, '/scores/');
  get('/online', onlinePageView);
  get('/matches', matchesPageView);
  get('/matches/:mid', num(matchHistoryView), '/matches/');
  get('/search', searchPageView);
  both('/register', registerView);
  both('/login', loginView);
  router.route('post', '/logout', handle(logoutView), { ...opts, maxBodyBytes: 4096 });
  both('/settings', settingsView);
}
