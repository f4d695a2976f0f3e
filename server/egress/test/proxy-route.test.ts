/** `/proxy/<host>/<path>` on a running server: key, allow-list, pass-through, limiter answers. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { startLoopback, sendJson, type LoopbackServer } from '../../test/support/loopback-server.js';
import { loadBeatmapsConfig } from '../../config-beatmaps.js';
import { handleProxy } from '../proxy-route.js';
import { Egress } from '../egress.js';

describe('egress proxy route', () => {
  let up: LoopbackServer;
  let srv: TestServer;
  before(async () => {
    up = await startLoopback((req, res) => sendJson(res, req.url.startsWith('/missing') ? 404 : 200, { path: req.url, method: req.method, body: req.body, auth: req.headers.authorization ?? null }));
    srv = await startTestServer({ config: { beatmaps: loadBeatmapsConfig({ PROXY_API_KEY: 's3cret', PROXY_ALLOWED_HOSTS: up.host }) } });
  });
  after(async () => {
    await srv.close();
    await up.close();
  });

  test('refuses without the key, and hosts off the allow-list', async () => {
    assert.equal((await fetch(`${srv.url}/proxy/${up.host}/x`)).status, 401);
    assert.equal((await fetch(`${srv.url}/proxy/${up.host}/x`, { headers: { 'x-api-key': 'wrong!' } })).status, 401);
    assert.equal((await fetch(`${srv.url}/proxy/evil.example/x`, { headers: { 'x-api-key': 's3cret' } })).status, 403);
    assert.equal(up.requests.length, 0);
  });

  test('passes method, path, query, body and status through the limiter (http upstream in tests)', async () => {
    // The mounted route speaks https upstream; the same handler over http reaches the loopback fake.
    const egress = new Egress({ defaultLimit: { rate: 1, burst: 1 }, sleep: async () => undefined });
    const opts = { egress, apiKey: 's3cret', allowedHosts: [up.host], scheme: 'http' as const };
    const req = (method: string, p: string, body = '') => ({ method, path: p, query: 'a=1&b=2', headers: new Map([['x-api-key', 's3cret'], ['authorization', 'Bearer t']]), body: Buffer.from(body), ip: '127.0.0.1' });
    const r = await handleProxy(opts, req('POST', `/proxy/${up.host}/api/thing`, '{"x":1}'));
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(Buffer.from(r.body as Uint8Array).toString()), { path: '/api/thing?a=1&b=2', method: 'POST', body: '{"x":1}', auth: 'Bearer t' });
    // A second request in the same second waits for its token (recorded, not slept) and passes.
    const missing = await handleProxy(opts, req('GET', `/proxy/${up.host}/missing`));
    assert.equal(missing.status, 404);
    assert.equal(egress.hostStats(up.host).waits, 1);
    // A limiter that cannot serve before the deadline answers 503 with Retry-After, not 502.
    const tight = new Egress({ defaultLimit: { rate: 0.01, burst: 1 }, defaultDeadlineMs: 100, sleep: async () => undefined });
    const t = { ...opts, egress: tight };
    assert.equal((await handleProxy(t, req('GET', `/proxy/${up.host}/one`))).status, 200);
    const limited = await handleProxy(t, req('GET', `/proxy/${up.host}/two`));
    assert.equal(limited.status, 503);
    assert.ok(Number(limited.headers?.['Retry-After']) >= 1);
    await egress.close();
    await tight.close();
  });
});

test('GET /metrics exports the egress limiter metrics', async () => {
  const srv = await startTestServer();
  try {
    // /metrics lives on the internal listener (operator-only routes).
    const body = await (await fetch(`${srv.servers[0]!.internalUrl}/metrics`)).text();
    assert.match(body, /# HELP hayate_egress_requests_total/);
    assert.match(body, /# HELP hayate_egress_limiter_wait_ms/);
  } finally {
    await srv.close();
  }
});
