import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Rijndael from 'rijndael-js';
import { decodeIv, decryptField, encryptField, scoreKey, ScoreCipherError, decodeBase64 } from '../osu/score-cipher.js';
import { formatScoreData, parseScoreData, ScoreDataError, type ScoreData } from '../osu/score-data.js';
import { accuracyOf, gradeOf, levelOf, levelRequirement, modConflict, modsString, unrankableMods } from '../osu/score-rules.js';
import { Mods } from '../osu/mods.js';

test('rijndael-js known answer (its README: 256-bit key, block and IV, CBC)', () => {
  const cipher = new Rijndael('Lorem ipsum dolor sit amet, cons', 'cbc');
  const out = Buffer.from(cipher.encrypt('Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do', 256, 'Ut enim ad minim veniam, quis no'));
  assert.equal(out.toString('base64'), 'bmwLDaLiI1k0oUu5wx9dlWs+Uuw3IhIkMYvq0VsVlQY66wAAqS0djh8N+SZJNHsv8wBRfhytRX2p9LJ0GT3sig==');
});

test('score cipher: round trip with PKCS#7, fresh chaining per field, every failure typed', () => {
  const key = scoreKey('20240101');
  assert.equal(key.toString(), 'osu!-scoreburgr---------20240101');
  const iv = Buffer.alloc(32, 7);
  for (const len of [0, 1, 31, 32, 33, 200]) {
    const plain = Buffer.alloc(len, 0x61);
    const enc = encryptField(plain, key, iv);
    assert.equal(enc.length % 32, 0);
    assert.ok(decryptField(enc, key, iv).equals(plain));
    // Same IV for the second field gives the same result: no state carried over.
    assert.ok(decryptField(enc, key, iv).equals(plain));
  }
  const enc = encryptField(Buffer.from('hello'), key, iv);
  assert.throws(() => decryptField(enc, key, Buffer.concat([Buffer.alloc(31, 7), Buffer.from([0x47])])), (e: unknown) => e instanceof ScoreCipherError && e.reason === 'padding');
  assert.throws(() => decryptField(enc.subarray(0, 31), key, iv), (e: unknown) => e instanceof ScoreCipherError && e.reason === 'length');
  assert.throws(() => decryptField(Buffer.alloc(0), key, iv), ScoreCipherError);
  assert.throws(() => decodeIv(Buffer.alloc(16).toString('base64')), (e: unknown) => e instanceof ScoreCipherError && e.reason === 'iv');
  assert.throws(() => decodeBase64('@@@@', 'score'), (e: unknown) => e instanceof ScoreCipherError && e.reason === 'base64');
  assert.throws(() => scoreKey('2024'), (e: unknown) => e instanceof ScoreCipherError && e.reason === 'key');
  assert.throws(() => scoreKey('2024010x'), ScoreCipherError);
});

test('score cipher is total on arbitrary ciphertext', () => {
  const key = scoreKey('20240101');
  const iv = Buffer.alloc(32, 1);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        decryptField(bytes, key, iv);
      } catch (e) {
        assert.ok(e instanceof ScoreCipherError);
      }
    }),
  );
});

const sample: ScoreData = {
  beatmapMd5: '1cf5b2c2edfafd055536d2cefcb89c0e',
  username: 'alice',
  checksum: 'a'.repeat(32),
  count300: 300,
  count100: 10,
  count50: 2,
  countGeki: 40,
  countKatu: 5,
  countMiss: 1,
  score: 1234567,
  maxCombo: 400,
  perfect: false,
  clientGrade: 'A',
  mods: 72,
  passed: true,
  mode: 0,
  clientTime: '240101120000',
  osuVersion: '20240101',
  clientFlags: 0,
};

test('score data: parse of a formatted string gives it back; supporter space and extra tokens ignored', () => {
  assert.deepEqual(parseScoreData(formatScoreData(sample)), sample);
  assert.deepEqual(parseScoreData(formatScoreData(sample, ' ')), sample);
  assert.deepEqual(parseScoreData(formatScoreData({ ...sample, clientFlags: 4 }) + ':12345678'), { ...sample, clientFlags: 4 });
  const sixteen = formatScoreData(sample).split(':').slice(0, 16).join(':');
  assert.deepEqual(parseScoreData(sixteen), { ...sample, clientTime: '', osuVersion: '' });
});

test('score data: every bad token is a ScoreDataError naming it', () => {
  const tokens = formatScoreData(sample).split(':');
  const bad: Array<[number, string]> = [
    [0, 'nothex'],
    [1, ''],
    [2, 'z'.repeat(32)],
    [3, '-1'],
    [8, '40000'],
    [9, '3000000000'],
    [10, '1.5'],
    [11, 'true'],
    [12, 'Z'],
    [13, '-5'],
    [14, 'yes'],
    [15, '4'],
  ];
  for (const [index, value] of bad) {
    const t = [...tokens];
    t[index] = value;
    const r = parseScoreData(t.join(':'));
    assert.ok(r instanceof ScoreDataError, `token ${index}`);
    assert.equal(r.token, index);
  }
  const short = parseScoreData(tokens.slice(0, 15).join(':'));
  assert.ok(short instanceof ScoreDataError && short.token === -1);
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
    const r = parseScoreData(s);
    assert.ok(r instanceof ScoreDataError || typeof r.score === 'number');
  }));
});

test('accuracy per mode (§2.7) and grade (§2.8)', () => {
  const c = { count300: 90, count100: 10, count50: 0, countGeki: 0, countKatu: 0, countMiss: 0 };
  assert.equal(accuracyOf(0, c), ((90 * 300 + 10 * 100) / (300 * 100)) * 100);
  assert.equal(accuracyOf(1, c), 95);
  assert.equal(accuracyOf(2, { ...c, countKatu: 10 }), (100 / 110) * 100);
  assert.equal(accuracyOf(3, { ...c, countGeki: 10, countKatu: 5 }), ((100 * 10 + 200 * 5 + 300 * 100) / (300 * 115)) * 100);
  assert.equal(accuracyOf(0, { count300: 0, count100: 0, count50: 0, countGeki: 0, countKatu: 0, countMiss: 0 }), 0);
  assert.equal(gradeOf(0, 0, { ...c, count300: 100, count100: 0 }, 100), 'X');
  assert.equal(gradeOf(0, Mods.Hidden, { ...c, count300: 100, count100: 0 }, 100), 'XH');
  assert.equal(gradeOf(0, 0, { ...c, count300: 95, count100: 5 }, 0), 'S');
  assert.equal(gradeOf(0, Mods.Flashlight, { ...c, count300: 95, count100: 5 }, 0), 'SH');
  assert.equal(gradeOf(0, 0, { ...c, count300: 95, count100: 4, countMiss: 1 }, 0), 'A');
  assert.equal(gradeOf(0, 0, { ...c, count300: 85, count100: 14, countMiss: 1 }, 0), 'B');
  assert.equal(gradeOf(0, 0, { ...c, count300: 65, count100: 35 }, 0), 'C');
  assert.equal(gradeOf(0, 0, { ...c, count300: 50, count100: 50 }, 0), 'D');
  assert.equal(gradeOf(0, 0, { ...c, count300: 0, count100: 0 }, 0), 'D');
  assert.equal(gradeOf(0, 0, c, 100, false), 'F');
  assert.equal(gradeOf(3, 0, c, 96), 'S');
  assert.equal(gradeOf(2, 0, c, 96), 'A');
  assert.equal(gradeOf(3, Mods.FadeIn, c, 100), 'XH');
});

test('mod legality (§2.5 steps 8 and 11), mod strings (§2.14), levels (§2.11)', () => {
  assert.equal(modConflict(Mods.Hidden | Mods.DoubleTime), undefined);
  assert.equal(modConflict(Mods.DoubleTime | Mods.HalfTime), 'DT+HT');
  assert.equal(modConflict(Mods.Nightcore), 'NC without DT');
  assert.equal(modConflict(Mods.Nightcore | Mods.DoubleTime), undefined);
  assert.equal(modConflict(Mods.Easy | Mods.HardRock), 'EZ+HR');
  assert.equal(modConflict(Mods.Relax | Mods.Autopilot), 'RX+AP');
  assert.equal(modConflict(Mods.Hidden | Mods.FadeIn), 'HD+FI');
  assert.equal(modConflict(Mods.Key4 | Mods.Key7), 'more than one key mod');
  assert.equal(modConflict(Mods.Key4), undefined);
  assert.equal(unrankableMods(Mods.Autoplay, 0, 100), 'autoplay');
  assert.equal(unrankableMods(Mods.ScoreV2, 0, 100), 'ScoreV2');
  assert.equal(unrankableMods(0, 0, 7000), 'ScoreV2 required on a map with 7000 objects or more');
  assert.equal(unrankableMods(Mods.ScoreV2, 2, 7000), undefined);
  assert.equal(unrankableMods(Mods.Target, 0, 10), undefined);
  assert.equal(modsString(0), 'NM');
  assert.equal(modsString(Mods.Hidden | Mods.DoubleTime | Mods.Nightcore), 'HDNC');
  assert.equal(modsString(Mods.SuddenDeath | Mods.Perfect | Mods.HardRock), 'HRPF');
  assert.deepEqual([1, 2, 3, 4, 5].map(levelRequirement), [1, 30000, 130000, 340000, 700000]);
  assert.equal(levelOf(0), 1);
  assert.equal(levelOf(30000), 2);
  assert.equal(levelOf(129999), 2);
  assert.equal(levelRequirement(101), 26_931_190_829 + 100_000_000_000);
});
