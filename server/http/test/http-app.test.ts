/** The HTTP layer on its own: routing, body caps, client address, errors, graceful close. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpApp, type HttpApp } from '../app.js';
import { clientIp } from '../client-ip.js';
import { HttpError, json, text } from '../types.js';
import { createLogger } from '../../log.js';

describe('client address', () => {
  const socket = (): string => '10.0.0.1';
  test('CF-Connecting-IP, then the first X-Forwarded-For, then X-Real-IP, then the socket', () => {
    assert.equal(clientIp(new Map([['cf-connecting-ip', '1.1.1.1'], ['x-forwarded-for', '2.2.2.2']]), socket), '1.1.1.1');
    assert.equal(clientIp(new Map([['x-forwarded-for', ' 2.2.2.2, 3.3.3.3'], ['x-real-ip', '4.4.4.4']]), socket), '2.2.2.2');
    assert.equal(clientIp(new Map([['x-real-ip', '4.4.4.4']]), socket), '4.4.4.4');
    assert.equal(clientIp(new Map(), socket), '10.0.0.1');
  });
});

describe('HTTP app', () => {
  let app: HttpApp;
  let base: string;
  let release: (() => void) | undefined;
  before(async () => {
    app = createHttpApp(createLogger('silent'));
    app.route('post', '/echo', (req) => ({ status: 200, body: req.body }), { maxBodyBytes: 1024 });
    app.route('get', '/who', (req) => json(200, { ip: req.ip, q: new URLSearchParams(req.query).get('x') }));
    app.route('get', '/teapot', () => {
      throw new HttpError(418, 'short and stout');
    });
    app.route('get', '/boom', async () => {
      throw new Error('internal detail');
    });
    app.route('get', '/slow', () => new Promise((resolve) => (release = () => resolve(text(200, 'finished')))));
    base = `http://127.0.0.1:${await app.listen('127.0.0.1', 0)}`;
  });
  after(() => app.close(100));

  test('bodies are read whole, chunked or not', async () => {
    const body = Buffer.alloc(1000, 7);
    const res = await fetch(`${base}/echo`, { method: 'POST', body });
    assert.equal(res.status, 200);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), body);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3]));
        c.enqueue(new Uint8Array([4, 5]));
        c.close();
      },
    });
    const chunked = await fetch(`${base}/echo`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    assert.deepEqual([...new Uint8Array(await chunked.arrayBuffer())], [1, 2, 3, 4, 5]);
  });

  test('a body over the cap gets 413, also when sent chunked without a length', async () => {
    assert.equal((await fetch(`${base}/echo`, { method: 'POST', body: Buffer.alloc(1025) })).status, 413);
    const big = new ReadableStream({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(400));
        c.close();
      },
    });
    const res = await fetch(`${base}/echo`, { method: 'POST', body: big, duplex: 'half' } as RequestInit).catch(() => null);
    assert.ok(res === null || res.status === 413);
    assert.equal((await fetch(`${base}/echo`, { method: 'POST', body: 'still fine' })).status, 200);
  });

  test('client address from proxy headers, query string', async () => {
    const res = await fetch(`${base}/who?x=42`, { headers: { 'X-Forwarded-For': '198.51.100.7, 10.0.0.1' } });
    assert.deepEqual(await res.json(), { ip: '198.51.100.7', q: '42' });
    const direct = (await (await fetch(`${base}/who`)).json()) as { ip: string };
    assert.match(direct.ip, /127\.0\.0\.1|::1|::ffff:127\.0\.0\.1|^0000/);
  });

  test('HttpError → its status; other errors → 500 without details; unknown → 404', async () => {
    const tea = await fetch(`${base}/teapot`);
    assert.equal(tea.status, 418);
    assert.equal(await tea.text(), 'short and stout');
    const boom = await fetch(`${base}/boom`);
    assert.equal(boom.status, 500);
    const body = await boom.text();
    assert.doesNotMatch(body, /internal detail/);
    // A request id the player can report, the same one the log line carries.
    const id = boom.headers.get('x-request-id');
    assert.match(id ?? '', /^[0-9a-f]{12}$/);
    assert.ok(body.includes(id!));
    assert.equal((await fetch(`${base}/missing`)).status, 404);
  });

  test('close waits for a request in flight', async () => {
    const pending = fetch(`${base}/slow`);
    for (let i = 0; i < 100 && app.inFlight() === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(app.inFlight(), 1);
    const closing = app.close(5000);
    release!();
    const res = await pending;
    assert.equal(await res.text(), 'finished');
    await closing;
    await assert.rejects(fetch(`${base}/who`));
  });
});
