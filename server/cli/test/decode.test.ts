/** `hayate decode` run as a child process against the built CLI (dist/server/cli/main.js). */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatPackets, encodeClient, encodeServer } from '../../../protocol/bancho/writer.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], stdin?: Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'decode', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? Buffer.alloc(0));
  });
}

const lines = (s: string): unknown[] => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

describe('hayate decode', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hayate-decode-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('--hex client body (§8.2 vectors): one JSON line per packet', async () => {
    const r = await run(['--hex', '04000000000000 5500000e0000000300010000000200000003000000 2000000c000000070000000b06736563726574']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), [
      { id: 4, name: 'PING' },
      { id: 85, name: 'USER_STATS_REQUEST', data: [1, 2, 3] },
      { id: 32, name: 'JOIN_MATCH', data: { matchId: 7, password: 'secret' } },
    ]);
  });

  test('--direction server decodes USER_STATS with i64 as JSON numbers, large ones as strings', async () => {
    const body = concatPackets([
      encodeServer.USER_STATS({
        userId: 1001,
        action: { action: 2, infoText: 'gaming', beatmapMd5: '', mods: 64, mode: 0, beatmapId: 1 },
        rankedScore: 1238917112n,
        accuracy: 0.5,
        playCount: 3,
        totalScore: 2n ** 60n,
        globalRank: 42,
        pp: 8291,
      }),
    ]);
    const r = await run(['--direction', 'server', '--hex', body.toString('hex')]);
    assert.equal(r.code, 0, r.stderr);
    const [p] = lines(r.stdout) as Array<{ name: string; data: Record<string, unknown> }>;
    assert.equal(p!.name, 'USER_STATS');
    assert.equal(p!.data.rankedScore, 1238917112);
    assert.equal(p!.data.totalScore, (2n ** 60n).toString());
    assert.equal(p!.data.pp, 8291);
  });

  test('unknown ids print as UNKNOWN with their length, in body order', async () => {
    const body = concatPackets([encodeClient.PING(), Buffer.from('e703000300000061626304000000000000', 'hex')]);
    const r = await run(['--hex', body.toString('hex')]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r.stdout), [
      { id: 4, name: 'PING' },
      { id: 999, name: 'UNKNOWN', length: 3 },
      { id: 4, name: 'PING' },
    ]);
  });

  test('raw byte payloads print as hex', async () => {
    const r = await run(['--hex', encodeClient.ERROR_REPORT(Buffer.from('cafe', 'hex')).toString('hex')]);
    assert.deepEqual(lines(r.stdout), [{ id: 20, name: 'ERROR_REPORT', data: 'cafe' }]);
  });

  test('a file and stdin (- and default) give the same output', async () => {
    const body = concatPackets([encodeClient.CHANNEL_JOIN('#osu'), encodeClient.FRIEND_ADD(3)]);
    const file = join(dir, 'body.bin');
    await writeFile(file, body);
    const fromFile = await run([file]);
    const fromDash = await run(['-'], body);
    const fromDefault = await run([], body);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.deepEqual(lines(fromFile.stdout), [
      { id: 63, name: 'CHANNEL_JOIN', data: '#osu' },
      { id: 73, name: 'FRIEND_ADD', data: 3 },
    ]);
    assert.equal(fromDash.stdout, fromFile.stdout);
    assert.equal(fromDefault.stdout, fromFile.stdout);
  });

  test('a decode error prints the packets before it, then the offset on stderr, exit 1', async () => {
    const r = await run(['--hex', '04000000000000 5500000e000000ffff']);
    assert.equal(r.code, 1);
    assert.deepEqual(lines(r.stdout), [{ id: 4, name: 'PING' }]);
    assert.match(r.stderr, /byte offset 7/);
    assert.match(r.stderr, /claims a 14-byte payload but only 2 bytes remain/);
  });

  test('bad arguments are usage errors (exit 2); --help prints usage', async () => {
    assert.equal((await run(['--hex', 'abc'])).code, 2);
    assert.equal((await run(['--direction', 'sideways', '--hex', '00'])).code, 2);
    assert.equal((await run(['--bogus'])).code, 2);
    const missing = await run([join(dir, 'nope.bin')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read/);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: hayate decode/);
  });
});
