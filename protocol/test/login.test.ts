/** Login body (§3.1), osu! version strings and the §1.8 country table. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LoginParseError, parseLoginBody } from '../bancho/login.js';
import { OsuVersionError, parseOsuVersion } from '../bancho/version.js';
import { COUNTRY_CODES, countryCode, countryIndex } from '../bancho/countries.js';

const MD5 = '5f4dcc3b5aa765d61d8327deb882cf99';
/** bancho.py tests/unit/api/domains/cho_test.py body (via the spec §8.2); its md5 fields are placeholders. */
const CHO_TEST_BODY = 'cmyui\npassword-md5\nb20230814.2cuttingedge|-5|1|osu-path.adapt:1.2.3.:adapters:uninstall:disk:|1\n';
const validBody = CHO_TEST_BODY.replace('password-md5', MD5);

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LoginParseError, `expected LoginParseError, got ${String(err)}`);
    return err.field;
  }
  assert.fail('expected a LoginParseError');
}

describe('parseLoginBody', () => {
  test("cho_test.py body verbatim: rejected for its placeholder password md5", () => {
    assert.equal(fieldOf(() => parseLoginBody(CHO_TEST_BODY)), 'passwordMd5');
  });

  test('cho_test.py body with a real md5: every field', () => {
    const req = parseLoginBody(validBody);
    assert.deepEqual(req, {
      username: 'cmyui',
      passwordMd5: MD5,
      osuVersion: { date: { year: 2023, month: 8, day: 14 }, revision: 2, stream: 'cuttingedge', raw: 'b20230814.2cuttingedge' },
      utcOffset: -5,
      displayCity: true,
      clientHashes: {
        osuPathMd5: 'osu-path.adapt',
        adapters: '1.2.3.',
        adapterList: ['1', '2', '3'],
        adaptersMd5: 'adapters',
        uninstallMd5: 'uninstall',
        diskSignatureMd5: 'disk',
        runningUnderWine: false,
        raw: 'osu-path.adapt:1.2.3.:adapters:uninstall:disk:',
      },
      blockNonFriendDms: true,
    });
  });

  test('bytes and string give the same result; UTF-8 usernames survive', () => {
    const body = validBody.replace('cmyui', 'ちょこ');
    assert.deepEqual(parseLoginBody(Buffer.from(body, 'utf8')), parseLoginBody(body));
    assert.equal(parseLoginBody(new Uint8Array(Buffer.from(body))).username, 'ちょこ');
  });

  test('Wine adapters', () => {
    const h = parseLoginBody(validBody.replace('1.2.3.', 'runningunderwine')).clientHashes;
    assert.equal(h.runningUnderWine, true);
    assert.deepEqual(h.adapterList, []);
    assert.equal(h.adapters, 'runningunderwine');
  });

  test('upper-case md5 is accepted and lower-cased; flags 0', () => {
    const req = parseLoginBody(validBody.replace(MD5, MD5.toUpperCase()).replace('|-5|1|', '|0|0|').replace(/\|1\n$/, '|0\n'));
    assert.equal(req.passwordMd5, MD5);
    assert.equal(req.displayCity, false);
    assert.equal(req.blockNonFriendDms, false);
    assert.equal(req.utcOffset, 0);
  });

  test('the hardware field without its trailing ":" gives the same hashes (rs accepts both)', () => {
    const without = parseLoginBody(validBody.replace('disk:|', 'disk|')).clientHashes;
    const withColon = parseLoginBody(validBody).clientHashes;
    assert.deepEqual({ ...without, raw: '' }, { ...withColon, raw: '' });
    assert.equal(without.raw, 'osu-path.adapt:1.2.3.:adapters:uninstall:disk');
    assert.equal(without.diskSignatureMd5, 'disk');
  });

  test('no trailing newline and CRLF line ends are accepted', () => {
    assert.equal(parseLoginBody(validBody.slice(0, -1)).username, 'cmyui');
    assert.equal(parseLoginBody(validBody.replace(/\n/g, '\r\n')).blockNonFriendDms, true);
  });

  test('malformed bodies name the bad field', () => {
    const cases: Array<[string, string]> = [
      ['', 'body'],
      ['cmyui\n', 'body'],
      [`cmyui\n${MD5}\n`, 'body'],
      [`cmyui\n${MD5}\n\n`, 'clientInfo'],
      [validBody + 'extra\n', 'body'],
      [validBody.replace('cmyui', ''), 'username'],
      [validBody.replace(MD5, MD5.slice(1)), 'passwordMd5'],
      [validBody.replace(MD5, 'z'.repeat(32)), 'passwordMd5'],
      [validBody.replace('b20230814.2cuttingedge', 'b2023'), 'osuVersion'],
      [validBody.replace('b20230814.2cuttingedge', 'b20231314'), 'osuVersion'],
      [validBody.replace('|-5|', '|abc|'), 'utcOffset'],
      [validBody.replace('|-5|', '|-99|'), 'utcOffset'],
      [validBody.replace('|-5|', '|1.5|'), 'utcOffset'],
      [validBody.replace('|-5|1|', '|-5|yes|'), 'displayCity'],
      [validBody.replace('disk:|', 'disk:extra:|'), 'clientHashes'],
      [validBody.replace('disk:|', 'disk::|'), 'clientHashes'],
      [validBody.replace('osu-path.adapt:1.2.3.:adapters:uninstall:disk:|', '|'), 'clientHashes'],
      [validBody.replace('uninstall:disk:', 'disk:'), 'clientHashes'],
      [validBody.replace(/\|1\n$/, '|2\n'), 'blockNonFriendDms'],
      [validBody.replace(/\|1\n$/, '\n'), 'clientInfo'],
      [validBody.replace(/\|1\n$/, '|1|more\n'), 'clientInfo'],
    ];
    for (const [body, field] of cases) assert.equal(fieldOf(() => parseLoginBody(body)), field, JSON.stringify(body));
  });

  test('non-string, non-bytes input is a LoginParseError', () => {
    assert.equal(fieldOf(() => parseLoginBody(42 as unknown as string)), 'body');
  });

  test('total: any string or bytes give a LoginRequest or a LoginParseError', () => {
    const arb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }),
      // mutations of a valid body keep the structure mostly intact
      fc.tuple(fc.nat({ max: validBody.length }), fc.string({ maxLength: 5 })).map(([i, s]) => validBody.slice(0, i) + s + validBody.slice(i + 1)),
    );
    fc.assert(
      fc.property(arb, (body) => {
        try {
          const req = parseLoginBody(body);
          assert.equal(typeof req.username, 'string');
          assert.match(req.passwordMd5, /^[0-9a-f]{32}$/);
        } catch (err) {
          assert.ok(err instanceof LoginParseError, String(err));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseOsuVersion', () => {
  test('every stream', () => {
    const cases: Array<[string, unknown]> = [
      ['b20230814', { year: 2023, month: 8, day: 14, revision: null, stream: 'stable' }],
      ['b20230814.2', { year: 2023, month: 8, day: 14, revision: 2, stream: 'stable' }],
      ['b20230814.2cuttingedge', { year: 2023, month: 8, day: 14, revision: 2, stream: 'cuttingedge' }],
      ['b20240102beta', { year: 2024, month: 1, day: 2, revision: null, stream: 'beta' }],
      ['b20221231.1tourney', { year: 2022, month: 12, day: 31, revision: 1, stream: 'tourney' }],
      ['b20240229dev', { year: 2024, month: 2, day: 29, revision: null, stream: 'dev' }],
    ];
    for (const [input, want] of cases) {
      const v = parseOsuVersion(input);
      assert.deepEqual({ ...v.date, revision: v.revision, stream: v.stream }, want, input);
      assert.equal(v.raw, input);
    }
  });

  test('garbage and impossible dates are OsuVersionError', () => {
    for (const bad of ['', 'b', '20230814', 'b2023081', 'b20230814.', 'b20230814.123', 'b20230814stable', 'b20230814Beta', 'b20230230', 'b20231301', 'b20230800', ' b20230814', 'b20230814\n', 'x20230814']) {
      assert.throws(() => parseOsuVersion(bad), OsuVersionError, bad);
    }
  });

  test('total over arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.stringMatching(/^b\d{8}(\.\d)?(beta|cuttingedge|tourney|dev)?$/)), (s) => {
        try {
          const v = parseOsuVersion(s);
          assert.ok(v.date.month >= 1 && v.date.month <= 12);
        } catch (err) {
          assert.ok(err instanceof OsuVersionError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('country table (§1.8)', () => {
  test('known entries both ways', () => {
    assert.equal(countryIndex('US'), 225);
    assert.equal(countryIndex('us'), 225);
    assert.equal(countryCode(225), 'US');
    assert.equal(countryIndex('CA'), 38);
    assert.equal(countryIndex('JP'), 111);
    assert.equal(countryIndex('A2'), 245);
    assert.equal(countryCode(252), 'MF');
    assert.equal(countryCode(0), 'XX');
    assert.equal(countryCode(244), 'XX');
  });

  test('unknown → 0 / XX', () => {
    assert.equal(countryIndex('ZZ'), 0);
    assert.equal(countryIndex('XX'), 0);
    assert.equal(countryIndex(''), 0);
    assert.equal(countryIndex('USA'), 0);
    assert.equal(countryCode(253), 'XX');
    assert.equal(countryCode(-1), 'XX');
    assert.equal(countryCode(1.5), 'XX');
  });

  test('253 entries, every code round-trips except the duplicate XX', () => {
    assert.equal(COUNTRY_CODES.length, 253);
    for (let i = 1; i < COUNTRY_CODES.length; i++) {
      if (i === 244) continue;
      assert.equal(countryIndex(COUNTRY_CODES[i]!), i, COUNTRY_CODES[i]);
    }
  });
});
