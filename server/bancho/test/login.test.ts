/**
 * Login over real HTTP (§3): the success packet order, every failure code with its notification,
 * and the effects on other players.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanchoClient, currentVersion, postBancho, loginBody } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { Privileges } from '../../domain/privileges.js';
import { ClientPrivileges } from '../../../protocol/bancho/types.js';
import { freshName, loginNew, newUser, PASSWORD } from './bancho-helpers.js';

describe('bancho login', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('success: the recommended packet order of §3.2 and a token', async () => {
    const { id, name } = await newUser(server, 'order');
    const a = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.equal(a.status, 200);
    assert.match(a.token ?? '', /^[0-9a-f-]{36}$/);
    const names = a.packets.map((p) => p.name);
    assert.deepEqual(names.slice(0, 4), ['PROTOCOL_VERSION', 'USER_ID', 'PRIVILEGES', 'NOTIFICATION']);
    assert.equal(a.userId, id);
    const end = names.indexOf('CHANNEL_INFO_END');
    assert.ok(end > 4 && names.slice(4, end).every((n) => n === 'CHANNEL_INFO'), names.join(','));
    const rest = names.slice(end + 1);
    assert.deepEqual(rest, [
      'CHANNEL_JOIN_SUCCESS',
      'CHANNEL_JOIN_SUCCESS',
      'FRIENDS_LIST',
      'SILENCE_END',
      'USER_PRESENCE',
      'USER_STATS',
      'USER_PRESENCE',
      'USER_STATS',
      'USER_PRESENCE_BUNDLE',
    ]);
    const joins = a.packets.filter((p) => p.name === 'CHANNEL_JOIN_SUCCESS').map((p) => p.data);
    assert.deepEqual(joins, ['#osu', '#announce']);
    const privs = a.packets.find((p) => p.name === 'PRIVILEGES')!.data as number;
    assert.equal(privs & ClientPrivileges.Supporter, ClientPrivileges.Supporter, 'every player gets supporter (osu!direct)');
    const presences = a.packets.filter((p) => p.name === 'USER_PRESENCE').map((p) => p.data as { userId: number; username: string });
    assert.equal(presences[0]!.userId, id);
    assert.equal(presences[1]!.userId, server.config.botUserId);
    assert.equal(presences[1]!.username, server.config.botName);
    const bundle = a.packets.find((p) => p.name === 'USER_PRESENCE_BUNDLE')!.data as number[];
    assert.ok(bundle.includes(id) && bundle.includes(server.config.botUserId));
    assert.equal(a.packets.find((p) => p.name === 'SILENCE_END')!.data, 0);
  });

  test('the newcomer is announced to players already online', async () => {
    const first = await loginNew(server, 'first');
    first.clear();
    const second = await loginNew(server, 'second');
    const presence = await first.waitFor('USER_PRESENCE', (p) => p.userId === second.userId);
    assert.equal(presence.username, second.username);
    await first.waitFor('USER_STATS', (s) => s.userId === second.userId);
  });

  const failures: Array<[string, (name: string) => Promise<{ name: string; password: string; version?: string }>, number, RegExp]> = [
    ['wrong password', async (name) => ({ name, password: 'not the password' }), -1, /incorrect/i],
    ['unknown user', async () => ({ name: freshName('ghost'), password: PASSWORD }), -1, /incorrect/i],
    ['too old client', async (name) => ({ name, password: PASSWORD, version: 'b20150101' }), -2, /too old/i],
  ];
  for (const [label, setup, code, notice] of failures) {
    test(`failure: ${label} → code ${code} with a notification and cho-token no`, async () => {
      const { name } = await newUser(server, 'fail');
      const s = await setup(name);
      const a = await BanchoClient.attemptLogin(server.url, s.name, s.password, s.version ? { version: s.version } : {});
      assert.equal(a.status, 200);
      assert.equal(a.token, 'no');
      assert.equal(a.userId, code);
      const note = a.packets.find((p) => p.name === 'NOTIFICATION');
      assert.ok(note && notice.test(note.data as string), JSON.stringify(note?.data));
    });
  }

  test('failure: banned account (no CanLogin) → -1 "banned"', async () => {
    const { name } = await newUser(server, 'banned', 0);
    const a = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.equal(a.userId, -1);
    assert.match(a.packets.find((p) => p.name === 'NOTIFICATION')!.data as string, /banned/i);
  });

  test('cutting-edge builds expire after 12 months, stable after 24', async () => {
    const { name } = await newUser(server, 'ce');
    const old = new Date(Date.now() - 540 * 86400_000);
    const v = `b${old.getUTCFullYear()}${String(old.getUTCMonth() + 1).padStart(2, '0')}${String(old.getUTCDate()).padStart(2, '0')}`;
    const ce = await BanchoClient.attemptLogin(server.url, name, PASSWORD, { version: `${v}cuttingedge` });
    assert.equal(ce.userId, -2);
    const stable = await BanchoClient.attemptLogin(server.url, name, PASSWORD, { version: v });
    assert.ok((stable.userId ?? -1) > 0);
  });

  test('failure: maintenance mode → -5 with a maintenance notice', async () => {
    const { name } = await newUser(server, 'maint');
    const settings = server.servers[0]!.deps.storage.settings;
    await settings.set('bancho_maintenance', 1, '');
    try {
      const a = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
      assert.equal(a.userId, -5);
      assert.match(a.packets.find((p) => p.name === 'NOTIFICATION')!.data as string, /maintenance/i);
    } finally {
      await settings.set('bancho_maintenance', 0, '');
    }
    const ok = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.ok((ok.userId ?? -1) > 0);
  });

  test('failure: the 21st concurrent session is refused (cap 20)', async () => {
    const { name } = await newUser(server, 'cap');
    for (let i = 0; i < 20; i++) {
      const a = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
      assert.ok((a.userId ?? -1) > 0, `session ${i + 1} should be accepted`);
    }
    const refused = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.equal(refused.userId, -1);
    assert.match(refused.packets.find((p) => p.name === 'NOTIFICATION')!.data as string, /sessions/i);
  });

  test('malformed login bodies get -1 and a notification, never a crash', async () => {
    for (const body of ['', 'just one line', 'user\nnot-an-md5\nb20250101|0|1|a:b:c:d:e:|0\n', '\u0000\u0001\u0002', 'u\n' + 'a'.repeat(32) + '\nnonsense\n']) {
      const raw = await postBancho(server.url, body);
      assert.equal(raw.status, 200);
      assert.equal(raw.token, 'no');
      assert.ok(raw.body.length > 0, 'a notification explains the refusal');
    }
    const a = await BanchoClient.attemptLogin(server.url, 'x', 'y', { version: 'garbage' });
    assert.equal(a.userId, -1);
    // The server still serves everyone else.
    const c = await loginNew(server, 'after');
    assert.ok(c.userId > 0);
  });

  test('a non-osu! user agent is refused with 422', async () => {
    const res = await fetch(`${server.url}/`, { method: 'POST', body: loginBody('a', 'b'), headers: { 'User-Agent': 'curl' } });
    assert.equal(res.status, 422);
  });

  test('a restricted account logs in, is told so, and is invisible to others', async () => {
    const watcher = await loginNew(server, 'watch');
    watcher.clear();
    const restricted = await loginNew(server, 'restr', { privileges: Privileges.CanLogin });
    assert.ok(restricted.loginPackets.some((p) => p.name === 'ACCOUNT_RESTRICTED'));
    const got = await watcher.settle(2);
    assert.ok(!got.some((p) => p.name === 'USER_PRESENCE' && p.data.userId === restricted.userId));
  });

  test('a pending-verification account is verified at its first login', async () => {
    const { id, name } = await newUser(server, 'pend', Privileges.PendingVerification);
    const a = await BanchoClient.attemptLogin(server.url, name, PASSWORD);
    assert.equal(a.userId, id);
    const row = await server.servers[0]!.deps.storage.users.findById(id);
    assert.equal(row!.privileges & (Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.PendingVerification), Privileges.PubliclyVisible | Privileges.CanLogin);
  });

  // Multi-account rules (rs's, and the stricter MULTI_ACCOUNT_POLICY settings): multi-account.test.ts.

  test('Wine clients and placeholder disk signatures log in (matched on the uninstall id only)', async () => {
    const { id, name } = await newUser(server, 'wine');
    const wine = await BanchoClient.attemptLogin(server.url, name, PASSWORD, {
      hashes: { adapters: 'runningunderwine', adaptersMd5: 'b4ec3c4334a0249dae95c284ec5983df', diskMd5: 'ffae06fb022871fe9beb58b005c5e21d' },
    });
    assert.equal(wine.userId, id);
    const { id: id2, name: name2 } = await newUser(server, 'zero');
    const zero = await BanchoClient.attemptLogin(server.url, name2, PASSWORD, { hashes: { diskMd5: 'dcfcd07e645d245babe887e5e2daa016' } });
    assert.equal(zero.userId, id2);
  });

  test('a client without hardware hashes is refused', async () => {
    const { name } = await newUser(server, 'nohw');
    const a = await BanchoClient.attemptLogin(server.url, name, PASSWORD, { hashes: { adapters: '', adaptersMd5: '' } });
    assert.equal(a.userId, -1);
  });

  test('version helper produces a current build', () => {
    assert.match(currentVersion(), /^b\d{8}$/);
  });
});

describe('bancho login: verified-hash cache', () => {
  test('a reconnect storm costs one bcrypt verify; a changed password hash is verified again', async () => {
    const { cheapHasher } = await import('../../test/support/start-test-server.js');
    let verifies = 0;
    const counting = {
      hash: cheapHasher.hash,
      verify: (md5: string, hash: string) => {
        verifies++;
        return cheapHasher.verify(md5, hash);
      },
    };
    const server = await startTestServer({ passwords: counting });
    try {
      const { id, name } = await newUser(server, 'storm');
      for (let i = 0; i < 5; i++) assert.equal((await BanchoClient.attemptLogin(server.url, name, PASSWORD)).userId, id);
      assert.equal(verifies, 1);
      assert.equal((await BanchoClient.attemptLogin(server.url, name, 'wrong password')).userId, -1);
      assert.equal(verifies, 2, 'a wrong password is always checked');
      const { md5 } = await import('../../test/support/bancho-client.js');
      await server.servers[0]!.deps.storage.users.setPasswordHash(id, await cheapHasher.hash(md5('new password')));
      assert.equal((await BanchoClient.attemptLogin(server.url, name, PASSWORD)).userId, -1, 'the old password no longer works');
      assert.equal((await BanchoClient.attemptLogin(server.url, name, 'new password')).userId, id);
    } finally {
      await server.close();
    }
  });
});
