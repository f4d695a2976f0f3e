/** Beatmap/egress settings: offline by default, official hosts as defaults, malformed values named. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBeatmapsConfig } from '../../config-beatmaps.js';
import { ConfigError } from '../../config.js';
import { egressLimits } from '../open-store.js';
import { OSU_DEFAULT_LIMIT } from '../../egress/egress.js';

test('defaults: nothing configured, official hosts ready', () => {
  const c = loadBeatmapsConfig({});
  assert.deepEqual([c.osuApiV1Keys, c.mirrors, c.osuApiV2ClientId, c.beatmapsDir, c.geoipUrl, c.proxyApiKey], [[], [], '', undefined, undefined, '']);
  assert.equal(c.osuApiV1Url, 'https://osu.ppy.sh/api');
  assert.equal(c.osuApiV2Url, 'https://osu.ppy.sh');
  assert.equal(c.osuFilesUrl, 'https://osu.ppy.sh/osu');
  assert.equal(c.egressDeadlineMs, 15_000);
  assert.deepEqual(egressLimits({ beatmaps: c }).get('osu.ppy.sh'), OSU_DEFAULT_LIMIT);
});

test('lists, limits and URLs parse; bad ones name their variable', () => {
  const c = loadBeatmapsConfig({ OSU_API_V1_KEY: 'a, b', MIRRORS: 'https://m1.example/, http://m2.example', EGRESS_LIMITS: 'osu.ppy.sh=2/5,catboy.best=0.5/1', PROXY_ALLOWED_HOSTS: 'discord.com' });
  assert.deepEqual(c.osuApiV1Keys, ['a', 'b']);
  assert.deepEqual(c.mirrors, ['https://m1.example', 'http://m2.example']);
  assert.deepEqual(egressLimits({ beatmaps: c }).get('osu.ppy.sh'), { rate: 2, burst: 5 });
  assert.deepEqual(c.egressLimits.get('catboy.best'), { rate: 0.5, burst: 1 });
  for (const [name, value] of [
    ['MIRRORS', 'ftp://x'],
    ['EGRESS_LIMITS', 'osu.ppy.sh=fast'],
    ['EGRESS_LIMITS', 'osu.ppy.sh=0/5'],
    ['EGRESS_DEADLINE_MS', '10'],
    ['OSU_API_V1_URL', 'not a url'],
    ['GEOIP_URL', 'file:///etc/passwd'],
  ] as const) {
    assert.throws(() => loadBeatmapsConfig({ [name]: value }), (e: unknown) => e instanceof ConfigError && e.variable === name, `${name}=${value}`);
  }
});
