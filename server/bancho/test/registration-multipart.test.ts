/**
 * In-game registration `POST /users` with a multipart/form-data body (how other servers read the
 * stable client's registration), beside the urlencoded form of registration.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { freshName } from './bancho-helpers.js';

function form(username: string, email: string, password: string, check: string): FormData {
  const f = new FormData();
  f.set('user[username]', username);
  f.set('user[user_email]', email);
  f.set('user[password]', password);
  f.set('check', check);
  return f;
}

describe('POST /users with multipart/form-data', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const post = async (body: FormData | string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${server.url}/users`, { method: 'POST', headers: { 'X-Forwarded-For': '203.0.113.10', ...headers }, body });
    return { status: res.status, text: await res.text() };
  };

  test('check=1 validates only; check=0 creates the account, which logs in', async () => {
    const name = freshName('mp');
    assert.deepEqual(await post(form(name, `${name}@example.org`, 'a long passphrase', '1')), { status: 200, text: 'ok' });
    const storage = server.servers[0]!.deps.storage;
    assert.equal(await storage.users.findBySafeName(name.toLowerCase()), undefined, 'nothing written by check=1');
    assert.deepEqual(await post(form(name, `${name}@example.org`, 'a long passphrase', '0')), { status: 200, text: 'ok' });
    const row = await storage.users.findBySafeName(name.toLowerCase());
    assert.equal(row?.email, `${name}@example.org`);
    assert.equal((await BanchoClient.login(server.url, name, 'a long passphrase')).userId, row!.id);
  });

  test('validation errors come back in the same form_error shape', async () => {
    const r = await post(form('a', 'not-an-email', 'a long passphrase', '0'));
    assert.equal(r.status, 400);
    const body = JSON.parse(r.text) as { form_error: { user: Record<string, string[]> } };
    assert.ok(body.form_error.user.username?.[0]);
    assert.ok(body.form_error.user.user_email?.[0]);
  });

  test('a malformed multipart body is a clear 400 and creates nothing', async () => {
    const name = freshName('bad');
    const count = await server.servers[0]!.deps.storage.users.count();
    const r = await post(`--x\r\nContent-Disposition: form-data; name="user[username]"\r\n\r\n${name}`, { 'Content-Type': 'multipart/form-data; boundary=x' });
    assert.equal(r.status, 400);
    assert.match(r.text, /malformed registration form/);
    assert.equal(await server.servers[0]!.deps.storage.users.count(), count);
  });

  test("Akatsuki's system_settings.registrations_enabled = 0 closes in-game registration too", async () => {
    const sys = server.servers[0]!.deps.storage.systemSettings;
    await sys.set('registrations_enabled', 0, '');
    try {
      const name = freshName('closed');
      const r = await post(form(name, `${name}@example.org`, 'a long passphrase', '0'));
      assert.equal(r.status, 400);
      assert.match(JSON.parse(r.text).form_error.user.password[0], /disabled/);
      assert.equal(await server.servers[0]!.deps.storage.users.findBySafeName(name.toLowerCase()), undefined);
    } finally {
      await sys.set('registrations_enabled', 1, '');
    }
    const name = freshName('open');
    assert.deepEqual(await post(form(name, `${name}@example.org`, 'a long passphrase', '0')), { status: 200, text: 'ok' });
  });

  test('an oversized field is refused, not truncated', async () => {
    const r = await post(form(freshName('big'), 'x@example.org', 'p'.repeat(2000), '0'));
    assert.equal(r.status, 400);
    assert.match(r.text, /larger than/);
  });
});
