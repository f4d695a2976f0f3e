/**
 * Server-side rendering: Preact components written with `htm` tagged templates (no JSX build
 * step), rendered to a string by preact-render-to-string, which escapes every interpolated value.
 *
 * The three packages are loaded through `createRequire` with the small local types below: their
 * own declarations pull in `/// <reference lib="dom">` (preact's jsx.d.ts), which would swap
 * Node's global Blob/fetch types for the DOM's across the whole server build.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A rendered-to-be element (opaque: only ever passed back to `render`). */
export interface VNode {
  readonly type: unknown;
  readonly props: unknown;
}
export type Node = VNode | VNode[] | string | number | null | undefined | Node[];

type H = (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]) => VNode;
const { h } = require('preact') as { h: H };
const htm = require('htm') as { bind(h: H): (strings: TemplateStringsArray, ...values: unknown[]) => VNode | VNode[] };
const { renderToString } = require('preact-render-to-string') as { renderToString(node: unknown): string };

export const html: (strings: TemplateStringsArray, ...values: unknown[]) => VNode = htm.bind(h) as never;

export function renderPage(node: Node): string {
  return `<!doctype html>${renderToString(node)}`;
}

export function renderFragment(node: Node): string {
  return renderToString(node);
}
