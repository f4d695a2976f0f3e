/**
 * Staff tools on a MariaDB database built from Akatsuki's production schema fixture alone (then
 * `hayate migrate`): rap_logs, reports, shared_devices, badges/user_badges and users.freeze_reason
 * are Akatsuki's own tables and columns, written as its admin panel and rs write them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { NORMAL_USER, Privileges as P } from '../../domain/privileges.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { loginNew, newUser, PASSWORD } from '../../bancho/test/bancho-helpers.js';

describe('staff tools on an Akatsuki database (fixture schema, MariaDB)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mode: 'redis', database: 'akatsuki-fixture' });
  });
  after(() => server.close());
  const db = () => (server.servers[0]!.deps.storage as KyselyStorage).db;

  async function ask(c: BanchoClient, text: string): Promise<string> {
    c.clear();
    await c.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text, recipient: server.config.botName, senderId: 0 }));
    return (await c.waitFor('SEND_MESSAGE', (m) => m.senderId === server.config.botUserId)).text;
  }

  test('ban, freeze, report and addbn write Akatsuki\'s rows', async () => {
    await db().insertInto('badges').values({ name: 'Beatmap Nomination', icon: 'fa-music', colour: '' } as never).execute();
    const admin = await loginNew(server, 'fxad', { privileges: NORMAL_USER | P.AdminCaker | P.AdminManageBans | P.AdminFreezeUsers | P.AdminManageNominators });
    const t = await newUser(server, 'fxt');
    assert.match(await ask(admin, `!ban ${t.name} testing on akatsuki`), /has been banned/);
    assert.match(await ask(admin, `!unban ${t.name} done`), /unbanned/);
    assert.match(await ask(admin, `!freeze ${t.name} please liveplay`), /frozen/);
    assert.match(await ask(admin, `!addbn ${t.name}`), /given BN/);
    assert.equal(await ask(admin, `!report ${t.name} suspicious plays`), 'Report successful!');
    const logs = await db().selectFrom('rap_logs').selectAll().where('userid', '=', admin.userId).orderBy('id').execute();
    assert.deepEqual(
      logs.map((l) => [l.text, l.through]),
      [
        [`has banned ${t.name} (${t.id}) for testing on akatsuki`, 'Aika'],
        [`has unbanned ${t.name} (${t.id}) for done`, 'Aika'],
        [`has frozen ${t.name} (${t.id}) for please liveplay`, 'Aika'],
        [`has given BN to ${t.name} (${t.id})`, 'Aika'],
      ],
    );
    const u = await db().selectFrom('users').select(['frozen', 'freeze_reason', 'donor_expire']).where('id', '=', t.id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...u, donor_expire: Number(u.donor_expire) }, { frozen: 1, freeze_reason: 'please liveplay', donor_expire: 2147483647 });
    const report = await db().selectFrom('reports').selectAll().where('to_uid', '=', t.id).executeTakeFirstOrThrow();
    assert.equal(report.from_uid, admin.userId);
    assert.match(report.time, /^\d{10}$/, 'Akatsuki keeps report times as unix seconds in a varchar');
    assert.equal((await db().selectFrom('user_badges').selectAll().where('user', '=', t.id).execute()).length, 1);
  });

  test('a shared_devices row (datetime approved_at defaulted by MariaDB) exempts a second account', async () => {
    const hex = () => randomBytes(16).toString('hex');
    const hw = { adaptersMd5: hex(), uninstallMd5: hex(), diskMd5: hex() };
    const first = await newUser(server, 'fxa', P.PendingVerification);
    assert.equal((await BanchoClient.attemptLogin(server.url, first.name, PASSWORD, { hashes: hw })).userId, first.id);
    const second = await newUser(server, 'fxb', P.PendingVerification);
    assert.equal((await BanchoClient.attemptLogin(server.url, second.name, PASSWORD, { hashes: hw })).userId, -1);
    await sql`INSERT INTO shared_devices (mac, unique_id, disk_id, approved_by_admin_id, approval_reason) VALUES (${hw.adaptersMd5}, ${hw.uninstallMd5}, ${hw.diskMd5}, 1, 'family')`.execute(db());
    assert.equal((await BanchoClient.attemptLogin(server.url, second.name, PASSWORD, { hashes: hw })).userId, second.id);
  });
});
