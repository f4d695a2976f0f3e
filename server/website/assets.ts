/**
 * Static assets, fingerprinted: each is read once at start, named `<name>.<sha256 prefix>.<ext>`
 * and served with a one-year immutable Cache-Control, so a page names the exact version it needs
 * and browsers never revalidate. Third-party files come from their npm packages (uPlot, htmx).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { HttpRouter } from '../http/types.js';
import { CHART_SCRIPT, SITE_CSS } from './static-sources.js';

const require = createRequire(import.meta.url);

interface Asset {
  url: string;
  type: string;
  body: Buffer;
}

function fingerprint(name: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { url: `/static/${name}.${hash}.${ext}`, type, body };
}

export interface Assets {
  readonly css: string;
  readonly uplotCss: string;
  readonly uplotJs: string;
  readonly htmxJs: string;
  readonly chartJs: string;
}

export function loadAssets(): { assets: Assets; all: Asset[] } {
  const pkg = (p: string): Buffer => readFileSync(require.resolve(p));
  const css = fingerprint('site', 'css', 'text/css; charset=utf-8', Buffer.from(SITE_CSS));
  const uplotCss = fingerprint('uPlot', 'css', 'text/css; charset=utf-8', pkg('uplot/dist/uPlot.min.css'));
  const uplotJs = fingerprint('uPlot', 'js', 'text/javascript; charset=utf-8', pkg('uplot/dist/uPlot.iife.min.js'));
  const htmxJs = fingerprint('htmx', 'js', 'text/javascript; charset=utf-8', pkg('htmx.org/dist/htmx.min.js'));
  const chartJs = fingerprint('chart', 'js', 'text/javascript; charset=utf-8', Buffer.from(CHART_SCRIPT));
  return {
    assets: { css: css.url, uplotCss: uplotCss.url, uplotJs: uplotJs.url, htmxJs: htmxJs.url, chartJs: chartJs.url },
    all: [css, uplotCss, uplotJs, htmxJs, chartJs],
  };
}

export function mountAssets(router: HttpRouter, all: Asset[]): void {
  for (const a of all) {
    router.route('get', a.url, () => ({ status: 200, headers: { 'Content-Type': a.type, 'Cache-Control': 'public, max-age=31536000, immutable' }, body: a.body }), { headers: [] });
  }
}
