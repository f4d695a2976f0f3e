/**
 * `/np` to the bot: the client's `ACTION is listening to|playing|watching|editing [URL name]
 * <Mode> +Mod +Mod` line. The bot answers with pp for 95/98/99/100 % with the mods shown, and
 * remembers the map for `!with`, `!mirror`, `!maplink` and `!map` (per user, an hour). Handled in
 * DMs to the bot and in #multiplayer / #spectator (never in public channels).
 */
import { Mods } from '../../../protocol/osu/mods.js';
import type { VanillaMode } from '../../../protocol/osu/modes.js';
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { instanceKindOf } from '../chat/channel-names.js';
import { accuracyTable } from './map-pp.js';
import { CommandError } from './registry.js';

export interface NowPlaying {
  beatmapId: number;
  mods: number;
  /** From `<Taiko>` etc.; undefined = the map's own mode. */
  mode: VanillaMode | undefined;
}

const MOD_NAMES: Record<string, number> = {
  nofail: Mods.NoFail,
  easy: Mods.Easy,
  touchdevice: Mods.TouchDevice,
  hidden: Mods.Hidden,
  hardrock: Mods.HardRock,
  suddendeath: Mods.SuddenDeath,
  doubletime: Mods.DoubleTime,
  relax: Mods.Relax,
  halftime: Mods.HalfTime,
  nightcore: Mods.Nightcore | Mods.DoubleTime,
  flashlight: Mods.Flashlight,
  spunout: Mods.SpunOut,
  autopilot: Mods.Autopilot,
  relax2: Mods.Autopilot,
  perfect: Mods.Perfect | Mods.SuddenDeath,
  scorev2: Mods.ScoreV2,
  mirror: Mods.Mirror,
};
const MODES: Record<string, VanillaMode> = { taiko: 1, catchthebeat: 2, 'osu!mania': 3, mania: 3, 'osu!': 0 };

/** The `/np` line's map and mods, or undefined when the text is not one. */
export function parseNowPlaying(text: string): NowPlaying | undefined {
  const m = /^\x01ACTION is (?:listening to|playing|watching|editing) \[(\S+)(?: [^\]]*)?\](.*)\x01?$/s.exec(text);
  if (!m) return undefined;
  const url = m[1]!;
  const id = /\/b(?:eatmaps)?\/(\d+)/.exec(url) ?? /#[a-z]*\/(\d+)/.exec(url);
  if (!id) return undefined;
  const tail = m[2]!.replace(/\x01$/, '');
  let mods = 0;
  for (const word of tail.matchAll(/[+-](\w+)/g)) mods |= MOD_NAMES[word[1]!.toLowerCase()] ?? 0;
  const modeWord = /<([^>]+)>/.exec(tail)?.[1]?.toLowerCase().replace(/\s+/g, '');
  return { beatmapId: Number(id[1]), mods, mode: modeWord === undefined ? undefined : MODES[modeWord] };
}

export const LAST_NP_KEY = (userId: number): string => `np:${userId}`;
const NP_TTL_MS = 3600_000;

export interface StoredNp {
  beatmapId: number;
  mods: number;
  mode: VanillaMode;
}

export async function lastNowPlaying(deps: BanchoDeps, userId: number): Promise<StoredNp> {
  const raw = await deps.state.kvGet(LAST_NP_KEY(userId));
  if (raw) {
    try {
      return JSON.parse(raw) as StoredNp;
    } catch {
      // fall through
    }
  }
  throw new CommandError('Send me a map with /np first.');
}

/** Where /np is answered: DMs to the bot and the instance channels. */
export const answersNpIn = (channelKey: string | null): boolean => channelKey === null || instanceKindOf(channelKey) !== null;

export async function answerNowPlaying(deps: BanchoDeps, session: Session, np: NowPlaying): Promise<string> {
  const map = await deps.beatmaps.byId(np.beatmapId);
  if (!map) throw new CommandError(`I do not know beatmap ${np.beatmapId}.`);
  // A converted mode only from osu!standard maps; anything else is the map's own mode.
  const mode = (np.mode !== undefined && map.mode === 0 ? np.mode : map.mode) as VanillaMode;
  const stored: StoredNp = { beatmapId: map.beatmapId, mods: np.mods, mode };
  await deps.state.kvSet(LAST_NP_KEY(session.userId), JSON.stringify(stored), NP_TTL_MS);
  return accuracyTable(deps, map, mode, np.mods);
}
