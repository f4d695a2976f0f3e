/** `hayate analyze` run as a child process against the built CLI, on the replay fixtures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPLAY_FIXTURES, replayBytes } from '../../../protocol/replay/test/fixtures.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'analyze', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('analyze with --map prints header, frametime, filtered + unfiltered snaps, UR and flags', async () => {
  const r = await run([`${REPLAY_FIXTURES}ur-mismagius_usatei.osr`, '--map', `${REPLAY_FIXTURES}maps/ur-map-iosys.osu`]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(out.header.mods, 64);
  assert.equal(out.header.username, 'Mismagius');
  assert.equal(typeof out.header.timestampTicks, 'string');
  assert.equal(Math.round(out.ur.unadjusted * 100) / 100, 218.45);
  assert.ok(Math.abs(out.ur.adjusted - out.ur.unadjusted / 1.5) < 1e-9);
  assert.ok(Array.isArray(out.snaps) && Array.isArray(out.unfiltered));
  assert.equal(typeof out.frametime.cv, 'number');
  assert.equal(out.flags.checkVersion, 'hayate-cheat-1');
});

test('analyze --against gives circlecore similarity and correlation', async () => {
  const r = await run([`${REPLAY_FIXTURES}cc-legit-1.osr`, '--against', `${REPLAY_FIXTURES}cc-legit-2.osr`, '--kernels', 'ts']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { similarity: number; correlation: number; ur?: unknown };
  assert.ok(Math.abs(out.similarity - 23.13951) < 1e-5);
  assert.ok(out.correlation > 0.98 && out.correlation < 0.99);
  assert.equal(out.ur, undefined);
});

test('--svg draws the path, the objects and the histogram; --against overlays both replays', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hayate-analyze-svg-'));
  try {
    const file = join(dir, 'a.svg');
    const r = await run([`${REPLAY_FIXTURES}ur-respektive_haitai.osr`, '--map', `${REPLAY_FIXTURES}maps/ur-map-ayase.osu`, '--svg', file]);
    assert.equal(r.code, 0, r.stderr);
    const svg = await readFile(file, 'utf8');
    assert.match(svg, /^<svg /);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 1);
    assert.ok((svg.match(/<circle /g) ?? []).length > 100, 'hit objects drawn');
    assert.match(svg, /hit errors \(178 hits/);
    const two = join(dir, 'b.svg');
    assert.equal((await run([`${REPLAY_FIXTURES}cc-stolen_replay1.osr`, '--against', `${REPLAY_FIXTURES}cc-stolen_replay2.osr`, '--svg', two])).code, 0);
    assert.equal(((await readFile(two, 'utf8')).match(/<polyline /g) ?? []).length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a truncated replay exits 1 with a clear message; bad usage exits 2', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hayate-analyze-'));
  try {
    const file = join(dir, 'cut.osr');
    await writeFile(file, replayBytes('cc-example_replay.osr').subarray(0, 5000));
    const r = await run([file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /truncated/);
    assert.equal(r.stdout, '');
    const u = await run([]);
    assert.equal(u.code, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
