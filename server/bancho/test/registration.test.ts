/** In-game registration, `POST /users` (score-and-web.md §5.3). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { freshName } from './bancho-helpers.js';
import { Privileges } from '../../domain/privileges.js';

describe('POST /users (in-game registration)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const register = async (fields: Record<string, string>): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${server.url}/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '203.0.113.9' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, text: await res.text() };
  };
  const form = (username: string, email: string, password: string, check = '0'): Record<string, string> => ({
    'user[username]': username,
    'user[user_email]': email,
    'user[password]': password,
    check,
  });

  test('check=1 validates only; check=0 creates a pending account that can log in', async () => {
    const name = freshName('reg');
    const checked = await register(form(name, `${name}@example.org`, 'a long passphrase', '1'));
    assert.deepEqual(checked, { status: 200, text: 'ok' });
    const storage = server.servers[0]!.deps.storage;
    assert.equal(await storage.users.findBySafeName(name.toLowerCase()), undefined, 'nothing written by check=1');
    const created = await register(form(name, `${name}@example.org`, 'a long passphrase'));
    assert.deepEqual(created, { status: 200, text: 'ok' });
    const row = await storage.users.findBySafeName(name.toLowerCase());
    assert.ok(row);
    assert.notEqual(row!.privileges & Privileges.PendingVerification, 0);
    const client = await BanchoClient.login(server.url, name, 'a long passphrase');
    assert.equal(client.userId, row!.id);
  });

  const cases: Array<[string, () => Record<string, string>, 'username' | 'user_email' | 'password']> = [
    ['a too short username', () => form('a', `${freshName('e')}@example.org`, 'a long passphrase'), 'username'],
    ['a username with _ and space', () => form('a_b c', `${freshName('e')}@example.org`, 'a long passphrase'), 'username'],
    ['a forbidden name', () => form('peppy', `${freshName('e')}@example.org`, 'a long passphrase'), 'username'],
    ['a bad email', () => form(freshName('r'), 'not-an-email', 'a long passphrase'), 'user_email'],
    ['a short password', () => form(freshName('r'), `${freshName('e')}@example.org`, 'short'), 'password'],
    ['a common password', () => form(freshName('r'), `${freshName('e')}@example.org`, 'password123'), 'password'],
  ];
  for (const [label, make, field] of cases) {
    test(`400 form_error for ${label}`, async () => {
      const r = await register(make());
      assert.equal(r.status, 400);
      const body = JSON.parse(r.text) as { form_error: { user: Record<string, string[]> } };
      const list = body.form_error.user[field];
      assert.ok(Array.isArray(list) && list.length === 1 && list[0]!.length > 0, r.text);
    });
  }

  test('a taken username and email are reported', async () => {
    const name = freshName('taken');
    const email = `${name}@example.org`;
    assert.equal((await register(form(name, email, 'a long passphrase'))).status, 200);
    const again = await register(form(name, email, 'a long passphrase'));
    assert.equal(again.status, 400);
    const user = (JSON.parse(again.text) as { form_error: { user: Record<string, string[]> } }).form_error.user;
    assert.ok(user.username && user.user_email);
  });

  test('disabled by the ingame_registration setting → the password-field message', async () => {
    const settings = server.servers[0]!.deps.storage.settings;
    await settings.set('ingame_registration', 0, '');
    try {
      const r = await register(form(freshName('off'), `${freshName('e')}@example.org`, 'a long passphrase'));
      assert.equal(r.status, 400);
      assert.match(r.text, /disabled/);
    } finally {
      await settings.set('ingame_registration', 1, '');
    }
  });
});
