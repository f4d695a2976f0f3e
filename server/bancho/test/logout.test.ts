/** Logout (2) and idle expiry (§4.6) with an injected clock. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { loginMany, newUser, PASSWORD } from './bancho-helpers.js';

describe('bancho logout and idle expiry', () => {
  const clock = createManualClock();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clock });
  });
  after(() => server.close());

  test('a LOGOUT right after login is ignored; a later one ends the session and others get 12', async () => {
    const [a, b] = await loginMany(server, 'out', 2);
    await a!.send(encodeClient.LOGOUT(0));
    assert.ok((await server.servers[0]!.deps.state.getSession(a!.token)) !== undefined, 'ignored within 1 s of login');
    clock.advance(2000);
    await a!.send(encodeClient.LOGOUT(0), encodeClient.CHANNEL_JOIN('#lobby'));
    assert.equal(await server.servers[0]!.deps.state.getSession(a!.token), undefined);
    await b!.waitFor('USER_LOGOUT', (id) => id === a!.userId);
    const raw = await a!.sendRaw(Buffer.alloc(0));
    assert.equal(raw.token, 'no', 'the old token gets the restart answer');
  });

  test('the quit is broadcast only when the last session of a user ends', async () => {
    const [watcher] = await loginMany(server, 'w', 1);
    const { name, id } = await newUser(server, 'twice');
    const s1 = await BanchoClient.login(server.url, name, PASSWORD);
    const s2 = await BanchoClient.login(server.url, name, PASSWORD);
    clock.advance(2000);
    await s1.send(encodeClient.LOGOUT(0));
    assert.ok(!(await watcher!.settle(2)).some((p) => p.name === 'USER_LOGOUT' && p.data === id));
    await s2.send(encodeClient.LOGOUT(0));
    await watcher!.waitFor('USER_LOGOUT', (x) => x === id);
  });

  test('idle sessions expire after sessionIdleSeconds and others get 12', async () => {
    const [idle, active] = await loginMany(server, 'idle', 2);
    clock.advance((server.config.sessionIdleSeconds - 10) * 1000);
    await active!.poll();
    clock.advance(20_000);
    await active!.poll();
    const expired = await server.servers[0]!.sweepIdle();
    assert.ok(expired >= 1);
    await active!.waitFor('USER_LOGOUT', (id) => id === idle!.userId);
    const raw = await idle!.sendRaw(Buffer.alloc(0));
    assert.equal(raw.token, 'no');
    assert.ok((await server.servers[0]!.deps.state.getSession(active!.token)) !== undefined, 'the active one stays');
  });
});
