/**
 * A picture for moderators (issue 13): the cursor path over the hit objects, snaps marked, the
 * hit-error histogram below, and with a second replay both paths overlaid. Plain SVG text, no
 * dependencies; pure.
 */
import type { Timeline } from '../../protocol/replay/index.js';
import { OBJ_SPINNER, type CheatBeatmap } from './beatmap.js';
import type { Snap } from './analyze.js';
import { hitRadius } from './ur.js';

const SCALE = 1.5;
const PAD = 20;
const FIELD_W = 512 * SCALE;
const FIELD_H = 384 * SCALE;
const HIST_H = 160;
const MAX_POINTS = 20000;

export interface SvgInput {
  replay: Timeline;
  label: string;
  map?: CheatBeatmap | null;
  snaps?: Snap[];
  /** Hit errors in ms (press − object), for the histogram. */
  errors?: ArrayLike<number>;
  other?: { replay: Timeline; label: string } | null;
}

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const px = (x: number): string => (PAD + x * SCALE).toFixed(1);
const py = (y: number): string => (PAD + y * SCALE).toFixed(1);

function path(tl: Timeline, color: string): string {
  const step = Math.max(1, Math.ceil(tl.count / MAX_POINTS));
  const pts: string[] = [];
  for (let i = 0; i < tl.count; i += step) pts.push(`${px(tl.x[i]!)},${py(tl.y[i]!)}`);
  return `<polyline fill="none" stroke="${color}" stroke-opacity="0.55" stroke-width="1" points="${pts.join(' ')}"/>`;
}

function histogram(errors: ArrayLike<number>, top: number): string {
  const n = errors.length;
  if (n === 0) return '';
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, errors[i]!);
    hi = Math.max(hi, errors[i]!);
  }
  lo = Math.floor(lo);
  hi = Math.ceil(hi) + 1;
  const bins = new Array<number>(Math.max(1, Math.ceil((hi - lo) / 2))).fill(0);
  for (let i = 0; i < n; i++) bins[Math.min(bins.length - 1, Math.floor((errors[i]! - lo) / 2))]!++;
  const max = Math.max(...bins);
  const w = FIELD_W / bins.length;
  const bars = bins.map((b, i) => {
    const h = (b / max) * (HIST_H - 30);
    return `<rect x="${(PAD + i * w).toFixed(1)}" y="${(top + HIST_H - 20 - h).toFixed(1)}" width="${Math.max(0.5, w - 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a7"/>`;
  });
  const zero = PAD + ((0 - lo) / 2) * w;
  return `<g>${bars.join('')}<line x1="${zero.toFixed(1)}" x2="${zero.toFixed(1)}" y1="${top}" y2="${top + HIST_H - 20}" stroke="#333"/>` +
    `<text x="${PAD}" y="${top + HIST_H - 4}" font-size="11">${lo} ms</text><text x="${PAD + FIELD_W - 40}" y="${top + HIST_H - 4}" font-size="11">${hi} ms</text>` +
    `<text x="${PAD}" y="${top + 12}" font-size="12">hit errors (${n} hits, 2 ms bins)</text></g>`;
}

export function renderAnalysisSvg(input: SvgInput): string {
  const width = FIELD_W + 2 * PAD;
  const hasHist = input.errors !== undefined && input.errors.length > 0;
  const height = FIELD_H + 2 * PAD + (hasHist ? HIST_H : 0);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>`);
  parts.push(`<rect x="${PAD}" y="${PAD}" width="${FIELD_W}" height="${FIELD_H}" fill="#f6f6f6" stroke="#999"/>`);
  if (input.map) {
    const r = hitRadius(input.map.cs) * SCALE;
    const o = input.map.objects;
    const circles: string[] = [];
    for (let i = 0; i < o.count; i++) {
      if (o.kind[i] === OBJ_SPINNER) continue;
      circles.push(`<circle cx="${px(o.x[i]!)}" cy="${py(o.y[i]!)}" r="${r.toFixed(1)}"/>`);
    }
    parts.push(`<g fill="none" stroke="#c80" stroke-opacity="0.35">${circles.join('')}</g>`);
  }
  parts.push(path(input.replay, '#1565c0'));
  if (input.other) parts.push(path(input.other.replay, '#c62828'));
  if (input.snaps && input.snaps.length > 0) {
    const byTime = new Map<number, number>();
    for (let i = 0; i < input.replay.count; i++) if (!byTime.has(input.replay.t[i]!)) byTime.set(input.replay.t[i]!, i);
    const marks = input.snaps.map((s) => {
      const i = byTime.get(s.time);
      return i === undefined ? '' : `<circle cx="${px(input.replay.x[i]!)}" cy="${py(input.replay.y[i]!)}" r="4" fill="#e00"><title>snap t=${s.time} angle=${s.angle.toFixed(2)} d=${s.distance.toFixed(1)}</title></circle>`;
    });
    parts.push(`<g>${marks.join('')}</g>`);
  }
  parts.push(`<text x="${PAD}" y="14" font-size="12" fill="#1565c0">${esc(input.label)}</text>`);
  if (input.other) parts.push(`<text x="${PAD + 260}" y="14" font-size="12" fill="#c62828">${esc(input.other.label)}</text>`);
  if (hasHist) parts.push(histogram(input.errors!, FIELD_H + 2 * PAD));
  parts.push('</svg>');
  return parts.join('\n');
}
