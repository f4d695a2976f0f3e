/** Mod parsing/validation/normalisation and calculator selection (pure, no workers). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { difficultyMods, modsToString, normaliseMods, parseMods } from '../pp/mods.js';
import { selectCalculator } from '../pp/select.js';
import { PpInputError } from '../pp/calculator.js';
import { Mods } from '../../protocol/osu/mods.js';

describe('parseMods', () => {
  test('acronym strings in any case and with separators equal the bits', () => {
    assert.equal(parseMods('HDDT'), 72);
    assert.equal(parseMods('hddt'), 72);
    assert.equal(parseMods('+HD,DT'), 72);
    assert.equal(parseMods('HD DT'), 72);
    assert.equal(parseMods('HD|HR|FL'), 8 + 16 + 1024);
  });
  test('integers and decimal strings', () => {
    assert.equal(parseMods(72), 72);
    assert.equal(parseMods('72'), 72);
    assert.equal(parseMods(0), 0);
    assert.equal(parseMods(''), 0);
    assert.equal(parseMods('NM'), 0);
  });
  test('unknown acronyms, odd lengths and unknown bits are errors', () => {
    assert.throws(() => parseMods('HDXX'), { name: 'PpInputError', message: /unknown mod XX/ });
    assert.throws(() => parseMods('HDD'), PpInputError);
    assert.throws(() => parseMods(2 ** 31), { message: /unknown mod bits/ });
    assert.throws(() => parseMods(-1), PpInputError);
    assert.throws(() => parseMods(1.5), PpInputError);
    assert.throws(() => parseMods(2 ** 33), PpInputError);
  });
});

describe('normaliseMods', () => {
  test('NC implies DT, PF implies SD', () => {
    assert.equal(normaliseMods(Mods.Nightcore, 0), Mods.Nightcore | Mods.DoubleTime);
    assert.equal(normaliseMods(576, 0), 576);
    assert.equal(normaliseMods(Mods.Perfect, 0), Mods.Perfect | Mods.SuddenDeath);
  });
  const bad: Array<[string, number, 0 | 1 | 2 | 3, RegExp]> = [
    ['EZ+HR', Mods.Easy | Mods.HardRock, 0, /EZ and HR/],
    ['DT+HT', Mods.DoubleTime | Mods.HalfTime, 0, /DT\/NC and HT/],
    ['NC+HT', Mods.Nightcore | Mods.HalfTime, 0, /DT\/NC and HT/],
    ['NF+SD', Mods.NoFail | Mods.SuddenDeath, 0, /NF and SD/],
    ['NF+PF', Mods.NoFail | Mods.Perfect, 0, /NF and SD/],
    ['RX+AP', Mods.Relax | Mods.Autopilot, 0, /RX and AP/],
    ['RX in mania', Mods.Relax, 3, /mania/],
    ['AP in mania', Mods.Autopilot, 3, /RX\/AP do not exist in osu!mania/],
    ['AP in taiko', Mods.Autopilot, 1, /only in osu!std/],
    ['4K in std', Mods.Key4, 0, /only in osu!mania/],
    ['4K+7K', Mods.Key4 | Mods.Key7, 3, /more than one key mod/],
    ['autoplay', Mods.Autoplay, 0, /autoplay/],
  ];
  for (const [name, mods, mode, re] of bad) {
    test(`${name} is a clear PpInputError`, () => {
      assert.throws(() => normaliseMods(mods, mode), (err: unknown) => err instanceof PpInputError && re.test(err.message));
    });
  }
  test('valid combinations pass unchanged', () => {
    assert.equal(normaliseMods(Mods.Relax | Mods.Hidden | Mods.DoubleTime, 0), 200);
    assert.equal(normaliseMods(Mods.Relax, 1), Mods.Relax);
    assert.equal(normaliseMods(Mods.Key7 | Mods.Hidden, 3), Mods.Key7 | Mods.Hidden);
  });
});

describe('difficultyMods and modsToString', () => {
  test('score-only mods do not split the difficulty cache', () => {
    assert.equal(difficultyMods(normaliseMods(Mods.NoFail | Mods.Hidden, 0)), Mods.Hidden);
    assert.equal(difficultyMods(normaliseMods(Mods.Perfect | Mods.HardRock, 0)), Mods.HardRock);
    assert.equal(difficultyMods(normaliseMods(Mods.Nightcore, 0)), difficultyMods(Mods.DoubleTime));
    assert.equal(difficultyMods(Mods.SpunOut | Mods.ScoreV2), 0);
  });
  test('acronym rendering', () => {
    assert.equal(modsToString(0), 'NM');
    assert.equal(modsToString(72), 'HDDT');
    assert.equal(modsToString(576), 'NC');
    assert.equal(modsToString(Mods.Perfect | Mods.SuddenDeath | Mods.Hidden), 'HDPF');
  });
});

describe('selectCalculator', () => {
  test('akatsuki profile', () => {
    assert.equal(selectCalculator('akatsuki', 0, Mods.Relax), 'akatsuki-rx-2019');
    assert.equal(selectCalculator('akatsuki', 0, Mods.Relax | Mods.Hidden), 'akatsuki-rx-2019');
    assert.equal(selectCalculator('akatsuki', 0, Mods.Autopilot), 'akatsuki-ap-2024');
    assert.equal(selectCalculator('akatsuki', 0, 0), 'rosu-2.0');
    assert.equal(selectCalculator('akatsuki', 0, Mods.Hidden | Mods.DoubleTime), 'rosu-2.0');
    assert.equal(selectCalculator('akatsuki', 1, Mods.Relax), 'rosu-2.0');
    assert.equal(selectCalculator('akatsuki', 2, Mods.Relax), 'rosu-2.0');
    assert.equal(selectCalculator('akatsuki', 3, 0), 'rosu-2.0');
  });
  test('official profile uses rosu-3.1 everywhere', () => {
    for (const mode of [0, 1, 2, 3] as const) {
      for (const mods of [0, Mods.Relax, Mods.Autopilot, Mods.Hidden]) assert.equal(selectCalculator('official', mode, mods), 'rosu-3.1');
    }
  });
});
