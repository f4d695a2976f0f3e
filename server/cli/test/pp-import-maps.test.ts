/** `hayate pp` and `hayate import-maps` run as child processes of the built CLI. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES, assertClose, fixtureJson } from '../../../compute/test/fixtures.js';
import type { Config } from '../../config.js';
import type { Storage } from '../../ports/storage.js';

const CLI = fileURLToPath(new URL('../main.js', import.meta.url));
const OPEN_STORAGE = fileURLToPath(new URL('../../adapters/storage/open-storage.js', import.meta.url));
const STD = path.join(FIXTURES, 'beatmaps', '2785319.osu');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function hayate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, COMPUTE_THREADS: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let tmp: string;
before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'hayate-cli-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('hayate pp', () => {
  test('akatsuki profile, HDDT 99 %: rosu-2.0, exact', async () => {
    const r = await hayate(['pp', STD, '--mods', 'HDDT', '--acc', '99'], { PP_PROFILE: 'akatsuki' });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.calculator, 'rosu-2.0');
    assertClose(out.pp, 676.0878551170331, 1e-12, 'pp');
    assertClose(out.stars, 8.030649319285482, 1e-12, 'stars');
    assert.equal(out.maxCombo, 909);
    for (const k of ['ppAim', 'ppSpeed', 'ppAccuracy']) assert.equal(typeof out[k], 'number', k);
  });
  test('--counts/--misses/--combo with --calc rosu-3.1 (stable selfGenerated case)', async () => {
    const r = await hayate(['pp', STD, '--counts', '580,15,2', '--misses', '4', '--combo', '700', '--calc', 'rosu-3.1']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.calculator, 'rosu-3.1');
    assertClose(out.pp, 146.8520269221687, 1e-12, 'pp');
  });
  test('--mode converts and integer mods work (taiko convert DT)', async () => {
    const r = await hayate(['pp', STD, '--mode', '1', '--mods', '64', '--counts', '880,20,0', '--misses', '3', '--combo', '500', '--calc', 'rosu-3.1']);
    assert.equal(r.code, 0, r.stderr);
    const expected = fixtureJson<{ selfGenerated: { cases: Array<{ id: string; result: { pp: number } }> } }>('rosu-expected.json')
      .selfGenerated.cases.find((c) => c.id === 'taiko/convert/DT/hitcounts')!;
    assertClose((JSON.parse(r.stdout) as { pp: number }).pp, expected.result.pp, 1e-12, 'pp');
  });
  test('usage errors exit 2', async () => {
    for (const args of [['pp'], ['pp', STD, '--mods', 'EZHR'], ['pp', STD, '--acc', '98', '--counts', '1,2,3'], ['pp', STD, '--calc', 'nope'], ['pp', STD, '--mode', '5'], ['pp', STD, '--bogus']]) {
      const r = await hayate(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /hayate pp:/);
    }
  });
  test('a bad map exits 1 with a clear message', async () => {
    const bad = path.join(tmp, 'garbage.osu');
    writeFileSync(bad, Buffer.from('this is not a beatmap\n'.repeat(20)));
    const r = await hayate(['pp', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no hit objects/);
    const missing = await hayate(['pp', path.join(tmp, 'missing.osu')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read/);
  });
});

describe('hayate import-maps', () => {
  test('imports the fixture maps (files, rows, stars) and is idempotent', { skip: existsSync(OPEN_STORAGE) ? false : 'server/adapters/storage/open-storage.ts not there yet' }, async () => {
    const src = path.join(tmp, 'maps');
    mkdirSync(path.join(src, 'sub'), { recursive: true });
    for (const f of ['2785319', '1028484', '2118524']) copyFileSync(path.join(FIXTURES, 'beatmaps', `${f}.osu`), path.join(src, `${f}.osu`));
    copyFileSync(path.join(FIXTURES, 'beatmaps', '1638954.osu'), path.join(src, 'sub', '1638954.osu'));
    // an unsubmitted map: no BeatmapID line -> negative synthetic id
    const noId = readFileSync(path.join(FIXTURES, 'beatmaps', '2118524.osu'), 'utf8').replace(/^BeatmapID:.*$/m, '').replace('Version:Platter', 'Version:Local');
    writeFileSync(path.join(src, 'local.osu'), noId);
    writeFileSync(path.join(src, 'junk.osu'), 'nothing here');
    const dataDir = path.join(tmp, 'data');
    const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    const r = await hayate(['import-maps', src], env);
    assert.equal(r.code, 1, 'one junk file: partial failure exit code');
    assert.match(r.stdout, /5 imported, 1 skipped, 6 files/);
    assert.match(r.stderr, /junk\.osu/);
    const again = await hayate(['import-maps', src], env);
    assert.match(again.stdout, /5 imported, 1 skipped/);

    const maps = fixtureJson<{ maps: Record<string, { md5: string; beatmapId: number }> }>('rosu-expected.json').maps;
    for (const info of Object.values(maps)) assert.ok(existsSync(path.join(dataDir, 'osu', `${info.md5}.osu`)), `${info.md5}.osu copied`);
    const { openStorage } = (await import(OPEN_STORAGE)) as { openStorage(c: Partial<Config>): Storage | Promise<Storage> };
    const { loadConfig } = await import('../../config.js');
    const storage = await openStorage(loadConfig({ DATA_DIR: dataDir }));
    try {
      const std = await storage.beatmaps.findByMd5(maps['2785319.osu']!.md5);
      assert.ok(std);
      assert.equal(std.beatmapId, 2785319);
      assert.equal(std.beatmapsetId, 1344871);
      assert.equal(std.maxCombo, 909);
      assert.equal(std.songName, "MYUKKE. - re[in]flaw [toybot's Expert]");
      assert.equal(std.ranked, 2);
      const local = await storage.beatmaps.findByMd5((await import('node:crypto')).createHash('md5').update(noId).digest('hex'));
      assert.ok(local && local.beatmapId < 0, 'synthetic negative id');
    } finally {
      await storage.close();
    }
  });
  test('usage errors exit 2', async () => {
    assert.equal((await hayate(['import-maps'])).code, 2);
    assert.equal((await hayate(['import-maps', path.join(tmp, 'nope')])).code, 2);
  });
});
