/**
 * PP of a beatmap for the bot: the `.osu` is made available through the beatmap store (cache,
 * else downloaded and md5-checked), then the compute pool calculates every asked score in one
 * batch. Answers are plain text; problems are CommandErrors the caller sees.
 */
import { MOD_ACRONYMS } from '../../../protocol/osu/mods.js';
import type { VanillaMode } from '../../../protocol/osu/modes.js';
import { BeatmapSourceUnavailableError, type Beatmap } from '../../ports/beatmap-store.js';
import type { BanchoDeps } from '../context.js';
import { CommandError } from './registry.js';

export interface PpAsk {
  accuracy: number;
  combo?: number;
  misses?: number;
}

export function modsText(mods: number): string {
  if (mods === 0) return '';
  let s = '';
  for (const [bit, acr] of MOD_ACRONYMS) if (mods & bit && !(acr === 'DT' && mods & 512) && !(acr === 'SD' && mods & 16384)) s += acr;
  return ` +${s}`;
}

const fmt = (pp: number): string => `${Math.round(pp * 100) / 100}pp`;

/** pp for each ask (same order) and the map's stars with these mods. */
export async function ppFor(deps: BanchoDeps, map: Beatmap, mode: VanillaMode, mods: number, asks: PpAsk[]): Promise<{ stars: number; maxCombo: number; pp: number[] }> {
  const calc = deps.ppCalculator;
  if (!calc) throw new CommandError('PP is not calculated on this server.');
  let file: Uint8Array | undefined;
  try {
    file = await deps.beatmaps.osuFile(map.beatmapMd5);
  } catch (err) {
    if (!(err instanceof BeatmapSourceUnavailableError)) throw err;
  }
  if (!file) throw new CommandError(`The .osu file of ${map.songName} is not available right now.`);
  const items = await calc.calculateBatch({
    map: { md5: map.beatmapMd5 },
    scores: asks.map((a) => ({ mode, mods, accuracy: a.accuracy, misses: a.misses ?? 0, ...(a.combo !== undefined ? { combo: a.combo } : {}) })),
  });
  const pp: number[] = [];
  let stars = 0;
  let maxCombo = 0;
  for (const it of items) {
    if (!it.ok) throw new CommandError(`Cannot calculate that: ${it.error}`);
    pp.push(it.result.pp);
    stars = it.result.stars;
    maxCombo = it.result.maxCombo;
  }
  return { stars, maxCombo, pp };
}

export async function accuracyTable(deps: BanchoDeps, map: Beatmap, mode: VanillaMode, mods: number): Promise<string> {
  const accs = [95, 98, 99, 100];
  const r = await ppFor(deps, map, mode, mods, accs.map((accuracy) => ({ accuracy })));
  const cells = accs.map((a, i) => `${a}%: ${fmt(r.pp[i]!)}`).join(' | ');
  return `${map.songName}${modsText(mods)} | ${cells} | ${r.stars.toFixed(2)}★ | ${r.maxCombo}x`;
}

export { fmt as formatPp };
