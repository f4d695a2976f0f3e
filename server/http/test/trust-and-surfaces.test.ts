/**
 * Forwarded addresses only from trusted proxies, and the operator-only routes kept off the public
 * port unless API_KEY is set (then only with it), over real HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpApp, type HttpApp } from '../app.js';
import { clientIp, parseTrustedProxies, TRUST_NONE } from '../client-ip.js';
import { bearerMatches, internalSurface } from '../internal-surface.js';
import { json } from '../types.js';
import { createLogger } from '../../log.js';
import { ConfigError, loadConfig } from '../../config.js';

describe('TRUSTED_PROXIES', () => {
  const xff = new Map([['x-forwarded-for', '203.0.113.9']]);
  test('forwarded headers count only when the socket peer is inside a trusted range', () => {
    const trust = parseTrustedProxies(['10.0.0.0/8', '::1', 'fd00::/8']);
    assert.equal(clientIp(xff, () => '10.1.2.3', trust), '203.0.113.9');
    assert.equal(clientIp(xff, () => '11.1.2.3', trust), '11.1.2.3');
    assert.equal(clientIp(xff, () => '::1', trust), '203.0.113.9');
    assert.equal(clientIp(xff, () => 'fd12::5', trust), '203.0.113.9');
    assert.equal(clientIp(xff, () => '::ffff:10.9.9.9', trust), '203.0.113.9');
    assert.equal(clientIp(xff, () => '2001:db8::1', trust), '2001:db8::1');
    assert.equal(clientIp(xff, () => '10.1.2.3', TRUST_NONE), '10.1.2.3');
  });

  test('the setting is checked at start: loopback by default, none, or a clear error naming it', () => {
    assert.deepEqual(loadConfig({}).trustedProxies, ['127.0.0.0/8', '::1']);
    assert.deepEqual(loadConfig({ TRUSTED_PROXIES: 'none' }).trustedProxies, []);
    assert.deepEqual(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 172.16.0.0/12' }).trustedProxies, ['10.0.0.0/8', '172.16.0.0/12']);
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.0/x']) {
      assert.throws(() => loadConfig({ TRUSTED_PROXIES: bad }), (e: unknown) => e instanceof ConfigError && e.variable === 'TRUSTED_PROXIES', bad);
    }
  });

  test('INTERNAL_PORT defaults to PORT + 1, and to a free port when PORT is 0', () => {
    assert.equal(loadConfig({}).internalPort, 8081);
    assert.equal(loadConfig({ PORT: '9000' }).internalPort, 9001);
    assert.equal(loadConfig({ PORT: '0' }).internalPort, 0);
    assert.equal(loadConfig({ PORT: '9000', INTERNAL_PORT: '9500' }).internalPort, 9500);
  });

  test('over HTTP: a spoofed X-Forwarded-For from an untrusted peer is ignored', async () => {
    for (const [trust, expected] of [
      [parseTrustedProxies(['127.0.0.0/8']), '203.0.113.9'],
      [TRUST_NONE, '127.0.0.1'],
    ] as const) {
      const app = createHttpApp(createLogger('silent'), { trust });
      app.route('get', '/who', (req) => json(200, { ip: req.ip }));
      const port = await app.listen('127.0.0.1', 0);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/who`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
        assert.deepEqual(await res.json(), { ip: expected });
      } finally {
        await app.close(100);
      }
    }
  });
});

describe('internal surface', () => {
  const apps: HttpApp[] = [];
  const base = async (app: HttpApp): Promise<string> => `http://127.0.0.1:${await app.listen('127.0.0.1', 0)}`;
  after(async () => {
    for (const a of apps) await a.close(100);
  });

  async function pair(apiKey: string): Promise<{ pub: string; internal: string }> {
    const publicApp = createHttpApp(createLogger('silent'));
    const internalApp = createHttpApp(createLogger('silent'));
    apps.push(publicApp, internalApp);
    const surface = internalSurface(internalApp, publicApp, apiKey);
    surface.route('post', '/api/v1/calculate', (req) => json(200, { got: req.body.toString() }), { headers: [] });
    publicApp.route('get', '/public', () => json(200, { ok: true }));
    return { pub: await base(publicApp), internal: await base(internalApp) };
  }

  test('without API_KEY the route exists only on the internal listener', async () => {
    const { pub, internal } = await pair('');
    assert.equal((await fetch(`${pub}/api/v1/calculate`, { method: 'POST', body: 'x' })).status, 404);
    assert.equal((await fetch(`${pub}/api/v1/calculate`, { method: 'POST', body: 'x', headers: { authorization: 'Bearer ' } })).status, 404);
    assert.equal((await fetch(`${pub}/public`)).status, 200);
    const res = await fetch(`${internal}/api/v1/calculate`, { method: 'POST', body: 'x' });
    assert.deepEqual(await res.json(), { got: 'x' });
  });

  test('with API_KEY the public port answers only a request carrying it', async () => {
    const { pub, internal } = await pair('s3cret');
    assert.equal((await fetch(`${pub}/api/v1/calculate`, { method: 'POST', body: 'x' })).status, 401);
    assert.equal((await fetch(`${pub}/api/v1/calculate`, { method: 'POST', body: 'x', headers: { authorization: 'Bearer s3cre' } })).status, 401);
    const ok = await fetch(`${pub}/api/v1/calculate`, { method: 'POST', body: 'y', headers: { authorization: 'Bearer s3cret' } });
    assert.deepEqual(await ok.json(), { got: 'y' });
    assert.equal((await fetch(`${internal}/api/v1/calculate`, { method: 'POST', body: 'z' })).status, 200);
  });

  test('bearer comparison', () => {
    assert.ok(bearerMatches('k', 'Bearer k'));
    assert.ok(!bearerMatches('k', 'bearer k'));
    assert.ok(!bearerMatches('', 'Bearer '));
    assert.ok(!bearerMatches('k', undefined));
  });
});
