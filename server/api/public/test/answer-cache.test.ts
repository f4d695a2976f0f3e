/** The per-caller answer cache of the public API (methodRunner): hits, keys, gated routes, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methodRunner, type PublicApiDeps } from '../context.js';
import type { HttpRequest } from '../../../http/types.js';
import type { PublicReadModel } from '../../../ports/public-read-model.js';
import { createLogger } from '../../../log.js';
import { md5Hex } from '../request.js';

function deps(cacheMs: number): PublicApiDeps {
  const read = {
    tokenByHash: async (hash: string) => (hash === md5Hex('good') ? { id: 1, userId: 7, privileges: 2, private: false, userPrivileges: 3 } : undefined),
    touchToken: async () => {},
  } as unknown as PublicReadModel;
  return { read, cacheMs, clock: { now: () => 1_000_000 }, log: createLogger('silent') } as unknown as PublicApiDeps;
}

const req = (query: string, headers: Record<string, string> = {}): HttpRequest => ({
  method: 'get',
  path: '/api/v1/x',
  query,
  headers: new Map(Object.entries(headers)),
  body: Buffer.alloc(0),
  ip: '127.0.0.1',
});

test('answers are reused per (path, query, caller) and never across callers', async () => {
  const run = methodRunner(deps(60_000));
  let calls = 0;
  const handler = run((md) => ({ code: 200, n: ++calls, who: md.userId }));
  const first = await handler(req('a=1'));
  assert.deepEqual(JSON.parse(String(first.body)), { code: 200, n: 1, who: 0 });
  assert.equal(JSON.parse(String((await handler(req('a=1'))).body)).n, 1, 'same caller, same query: cached');
  assert.equal(JSON.parse(String((await handler(req('a=2'))).body)).n, 2, 'another query');
  const withToken = JSON.parse(String((await handler(req('a=1', { 'x-ripple-token': 'good' }))).body));
  assert.deepEqual([withToken.n, withToken.who], [3, 7], 'a token holder gets their own answer');
});

test('no caching when disabled, for gated routes, or for errors', async () => {
  let calls = 0;
  const off = methodRunner(deps(0))(() => ({ code: 200, n: ++calls }));
  await off(req(''));
  await off(req(''));
  assert.equal(calls, 2);
  const run = methodRunner(deps(60_000));
  let gatedCalls = 0;
  const gated = run(() => ({ code: 200, n: ++gatedCalls }), 2);
  await gated(req('', { 'x-ripple-token': 'good' }));
  await gated(req('', { 'x-ripple-token': 'good' }));
  assert.equal(gatedCalls, 2, 'routes behind a privilege are personal: never cached');
  assert.equal((await gated(req(''))).status, 401);
  let failing = 0;
  const broken = run(() => {
    failing++;
    throw new Error('boom');
  });
  const a = await broken(req(''));
  await broken(req(''));
  assert.equal(a.status, 500);
  assert.match(String(a.body), /"code": 500/);
  assert.equal(failing, 2);
});
