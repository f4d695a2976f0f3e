/** The bancho HTTP API of §6: shapes and status codes. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { Privileges } from '../../domain/privileges.js';
import { loginMany, newUser } from './bancho-helpers.js';

const KEY = 'test-api-key';

describe('bancho HTTP API', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ config: { apiKey: KEY } });
  });
  after(() => server.close());
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${server.url}${path}`);
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };

  test('/_health answers 200 with an empty body', async () => {
    const res = await fetch(`${server.url}/_health`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  test('isOnline, onlineUsers, serverStatus', async () => {
    const [a] = await loginMany(server, 'api', 1);
    const { id: off } = await newUser(server, 'apioff');
    assert.deepEqual(await get(`/api/v1/isOnline?id=${a!.userId}`), { status: 200, body: { message: 'ok', status: 200, result: true } });
    assert.deepEqual((await get(`/api/v1/isOnline?id=${off}`)).body, { message: 'ok', status: 200, result: false });
    assert.equal((await get('/api/v1/isOnline?id=abc')).status, 400);
    const online = await get('/api/v1/onlineUsers');
    assert.equal(online.status, 200);
    assert.ok(((online.body as { result: number }).result) >= 1);
    assert.deepEqual((await get('/api/v1/serverStatus')).body, { message: 'ok', status: 200, result: 1 });
  });

  test('verifiedStatus: -1 pending, 0 restricted, 1 verified, 404 unknown', async () => {
    const { id: pending } = await newUser(server, 'vpend', Privileges.PendingVerification);
    const { id: restricted } = await newUser(server, 'vres', Privileges.CanLogin);
    const { id: ok } = await newUser(server, 'vok');
    assert.equal(((await get(`/api/v1/verifiedStatus?u=${pending}`)).body as { result: number }).result, -1);
    assert.equal(((await get(`/api/v1/verifiedStatus?u=${restricted}`)).body as { result: number }).result, 0);
    assert.equal(((await get(`/api/v1/verifiedStatus?u=${ok}`)).body as { result: number }).result, 1);
    assert.equal((await get('/api/v1/verifiedStatus?u=987654321')).status, 404);
  });

  test('playerMatchDetails: null with a message when offline or not in a match, still 200', async () => {
    const [a] = await loginMany(server, 'pmd', 1);
    const { id: off } = await newUser(server, 'pmdoff');
    assert.deepEqual(await get(`/api/v1/playerMatchDetails?id=${a!.userId}`), { status: 200, body: { message: 'match not found', status: 200, result: null } });
    assert.deepEqual(await get(`/api/v1/playerMatchDetails?id=${off}`), {
      status: 200,
      body: { message: 'online user (token) not found', status: 200, result: null },
    });
  });

  test('fokabotMessage: key checked, channel validated, message delivered', async () => {
    const [a] = await loginMany(server, 'foka', 1);
    assert.equal((await get(`/api/v1/fokabotMessage?k=wrong&to=%23osu&msg=hi`)).status, 401);
    assert.equal((await get(`/api/v1/fokabotMessage?to=%23osu&msg=hi`)).status, 401);
    assert.equal((await get(`/api/v1/fokabotMessage?k=${KEY}&to=osu&msg=hi`)).status, 400);
    assert.equal((await get(`/api/v1/fokabotMessage?k=${KEY}&to=%23nope&msg=hi`)).status, 404);
    const ok = await get(`/api/v1/fokabotMessage?k=${KEY}&to=%23osu&msg=${encodeURIComponent('new map ranked!')}`);
    assert.equal(ok.status, 200);
    const m = await a!.waitFor('SEND_MESSAGE', (x) => x.text === 'new map ranked!');
    assert.equal(m.senderId, server.config.botUserId);
    assert.equal(m.recipient, '#osu');
  });

  test('fokabotDirectMessage: result reports online and sessions', async () => {
    const [a] = await loginMany(server, 'fdm', 1);
    const { id: off } = await newUser(server, 'fdmoff');
    const r = await get(`/api/v1/fokabotDirectMessage?k=${KEY}&to=${a!.userId}&msg=psst`);
    assert.deepEqual(r, { status: 200, body: { message: 'ok', status: 200, result: { online: true, sent_sessions: 1 } } });
    await a!.waitFor('SEND_MESSAGE', (x) => x.text === 'psst' && x.senderId === server.config.botUserId);
    assert.deepEqual((await get(`/api/v1/fokabotDirectMessage?k=${KEY}&to=${off}&msg=psst`)).body, {
      message: 'ok',
      status: 200,
      result: { online: false, sent_sessions: 0 },
    });
  });
});

describe('bancho HTTP API without a key', () => {
  test('an empty configured key refuses every bot-message call with 401', async () => {
    const server = await startTestServer({ config: { apiKey: '' } });
    try {
      const res = await fetch(`${server.url}/api/v1/fokabotMessage?k=&to=%23osu&msg=hi`);
      assert.equal(res.status, 401);
    } finally {
      await server.close();
    }
  });
});
