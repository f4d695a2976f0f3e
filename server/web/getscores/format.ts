/**
 * The getscores answer, byte for byte as score-service writes it (shared/spec/score-and-web.md
 * §3.3): header (status, "false", ids, count, featured-artist `0|`), offset `0`, song name,
 * rating with one decimal, the personal-best line or an empty line, then one 16-field line per
 * entry, joined with `\n` and no trailing newline.
 */
import type { BoardEntry } from '../../ports/map-leaderboards.js';
import type { BeatmapRow } from '../../ports/storage.js';
import { pyFixed } from '../support/py-format.js';

export function headerLines(beatmap: BeatmapRow, count: number, rating: number | null): string {
  // score-service: `rating or 10.0` (a stored 0 also shows 10.0).
  const shown = rating === null || rating === 0 || Number.isNaN(rating) ? 10 : rating;
  return `${beatmap.ranked}|false|${beatmap.beatmapId}|${beatmap.beatmapsetId}|${count}|0|\n0\n${beatmap.songName}\n${pyFixed(shown, 1)}`;
}

/**
 * One score line: id|name|score|combo|50|100|300|miss|katu|geki|perfect|mods|user|rank|time|1.
 * `name` is `[TAG] name` for clan members other than the requester; the PB line passes the plain
 * name. `showsPp` puts int(pp) (truncated) in the score field.
 */
export function scoreLine(e: BoardEntry, displayName: string, showsPp: boolean): string {
  const value = showsPp ? Math.trunc(e.pp) : e.score;
  return `${e.scoreId}|${displayName}|${value}|${e.maxCombo}|${e.count50}|${e.count100}|${e.count300}|${e.countMiss}|${e.countKatu}|${e.countGeki}|${e.fullCombo ? 1 : 0}|${e.mods}|${e.userId}|${e.rank}|${e.time}|1`;
}

export function boardName(e: BoardEntry, requesterId: number): string {
  return e.clanTag !== null && e.userId !== requesterId ? `[${e.clanTag}] ${e.username}` : e.username;
}

export function fullAnswer(
  beatmap: BeatmapRow,
  rating: number | null,
  board: { count: number; personalBest: BoardEntry | undefined; entries: readonly BoardEntry[]; showsPp: boolean },
  requesterId: number,
): string {
  const lines = [headerLines(beatmap, board.count, rating)];
  lines.push(board.personalBest ? scoreLine(board.personalBest, board.personalBest.username, board.showsPp) : '');
  for (const e of board.entries) lines.push(scoreLine(e, boardName(e, requesterId), board.showsPp));
  return lines.join('\n');
}
