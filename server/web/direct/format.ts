/**
 * osu!direct text formats (score-and-web.md §1.5), pure. One line per set:
 * `{set}.osz|artist|title|creator|status(osu! API value)|10.0|last update|set|0|video|0|0|0|diffs`
 * with diffs comma-joined, easiest first: `[{stars:.2f}⭐] {version} {cs: X / od: X / ar: X / hp: X}@{mode}`.
 * The search answer starts with the count, or `101` when a full page of 100 came back.
 */
export interface DirectDiff {
  stars: number;
  version: string;
  cs: number;
  od: number;
  ar: number;
  hp: number;
  mode: number;
}

export interface DirectSet {
  setId: number;
  artist: string;
  title: string;
  creator: string;
  /** osu! API status (−2 … 4). */
  apiStatus: number;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  lastUpdate: string;
  hasVideo: boolean;
  diffs: DirectDiff[];
}

export const PAGE_SIZE = 100;

/** `|` and newlines would break the line format; they become spaces. */
const field = (s: string): string => s.replace(/[|\r\n]/g, ' ');

/** Numbers as Python prints the JSON numbers the mirrors return (4, 4.5). */
const n = (x: number): string => String(Math.round(x * 100) / 100);

export const isoSecondsZ = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function formatDiff(d: DirectDiff): string {
  return `[${d.stars.toFixed(2)}⭐] ${field(d.version).replace(/,/g, ' ')} {cs: ${n(d.cs)} / od: ${n(d.od)} / ar: ${n(d.ar)} / hp: ${n(d.hp)}}@${d.mode}`;
}

function head(s: DirectSet): string {
  return `${s.setId}.osz|${field(s.artist)}|${field(s.title)}|${field(s.creator)}|${s.apiStatus}|10.0|${s.lastUpdate}|${s.setId}`;
}

export function formatSearchLine(s: DirectSet): string {
  const diffs = [...s.diffs].sort((a, b) => a.stars - b.stars).map(formatDiff).join(',');
  return `${head(s)}|0|${s.hasVideo ? 1 : 0}|0|0|0|${diffs}`;
}

/** osu-search-set.php: the first 13 fields, trailing flags all 0. */
export function formatSetCard(s: DirectSet): string {
  return `${head(s)}|0|0|0|0|0`;
}

export function formatSearch(sets: readonly DirectSet[]): string {
  const withDiffs = sets.filter((s) => s.diffs.length > 0);
  const count = sets.length === PAGE_SIZE ? 101 : sets.length;
  return [String(count), ...withDiffs.map(formatSearchLine)].join('\n');
}

export const formatSearchError = (message: string): string => `-1\n${message}`;

/** osu!direct `r` → the client status codes it selects (undefined = any). */
export function statusesForDirect(r: number): number[] | undefined {
  switch (r) {
    case 0:
    case 7:
      return [2, 3];
    case 2:
    case 5:
      return [0];
    case 3:
      return [4];
    case 8:
      return [5];
    default:
      return undefined;
  }
}

/** osu!direct `r` → the `s` category of osu! API v2 `beatmapsets/search`. */
export function v2CategoryForDirect(r: number): string {
  switch (r) {
    case 0:
    case 7:
      return 'ranked';
    case 2:
      return 'pending';
    case 3:
      return 'qualified';
    case 5:
      return 'graveyard';
    case 8:
      return 'loved';
    default:
      return 'any';
  }
}

/** The client's default tabs send these instead of a search text. */
export const isDefaultQuery = (q: string): boolean => q === '' || q === 'Newest' || q === 'Top Rated' || q === 'Most Played';
