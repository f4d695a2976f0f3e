/** The page shell: head with fingerprinted assets, navigation, search box, account links. */
import type { Assets } from './assets.js';
import { html, type Node } from './html.js';

export interface PageContext {
  assets: Assets;
  serverName: string;
  /** Logged-in user, if any. */
  me: { id: number; username: string } | undefined;
  csrf: string;
}

export function layout(ctx: PageContext, title: string, body: Node, opts: { chart?: boolean; live?: boolean } = {}): Node {
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · ${ctx.serverName}</title>
      <link rel="stylesheet" href=${ctx.assets.css} />
      ${opts.chart ? html`<link rel="stylesheet" href=${ctx.assets.uplotCss} />` : null}
      ${opts.chart ? html`<script src=${ctx.assets.uplotJs} defer></script><script src=${ctx.assets.chartJs} defer></script>` : null}
      ${opts.live ? html`<script src=${ctx.assets.htmxJs} defer></script>` : null}
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/leaderboard">${ctx.serverName}</a>
        <nav aria-label="Main">
          <a href="/leaderboard">Leaderboard</a>
          <a href="/online">Online</a>
          <a href="/matches">Matches</a>
          ${ctx.me ? html`<a href=${`/u/${ctx.me.id}`}>${ctx.me.username}</a><a href="/settings">Settings</a>` : html`<a href="/login">Log in</a><a href="/register">Register</a>`}
        </nav>
        <form class="search" action="/search" method="get" role="search">
          <label><span class="skip">Search players</span><input type="search" name="q" placeholder="Search players" aria-label="Search players" /></label>
        </form>
        ${ctx.me
          ? html`<form action="/logout" method="post"><input type="hidden" name="csrf" value=${ctx.csrf} /><button type="submit">Log out</button></form>`
          : null}
      </header>
      <main id="main">${body}</main>
    </body>
  </html>`;
}
