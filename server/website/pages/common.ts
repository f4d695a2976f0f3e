/** Pieces several pages share: number formats, mode/rx tabs, score tables. */
import type { VanillaMode } from '../../../protocol/osu/modes.js';
import type { PublicScore, PublicBeatmap, PublicUser } from '../../ports/public-read-model.js';
import { gradeOf, MODE_LABELS, modeExists, RX_LABELS, type Rx } from '../../api/public/format.js';
import { html, type Node } from '../html.js';

export const fmtInt = (n: number | bigint): string => Number(n).toLocaleString('en-US');
export const fmtPp = (n: number): string => `${Math.round(n).toLocaleString('en-US')}pp`;
export const fmtAcc = (n: number): string => `${n.toFixed(2)}%`;
export const fmtDate = (unix: number): string => new Date(unix * 1000).toISOString().slice(0, 16).replace('T', ' ');

const MOD_NAMES: ReadonlyArray<[number, string]> = [
  [1, 'NF'], [2, 'EZ'], [4, 'TD'], [8, 'HD'], [16, 'HR'], [32, 'SD'], [64, 'DT'], [128, 'RX'], [256, 'HT'], [512, 'NC'], [1024, 'FL'],
  [2048, 'AU'], [4096, 'SO'], [8192, 'AP'], [16384, 'PF'],
];

export function modsText(mods: number): string {
  let names = MOD_NAMES.filter(([bit]) => (mods & bit) !== 0).map(([, n]) => n);
  if (names.includes('NC')) names = names.filter((n) => n !== 'DT');
  if (names.includes('PF')) names = names.filter((n) => n !== 'SD');
  return names.length === 0 ? 'NM' : names.join('');
}

export function readMode(q: URLSearchParams): VanillaMode {
  const m = Number(q.get('mode') ?? '0');
  return (m === 1 || m === 2 || m === 3 ? m : 0) as VanillaMode;
}

export function readRx(q: URLSearchParams, mode: VanillaMode): Rx {
  const r = Number(q.get('rx') ?? '0');
  const rx = (r === 1 || r === 2 ? r : 0) as Rx;
  return modeExists(rx, mode) ? rx : 0;
}

/** Mode and playstyle tabs; `href` builds the link for a (mode, rx) pair. */
export function modeTabs(mode: VanillaMode, rx: Rx, href: (mode: VanillaMode, rx: Rx) => string): Node {
  return html`<div class="tabs" role="navigation" aria-label="Mode">
      ${MODE_LABELS.map((label, m) => html`<a href=${href(m as VanillaMode, modeExists(rx, m as VanillaMode) ? rx : 0)} aria-current=${m === mode ? 'page' : undefined}>${label}</a>`)}
    </div>
    <div class="tabs" role="navigation" aria-label="Playstyle">
      ${RX_LABELS.map((label, r) =>
        modeExists(r as Rx, mode) ? html`<a href=${href(mode, r as Rx)} aria-current=${r === rx ? 'page' : undefined}>${label}</a>` : null,
      )}
    </div>`;
}

export function gradeCell(s: PublicScore): Node {
  const g = gradeOf(s.playMode, s.mods, s.accuracy, s.count300, s.count100, s.count50, s.countMiss);
  return html`<td class=${`grade grade-${g}`}>${g.replace('HD', '')}</td>`;
}

/** A player's scores with their maps (profile). */
export function userScoreTable(rows: Array<{ score: PublicScore; beatmap: PublicBeatmap }>, rx: Rx, caption: string): Node {
  if (rows.length === 0) return html`<p class="muted">No scores yet.</p>`;
  return html`<table>
    <caption class="skip">${caption}</caption>
    <thead><tr><th>Grade</th><th>Beatmap</th><th>Mods</th><th class="num">Accuracy</th><th class="num">pp</th><th class="num">Date</th></tr></thead>
    <tbody>
      ${rows.map(
        ({ score: s, beatmap: b }) => html`<tr data-score=${s.id.toString()}>
          ${gradeCell(s)}
          <td><a href=${`/b/${b.beatmapId}`}>${b.songName}</a> <a class="muted" href=${`/scores/${s.id}?rx=${rx}`}>score</a></td>
          <td>${modsText(s.mods)}</td>
          <td class="num">${fmtAcc(s.accuracy)}</td>
          <td class="num">${fmtPp(s.pp)}</td>
          <td class="num">${fmtDate(s.time)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A map's scores with their players (beatmap page). */
export function mapScoreTable(rows: Array<{ score: PublicScore; user: PublicUser }>, rx: Rx): Node {
  if (rows.length === 0) return html`<p class="muted">No scores on this map yet.</p>`;
  return html`<table>
    <thead><tr><th class="num">#</th><th>Grade</th><th>Player</th><th class="num">Score</th><th class="num">pp</th><th class="num">Accuracy</th><th class="num">Combo</th><th>Mods</th></tr></thead>
    <tbody>
      ${rows.map(
        ({ score: s, user: u }, i) => html`<tr data-user=${u.id}>
          <td class="num">${i + 1}</td>
          ${gradeCell(s)}
          <td><a href=${`/u/${u.id}`}>${u.username}</a> <span class="flag">${u.country}</span></td>
          <td class="num"><a href=${`/scores/${s.id}?rx=${rx}`}>${fmtInt(s.score)}</a></td>
          <td class="num">${fmtPp(s.pp)}</td>
          <td class="num">${fmtAcc(s.accuracy)}</td>
          <td class="num">${fmtInt(s.maxCombo)}x</td>
          <td>${modsText(s.mods)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
