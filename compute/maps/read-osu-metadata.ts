/**
 * A tiny, pure `.osu` header reader: enough metadata to file a beatmap (ids, names, mode,
 * difficulty settings, object counts, length, BPM) without the WASM parser. It never throws;
 * missing values stay at osu!'s defaults and `formatVersion` is null when the
 * "osu file format vN" header is absent (the caller decides whether that is acceptable).
 */

export interface OsuMetadata {
  formatVersion: number | null;
  title: string;
  titleUnicode: string;
  artist: string;
  artistUnicode: string;
  creator: string;
  version: string;
  /** 0 when the file has none (unsubmitted maps, very old files). */
  beatmapId: number;
  beatmapSetId: number;
  mode: 0 | 1 | 2 | 3;
  ar: number;
  od: number;
  cs: number;
  hp: number;
  nCircles: number;
  nSliders: number;
  nSpinners: number;
  /** osu!mania hold notes. */
  nHolds: number;
  nObjects: number;
  /** Milliseconds from the first object's start to the last object's start. */
  lengthMs: number;
  /** From the first uninherited timing point; 0 when there is none. */
  bpm: number;
}

const decoder = new TextDecoder('utf-8');

function num(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number.parseFloat(v);
  return Number.isFinite(n) ? n : fallback;
}

function int(v: string | undefined, fallback: number): number {
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return fallback;
  return Number.parseInt(v, 10);
}

export function readOsuMetadata(input: Uint8Array | string): OsuMetadata {
  let text = typeof input === 'string' ? input : decoder.decode(input);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  const kv: Record<string, Record<string, string>> = {};
  let section = '';
  let formatVersion: number | null = null;
  let nCircles = 0;
  let nSliders = 0;
  let nSpinners = 0;
  let nHolds = 0;
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  let bpm = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('//')) continue;
    if (formatVersion === null && section === '') {
      const m = /^osu file format v(\d+)/.exec(line);
      if (m) {
        formatVersion = Number(m[1]);
        continue;
      }
    }
    const sec = /^\[(\w+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!;
      continue;
    }
    if (section === 'HitObjects') {
      const parts = line.split(',');
      if (parts.length < 4) continue;
      const time = Number.parseFloat(parts[2]!);
      const type = Number.parseInt(parts[3]!, 10);
      if (!Number.isFinite(time) || !Number.isFinite(type)) continue;
      if (type & 1) nCircles++;
      else if (type & 2) nSliders++;
      else if (type & 8) nSpinners++;
      else if (type & 128) nHolds++;
      else continue;
      firstTime = Math.min(firstTime, time);
      lastTime = Math.max(lastTime, time);
      continue;
    }
    if (section === 'TimingPoints') {
      if (bpm !== 0) continue;
      const parts = line.split(',');
      const beatLength = Number.parseFloat(parts[1] ?? '');
      const uninherited = parts[6] === undefined ? true : parts[6].trim() === '1';
      if (uninherited && Number.isFinite(beatLength) && beatLength > 0) bpm = 60000 / beatLength;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    (kv[section] ??= {})[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  const general = kv.General ?? {};
  const meta = kv.Metadata ?? {};
  const diff = kv.Difficulty ?? {};
  const modeRaw = int(general.Mode, 0);
  const od = num(diff.OverallDifficulty, 5);
  const title = meta.Title ?? '';
  const artist = meta.Artist ?? '';
  const nObjects = nCircles + nSliders + nSpinners + nHolds;
  return {
    formatVersion,
    title,
    titleUnicode: meta.TitleUnicode ?? title,
    artist,
    artistUnicode: meta.ArtistUnicode ?? artist,
    creator: meta.Creator ?? '',
    version: meta.Version ?? '',
    beatmapId: Math.max(0, int(meta.BeatmapID, 0)),
    beatmapSetId: Math.max(0, int(meta.BeatmapSetID, 0)),
    mode: modeRaw === 1 || modeRaw === 2 || modeRaw === 3 ? modeRaw : 0,
    // Files before v8 have no ApproachRate: it equals OD there.
    ar: num(diff.ApproachRate, od),
    od,
    cs: num(diff.CircleSize, 5),
    hp: num(diff.HPDrainRate, 5),
    nCircles,
    nSliders,
    nSpinners,
    nHolds,
    nObjects,
    lengthMs: nObjects > 0 ? lastTime - firstTime : 0,
    bpm,
  };
}

/** Akatsuki's `song_name`: "Artist - Title [Version]". */
export function songName(m: Pick<OsuMetadata, 'artist' | 'title' | 'version'>): string {
  return `${m.artist} - ${m.title} [${m.version}]`;
}
