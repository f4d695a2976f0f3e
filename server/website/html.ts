/**
 * Server-side rendering: Preact components written with `htm` tagged templates (`htm/preact`, no
 * JSX build step), rendered to a string by preact-render-to-string, which escapes every
 * interpolated value.
 */
import type { VNode } from 'preact';
import { html } from 'htm/preact';
import { renderToString } from 'preact-render-to-string';

export { html };
export type Node = VNode | VNode[] | string | null;

export function renderPage(node: Node): string {
  return `<!doctype html>${renderToString(node as VNode)}`;
}

export function renderFragment(node: Node): string {
  return renderToString(node as VNode);
}
