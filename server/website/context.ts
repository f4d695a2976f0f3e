/** What website handlers receive: the public API's dependencies plus the site's own. */
import type { PublicApiDeps } from '../api/public/context.js';
import type { PasswordHasher } from '../ports/passwords.js';
import type { Viewer } from '../ports/public-read-model.js';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { Assets } from './assets.js';
import { renderFragment, renderPage, type Node } from './html.js';
import { layout, type PageContext } from './layout.js';
import type { SessionSigner } from './session.js';

export interface WebsiteDeps extends PublicApiDeps {
  readonly assets: Assets;
  readonly signer: SessionSigner;
  readonly passwords: PasswordHasher;
  readonly serverName: string;
  /** Mark the session cookie Secure (behind TLS). */
  readonly secureCookies: boolean;
}

export interface WebRequest {
  readonly req: HttpRequest;
  readonly q: URLSearchParams;
  readonly page: PageContext;
  readonly viewer: Viewer;
  readonly nowS: number;
}

export const htmlAnswer = (status: number, body: string, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
  body,
});

export function page(w: WebRequest, title: string, body: Node, opts: { status?: number; chart?: boolean; live?: boolean } = {}): HttpResponse {
  return htmlAnswer(opts.status ?? 200, renderPage(layout(w.page, title, body, opts)));
}

export function fragment(body: Node): HttpResponse {
  return htmlAnswer(200, renderFragment(body), { 'Cache-Control': 'no-store' });
}

export const redirect = (to: string, headers: Record<string, string> = {}): HttpResponse => ({ status: 303, headers: { Location: to, ...headers } });
