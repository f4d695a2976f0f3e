/**
 * Multi-account detection at login over real HTTP, on both backends (SQLite + in-process state,
 * MariaDB + Redis): rs's rules by default (refuse the new account, alert staff, change nothing),
 * the `shared_devices` exemption, the stricter MULTI_ACCOUNT_POLICY settings (each automatic
 * action audited in rap_logs), and a verified account on a restricted owner's hardware.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { startFakeDiscord, type FakeDiscord } from '../../test/support/fake-discord.js';
import { THROUGH } from '../../moderation/deps.js';
import { MULTI_ACCOUNT_REFUSAL } from '../login/multi-account.js';
import { newUser, PASSWORD } from './bancho-helpers.js';

const hex = (): string => randomBytes(16).toString('hex');
const freshHardware = () => ({ adaptersMd5: hex(), uninstallMd5: hex(), diskMd5: hex() });

for (const mode of ['embedded', 'redis'] as const) {
  describe(`multi-account detection (${mode})`, () => {
    let server: TestServer;
    let discord: FakeDiscord;
    before(async () => {
      discord = await startFakeDiscord();
      server = await startTestServer({ mode, config: { discordWebhooks: discord.urls } });
    });
    after(async () => {
      await server.close();
      await discord.close();
    });
    const deps = () => server.servers[0]!.deps;
    /** The policy is read per login; tests switch it on the running server's config. */
    const setPolicy = (p: Config['multiAccountPolicy']): void => {
      (deps().config as Config).multiAccountPolicy = p;
    };
    const privilegesOf = async (id: number): Promise<number> => (await deps().storage.users.findById(id))!.privileges;

    /** An account verified on `hw` at its first login. */
    async function owner(hw: ReturnType<typeof freshHardware>): Promise<{ id: number; name: string }> {
      const u = await newUser(server, 'own', Privileges.PendingVerification);
      const a = await BanchoClient.attemptLogin(server.url, u.name, PASSWORD, { hashes: hw });
      assert.equal(a.userId, u.id);
      return u;
    }

    test('default (rs): a new account on used hardware is refused with a clear message, staff alerted, nothing changed', async () => {
      setPolicy('refuse');
      const hw = freshHardware();
      const orig = await owner(hw);
      const multi = await newUser(server, 'mul', Privileges.PendingVerification);
      const refused = await BanchoClient.attemptLogin(server.url, multi.name, PASSWORD, { hashes: hw });
      assert.equal(refused.userId, -1);
      assert.ok(refused.packets.some((p) => p.name === 'NOTIFICATION' && p.data === MULTI_ACCOUNT_REFUSAL));
      assert.equal(await privilegesOf(multi.id), Privileges.PendingVerification, 'the new account is left pending, not banned');
      assert.equal(await privilegesOf(orig.id), NORMAL_USER, 'the original is not restricted');
      const alert = await discord.waitFor((e) => e.channel === 'hardware' && e.text.includes(multi.name), 'multi-account alert');
      assert.equal(alert.title, 'User created multiaccount');
      assert.ok(alert.text.includes(orig.name) && /refused/.test(alert.text), alert.text);
      const logs = await deps().storage.moderation.auditLogs({ limit: 50 });
      assert.ok(!logs.some((l) => l.text.includes(multi.name)), 'a refusal is not an action on the account');
    });

    test('hardware listed in shared_devices is exempt', async () => {
      setPolicy('refuse');
      const hw = freshHardware();
      await owner(hw);
      await (deps().storage as KyselyStorage).db
        .insertInto('shared_devices')
        .values({ mac: hw.adaptersMd5, unique_id: hw.uninstallMd5, disk_id: hw.diskMd5, approved_by_admin_id: 999, approval_reason: 'siblings' } as never)
        .execute();
      const sibling = await newUser(server, 'sib', Privileges.PendingVerification);
      const ok = await BanchoClient.attemptLogin(server.url, sibling.name, PASSWORD, { hashes: hw });
      assert.equal(ok.userId, sibling.id);
      assert.equal(await privilegesOf(sibling.id), NORMAL_USER, 'verified as usual');
    });

    test('restrict-new: the new account logs in restricted; the automatic action is audited with its reason', async () => {
      setPolicy('restrict-new');
      const hw = freshHardware();
      const orig = await owner(hw);
      const multi = await newUser(server, 'rnw', Privileges.PendingVerification);
      const a = await BanchoClient.attemptLogin(server.url, multi.name, PASSWORD, { hashes: hw });
      assert.equal(a.userId, multi.id);
      assert.ok(a.packets.some((p) => p.name === 'ACCOUNT_RESTRICTED'));
      assert.equal(await privilegesOf(multi.id), Privileges.CanLogin, 'verified but hidden');
      assert.equal(await privilegesOf(orig.id), NORMAL_USER);
      const [row] = await deps().storage.moderation.auditLogs({ limit: 5 });
      assert.equal(row!.userId, server.config.botUserId);
      assert.equal(row!.through, THROUGH.automatic);
      assert.equal(row!.text, `has restricted ${multi.name} (${multi.id}) for automatic: multi-account of ${orig.name} (${orig.id}) at first login`);
    });

    test('restrict-both: the original owner is restricted too, each action audited', async () => {
      setPolicy('restrict-both');
      const hw = freshHardware();
      const orig = await owner(hw);
      const multi = await newUser(server, 'rbo', Privileges.PendingVerification);
      const a = await BanchoClient.attemptLogin(server.url, multi.name, PASSWORD, { hashes: hw });
      assert.equal(a.userId, multi.id);
      assert.equal(await privilegesOf(orig.id), Privileges.CanLogin);
      const logs = await deps().storage.moderation.auditLogs({ limit: 5 });
      assert.ok(logs.some((l) => l.text.startsWith(`has restricted ${orig.name} (${orig.id}) for automatic: created multi-account ${multi.name}`)));
      assert.ok(logs.some((l) => l.text.startsWith(`has restricted ${multi.name} (${multi.id})`)));
      setPolicy('refuse');
    });

    test('a verified account on hardware of a restricted account is refused; staff alerted', async () => {
      setPolicy('refuse');
      const own = freshHardware();
      const shared = freshHardware();
      const y = await owner(own);
      const x = await owner(shared);
      await deps().storage.users.setPrivileges(x.id, Privileges.CanLogin);
      const again = await BanchoClient.attemptLogin(server.url, y.name, PASSWORD, { hashes: shared });
      assert.equal(again.userId, -1);
      assert.equal(await privilegesOf(y.id), NORMAL_USER, 'refused, not restricted');
      await discord.waitFor((e) => e.text.includes(y.name) && e.text.includes('who is restricted'), 'hidden-owner alert');
      // A visible owner's hardware only alerts.
      const z = await owner(freshHardware());
      const w = await owner(freshHardware());
      const zHw = freshHardware();
      await BanchoClient.attemptLogin(server.url, z.name, PASSWORD, { hashes: zHw });
      assert.equal((await BanchoClient.attemptLogin(server.url, w.name, PASSWORD, { hashes: zHw })).userId, w.id);
    });
  });
}
