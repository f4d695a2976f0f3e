/**
 * The submission response (score-and-web.md §2.16), byte for byte as score-service builds it: a
 * list joined with `|` where the two section breaks are list items holding a bare newline (so the
 * body has `|\n|`). A pair is `{name}Before:{before}|{name}After:{after}`; Before is empty when
 * the value is absent or 0 (Python truthiness), After is printed as is. Accuracy is Python's
 * `round(x, 2)` printed by `str()` (`98.5`, `100.0`), pp is `round(x)`.
 */

export interface ChartValues {
  rank: number | undefined;
  rankedScore: number | bigint | undefined;
  totalScore: number | bigint | undefined;
  maxCombo: number | undefined;
  accuracy: number | undefined;
  pp: number | undefined;
}

export interface ChartInput {
  beatmapId: number;
  beatmapSetId: number;
  beatmapPlaycount: number;
  beatmapPasscount: number;
  /** beatmaps.latest_update, unix seconds. */
  approvedDate: number;
  domain: string;
  userId: number;
  scoreId: bigint;
  beatmapBefore: ChartValues | undefined;
  beatmapAfter: ChartValues;
  overallBefore: ChartValues;
  overallAfter: ChartValues;
  /** `{file}+{name}+{desc}` per new achievement. */
  achievements: readonly string[];
}

/** Python's `str(round(x, 2))` for a float. */
export function pyRound2(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? `${r}.0` : String(r);
}

/** Python's `round(x)` (banker's rounding on exact halves). */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

const show = (v: number | bigint | string | undefined): string => (v === undefined ? 'None' : String(v));
const showBefore = (v: number | bigint | string | undefined): string =>
  v === undefined || v === 0 || v === 0n || v === '0.0' ? '' : String(v);

function pairs(before: ChartValues | undefined, after: ChartValues): string[] {
  const acc = (v: number | undefined): string | undefined => (v === undefined ? undefined : pyRound2(v));
  const pp = (v: number | undefined): number | undefined => (v === undefined ? undefined : pyRound(v));
  const entry = (name: string, b: number | bigint | string | undefined, a: number | bigint | string | undefined): string =>
    `${name}Before:${showBefore(b)}|${name}After:${show(a)}`;
  return [
    entry('rank', before?.rank, after.rank),
    entry('rankedScore', before?.rankedScore, after.rankedScore),
    entry('totalScore', before?.totalScore, after.totalScore),
    entry('maxCombo', before?.maxCombo, after.maxCombo),
    entry('accuracy', acc(before?.accuracy), acc(after.accuracy)),
    entry('pp', pp(before?.pp), pp(after.pp)),
  ];
}

/** `YYYY-MM-DD HH:MM:SS` UTC. */
export function utcDateTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export function buildChart(c: ChartInput): string {
  return [
    `beatmapId:${c.beatmapId}`,
    `beatmapSetId:${c.beatmapSetId}`,
    `beatmapPlaycount:${c.beatmapPlaycount}`,
    `beatmapPasscount:${c.beatmapPasscount}`,
    `approvedDate:${utcDateTime(c.approvedDate)}`,
    '\n',
    'chartId:beatmap',
    `chartUrl:https://osu.${c.domain}/beatmapsets/${c.beatmapSetId}`,
    'chartName:Beatmap Ranking',
    ...pairs(c.beatmapBefore, c.beatmapAfter),
    `onlineScoreId:${c.scoreId}`,
    '\n',
    'chartId:overall',
    `chartUrl:https://${c.domain}/u/${c.userId}`,
    'chartName:Overall Ranking',
    ...pairs(c.overallBefore, c.overallAfter),
    `achievements-new:${c.achievements.join('/')}`,
  ].join('|');
}
