/** The pure .osu header reader against the four fixture maps (values from rosu-expected.json). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readOsuMetadata, songName } from '../maps/read-osu-metadata.js';
import { fixtureJson, mapBytes } from './fixtures.js';

interface MapInfo {
  mode: number;
  beatmapId: number;
  beatmapSetId: number;
  artist: string;
  title: string;
  version: string;
  creator: string;
  nObjects: number;
  nCircles: number;
  nSliders: number;
  nSpinners: number;
  ar: number;
  od: number;
  cs: number;
  hp: number;
}

const maps = fixtureJson<{ maps: Record<string, MapInfo> }>('rosu-expected.json').maps;

describe('readOsuMetadata', () => {
  for (const [file, info] of Object.entries(maps)) {
    test(file, () => {
      const m = readOsuMetadata(mapBytes(file));
      assert.equal(m.formatVersion, 14);
      assert.equal(m.mode, info.mode);
      assert.equal(m.beatmapId, info.beatmapId);
      assert.equal(m.beatmapSetId, info.beatmapSetId);
      assert.equal(m.artist, info.artist);
      assert.equal(m.title, info.title);
      assert.equal(m.version, info.version);
      assert.equal(m.creator, info.creator);
      assert.equal(m.nObjects, info.nObjects);
      assert.equal(m.nSliders, info.nSliders);
      assert.equal(m.nSpinners, info.nSpinners);
      // rosu reads f32 settings: compare at f32 precision
      for (const k of ['ar', 'od', 'cs', 'hp'] as const) assert.equal(Math.fround(m[k]), Math.fround(info[k]), k);
      assert.ok(m.lengthMs > 0 && m.bpm > 0);
    });
  }
  test('song name in Akatsuki format', () => {
    assert.equal(songName(readOsuMetadata(mapBytes('2785319'))), "MYUKKE. - re[in]flaw [toybot's Expert]");
  });
  test('garbage and empty input never throw', () => {
    const g = readOsuMetadata(new Uint8Array([0xff, 0x00, 0x13, 0x37, 0x0a, 0x5b]));
    assert.equal(g.formatVersion, null);
    assert.equal(g.nObjects, 0);
    assert.equal(readOsuMetadata('').beatmapId, 0);
  });
  test('BOM, CRLF, missing AR (= OD) and an unknown mode', () => {
    const m = readOsuMetadata('\ufeffosu file format v5\r\n[General]\r\nMode: 9\r\n[Difficulty]\r\nOverallDifficulty:7\r\n[HitObjects]\r\n1,2,100,1,0\r\n');
    assert.equal(m.formatVersion, 5);
    assert.equal(m.mode, 0);
    assert.equal(m.ar, 7);
    assert.equal(m.nCircles, 1);
  });
});
