/**
 * The admin HTTP API over real HTTP on both backends: API_KEY bearer auth, every refusal with its
 * status, and an action applied live to a connected player (scripted client) with its audit row.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NORMAL_USER, Privileges } from '../../../domain/privileges.js';
import { THROUGH } from '../../../moderation/deps.js';
import { startTestServer, type TestServer } from '../../../test/support/start-test-server.js';
import { loginMany, newUser } from '../../../bancho/test/bancho-helpers.js';

const KEY = 'admin-secret-key';

for (const mode of ['embedded', 'redis'] as const) {
  describe(`admin API (${mode})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ mode, config: { apiKey: KEY } });
    });
    after(() => server.close());
    const post = async (action: string, body: unknown, key: string | null = KEY): Promise<{ status: number; json: Record<string, unknown> }> => {
      const res = await fetch(`${server.url}/api/v1/admin/users/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key !== null && { authorization: `Bearer ${key}` }) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };

    test('without the right key: 401, nothing changes', async () => {
      const { id, name } = await newUser(server, 'nokey');
      assert.equal((await post('ban', { user: name, reason: 'x' }, null)).status, 401);
      assert.equal((await post('ban', { user: name, reason: 'x' }, 'wrong-key-000000')).status, 401);
      assert.equal((await server.servers[0]!.deps.storage.users.findById(id))!.privileges, NORMAL_USER);
    });

    test('bad requests: unknown action 404, bad JSON / missing reason / bad seconds 400, unknown user 404', async () => {
      const { name } = await newUser(server, 'badreq');
      assert.equal((await post('obliterate', { user: name, reason: 'x' })).status, 404);
      assert.equal((await post('ban', '{not json')).status, 400);
      assert.equal((await post('ban', { user: name })).status, 400);
      assert.equal((await post('silence', { user: name, reason: 'x', seconds: 'long' })).status, 400);
      assert.equal((await post('silence', { user: name, reason: 'x', seconds: 99_999_999 })).status, 400);
      const missing = await post('ban', { user: 'no such person', reason: 'x' });
      assert.deepEqual([missing.status, missing.json.ok], [404, false]);
    });

    test('silence by the operator reaches the online player live and is audited', async () => {
      const [target] = await loginMany(server, 'apis', 1);
      const r = await post('silence', { user: target!.username, reason: 'flooding', seconds: 600 });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.ok, true);
      const left = await target!.waitFor('SILENCE_END');
      assert.ok(left > 590 && left <= 600);
      const [log] = await server.servers[0]!.deps.storage.moderation.auditLogs({ limit: 1 });
      assert.deepEqual(
        { userId: log!.userId, text: log!.text, through: log!.through },
        { userId: server.config.botUserId, text: `has silenced ${target!.username} (${target!.userId}) for 600 seconds for flooding`, through: THROUGH.api },
      );
    });

    test('with an actor, the rank rule applies: a moderator cannot restrict an admin', async () => {
      const mod = await newUser(server, 'apim', NORMAL_USER | Privileges.AdminManageBans);
      const admin = await newUser(server, 'apia', NORMAL_USER | Privileges.AdminCaker);
      const refused = await post('restrict', { user: admin.name, actor: mod.name, reason: 'coup' });
      assert.equal(refused.status, 403);
      assert.match(String(refused.json.error), /equal to or higher/);
      const player = await newUser(server, 'apip');
      const ok = await post('restrict', { user: player.id, actor: mod.id, reason: 'botting' });
      assert.equal(ok.status, 200);
      const [log] = await server.servers[0]!.deps.storage.moderation.auditLogs({ limit: 1 });
      assert.equal(log!.userId, mod.id, 'the acting staff member is the audit row\'s user');
    });
  });
}
