/**
 * Mirror failover against loopback mirrors: breakers open after 3 failures and close after the
 * cool-down (injected clock), a slow mirror loses the hedge, 404 everywhere is "absent" while
 * nobody reachable is "unavailable", invalid archives and wrong `.osu` files are rejected.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { Egress } from '../../../egress/egress.js';
import { createLogger } from '../../../log.js';
import { createManualClock } from '../../../test/support/manual-clock.js';
import { startLoopback, type LoopbackServer } from '../../../test/support/loopback-server.js';
import { MirrorPool, type MirrorRequestEntry } from '../mirrors.js';
import { md5Of } from '../osu-file-cache.js';

const log = createLogger('silent');
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('fake archive body')]);
const OSU = Buffer.from('osu file format v14\n');

type Behaviour = 'ok' | 'dead' | 'absent' | 'hang' | 'notzip' | 'wrongosu';

describe('mirror pool', () => {
  const servers: Record<Behaviour, LoopbackServer> = {} as Record<Behaviour, LoopbackServer>;
  const hanging: ServerResponse[] = [];
  let egress: Egress;
  before(async () => {
    const behave = (b: Behaviour) => (req: { url: string }, res: ServerResponse) => {
      const isOsu = req.url.startsWith('/osu/');
      switch (b) {
        case 'ok':
          res.writeHead(200);
          return void res.end(isOsu ? OSU : ZIP);
        case 'dead':
          res.writeHead(500);
          return void res.end('boom');
        case 'absent':
          res.writeHead(404);
          return void res.end();
        case 'hang':
          hanging.push(res);
          return;
        case 'notzip':
          res.writeHead(200);
          return void res.end('<html>rate limited</html>');
        case 'wrongosu':
          res.writeHead(200);
          return void res.end(isOsu ? Buffer.from('osu file format v14\n// another version\n') : ZIP);
      }
    };
    for (const b of ['ok', 'dead', 'absent', 'hang', 'notzip', 'wrongosu'] as const) servers[b] = await startLoopback(behave(b));
    egress = new Egress({ defaultLimit: { rate: 1000, burst: 1000 }, sleep: async () => undefined });
  });
  after(async () => {
    for (const r of hanging) r.destroy();
    await egress.close();
    for (const s of Object.values(servers)) await s.close();
  });

  const pool = (bs: Behaviour[], clock = createManualClock(), entries: MirrorRequestEntry[] = []) =>
    new MirrorPool(bs.map((b) => servers[b].url), { egress, clock, log, requestLog: { record: (e) => entries.push(e) } });

  test('a dead mirror opens its breaker after 3 failures, is skipped, and is retried after the cool-down', async () => {
    const clock = createManualClock();
    const p = pool(['dead'], clock);
    const before = servers.dead.requests.length;
    for (let i = 0; i < 3; i++) assert.equal((await p.fetch({ kind: 'osz', setId: 1 })).kind, 'unavailable');
    assert.equal(servers.dead.requests.length - before, 3);
    assert.equal(p.view()[0]?.breaker, 'open');
    const r = await p.fetch({ kind: 'osz', setId: 1 });
    assert.deepEqual(r, { kind: 'unavailable', retryAfterSeconds: 30 });
    assert.equal(servers.dead.requests.length - before, 3);
    clock.advance(30_000);
    assert.equal(p.view()[0]?.breaker, 'half-open');
    await p.fetch({ kind: 'osz', setId: 1 });
    assert.equal(servers.dead.requests.length - before, 4);
    // A failure while half-open re-opens at once.
    assert.equal(p.view()[0]?.breaker, 'open');
  });

  test('the slow mirror loses the hedge; the winner answers', async () => {
    const entries: MirrorRequestEntry[] = [];
    const p = pool(['hang', 'ok'], createManualClock(), entries);
    const r = await p.fetch({ kind: 'osz', setId: 77 });
    assert.equal(r.kind, 'found');
    assert.ok(r.kind === 'found' && r.mirror === servers.ok.host && r.body.equals(ZIP));
    assert.equal(servers.hang.requests.at(-1)?.url, '/d/77');
    // The cancelled loser is neither a failure nor logged.
    assert.deepEqual(entries.map((e) => [e.mirrorName, e.success, e.resource, e.statusCode]), [[servers.ok.host, true, 'osz_file', 200]]);
    assert.equal(p.view().find((m) => m.name === servers.hang.host)?.failureRate, 0);
  });

  test('404 everywhere is absent; 404 beside failures is absent; failures only are unavailable', async () => {
    assert.deepEqual(await pool(['absent', 'absent']).fetch({ kind: 'osz', setId: 5 }), { kind: 'absent' });
    assert.deepEqual(await pool(['absent', 'dead']).fetch({ kind: 'osz', setId: 5 }), { kind: 'absent' });
    assert.equal((await pool(['dead', 'notzip']).fetch({ kind: 'osz', setId: 5 })).kind, 'unavailable');
  });

  test('after a failed hedge the rest are tried in order; a non-zip answer is a failure', async () => {
    const entries: MirrorRequestEntry[] = [];
    const p = pool(['notzip', 'dead', 'ok'], createManualClock(), entries);
    const r = await p.fetch({ kind: 'osz', setId: 9 });
    assert.ok(r.kind === 'found' && r.mirror === servers.ok.host);
    const byName = new Map(entries.map((e) => [e.mirrorName, e]));
    assert.equal(byName.get(servers.notzip.host)?.responseError, 'not a zip archive');
    assert.equal(byName.get(servers.dead.host)?.responseError, 'HTTP 500');
    assert.equal(byName.get(servers.ok.host)?.success, true);
    // Failing mirrors now rank behind the healthy one: the next hedge starts with it.
    const order = p.view().sort((a, b) => a.failureRate - b.failureRate).map((m) => m.name);
    assert.equal(order[0], servers.ok.host);
  });

  test('a .osu whose md5 does not match is rejected and the next mirror is asked', async () => {
    const p = pool(['wrongosu', 'dead', 'ok']);
    const r = await p.fetch({ kind: 'osu', beatmapId: 3, md5: md5Of(OSU) });
    assert.ok(r.kind === 'found' && r.body.equals(OSU) && r.mirror === servers.ok.host);
    assert.equal((await pool(['wrongosu']).fetch({ kind: 'osu', beatmapId: 3, md5: md5Of(OSU) })).kind, 'unavailable');
  });
});
