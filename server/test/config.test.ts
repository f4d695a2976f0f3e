import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

test('defaults: embedded mode on 127.0.0.1:8080 with ./data', () => {
  const c = loadConfig({});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.redisUrl, undefined);
  assert.equal(c.amqpUrl, undefined);
  assert.equal(c.ppProfile, 'akatsuki');
  assert.equal(c.processReworks, true);
  assert.equal(c.botUserId, 999);
});

test('production URLs are taken as given', () => {
  const c = loadConfig({
    DATABASE_URL: 'mysql://root@127.0.0.1:3306/akatsuki',
    REDIS_URL: 'redis://127.0.0.1:6379',
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    PORT: '0',
    PROCESS_REWORKS: '0',
  });
  assert.equal(c.databaseUrl, 'mysql://root@127.0.0.1:3306/akatsuki');
  assert.equal(c.redisUrl, 'redis://127.0.0.1:6379');
  assert.equal(c.amqpUrl, 'amqp://guest:guest@127.0.0.1:5672');
  assert.equal(c.port, 0);
  assert.equal(c.processReworks, false);
});

const malformed: Array<[Record<string, string>, string, RegExp]> = [
  [{ PORT: 'abc' }, 'PORT', /whole number/],
  [{ PORT: '70000' }, 'PORT', /between 0 and 65535/],
  [{ HOST: 'bad host!' }, 'HOST', /host/],
  [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL', /unsupported scheme postgres:/],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', /not a URL/],
  [{ REDIS_URL: 'http://x' }, 'REDIS_URL', /unsupported scheme/],
  [{ AMQP_URL: 'redis://x' }, 'AMQP_URL', /unsupported scheme/],
  [{ PP_PROFILE: 'lazer' }, 'PP_PROFILE', /must be one of akatsuki, official/],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /must be one of/],
  [{ COMPUTE_THREADS: '-1' }, 'COMPUTE_THREADS', /whole number/],
  [{ SESSION_IDLE_SECONDS: '1' }, 'SESSION_IDLE_SECONDS', /between 5 and 86400/],
  [{ PROCESS_REWORKS: 'yes' }, 'PROCESS_REWORKS', /expected 1, 0, true or false/],
];

for (const [env, variable, message] of malformed) {
  test(`malformed ${variable}=${JSON.stringify(Object.values(env)[0])} fails naming the variable`, () => {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable && message.test(err.message) && err.message.startsWith(`${variable}: `),
    );
  });
}

test('hayate serve refuses to start on a malformed value, naming it, with exit code 2', () => {
  const r = spawnSync(process.execPath, [CLI, 'serve'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /configuration error: PORT: expected a whole number, got "eighty"/);
});

test('hayate --version and --help', () => {
  const v = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(v.status, 0);
  assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+$/);
  const h = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(h.status, 0);
  for (const cmd of ['serve', 'decode', 'migrate', 'user', 'pp', 'import-maps', 'recalc']) assert.match(h.stdout, new RegExp(`^  ${cmd} `, 'm'));
  const unknown = spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});

test('S3 storage: off unless S3_BUCKET; keys required; path-style follows the endpoint', () => {
  assert.equal(loadConfig({}).s3, undefined);
  const c = loadConfig({ S3_BUCKET: 'replays', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret', S3_ENDPOINT: 'http://127.0.0.1:9000' });
  assert.deepEqual(c.s3, {
    endpoint: 'http://127.0.0.1:9000',
    bucket: 'replays',
    region: 'us-east-1',
    accessKeyId: 'id',
    secretAccessKey: 'secret',
    forcePathStyle: true,
  });
  const aws = loadConfig({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'i', S3_SECRET_ACCESS_KEY: 's', S3_REGION: 'eu-central-1' });
  assert.equal(aws.s3?.endpoint, undefined);
  assert.equal(aws.s3?.forcePathStyle, false);
  assert.equal(aws.s3?.region, 'eu-central-1');
  assert.throws(() => loadConfig({ S3_BUCKET: 'b', S3_SECRET_ACCESS_KEY: 's' }), (e: unknown) => e instanceof ConfigError && e.variable === 'S3_ACCESS_KEY_ID');
  assert.throws(() => loadConfig({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'i' }), (e: unknown) => e instanceof ConfigError && e.variable === 'S3_SECRET_ACCESS_KEY');
  assert.throws(() => loadConfig({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'i', S3_SECRET_ACCESS_KEY: 's', S3_ENDPOINT: 'ftp://x' }), (e: unknown) => e instanceof ConfigError && e.variable === 'S3_ENDPOINT');
  assert.throws(() => loadConfig({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'i', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: 'maybe' }), (e: unknown) => e instanceof ConfigError && e.variable === 'S3_FORCE_PATH_STYLE');
});

test('leaderboard settings: defaults, values and bounds', () => {
  const d = loadConfig({});
  assert.equal(d.leaderboardSize, 100);
  assert.equal(d.leaderboardCacheSeconds, 10);
  const c = loadConfig({ LEADERBOARD_SIZE: '50', LEADERBOARD_CACHE_SECONDS: '0' });
  assert.equal(c.leaderboardSize, 50);
  assert.equal(c.leaderboardCacheSeconds, 0);
  assert.throws(() => loadConfig({ LEADERBOARD_SIZE: '0' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LEADERBOARD_SIZE');
  assert.throws(() => loadConfig({ LEADERBOARD_CACHE_SECONDS: 'soon' }), (e: unknown) => e instanceof ConfigError && e.variable === 'LEADERBOARD_CACHE_SECONDS');
});
