/**
 * rs's staff commands over real HTTP with scripted clients, on both backends (SQLite + in-process
 * state, MariaDB + Redis): what players see, the database change, the rap_logs row in the admin
 * panel's format, the rank rule and the Discord alert (loopback fake).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { Mods } from '../../../protocol/osu/mods.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import type { BanchoClient } from '../../test/support/bancho-client.js';
import { BanchoClient as Client } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { startFakeDiscord, type FakeDiscord } from '../../test/support/fake-discord.js';
import { THROUGH } from '../../moderation/deps.js';
import { matchRequest } from './multiplayer-scenarios.js';
import { loginMany, loginNew, newUser, PASSWORD } from './bancho-helpers.js';

const P = Privileges;
const MOD = NORMAL_USER | P.AdminManageBans | P.AdminSilenceUsers | P.AdminKickUsers | P.AdminChatMod | P.AdminFreezeUsers | P.AdminManageUsers | P.AdminSendAlerts;
const ADMIN = MOD | P.AdminCaker | P.AdminManagePrivileges | P.AdminManageNominators;

for (const mode of ['embedded', 'redis'] as const) {
  describe(`staff commands (${mode})`, () => {
    let server: TestServer;
    let discord: FakeDiscord;
    before(async () => {
      discord = await startFakeDiscord();
      server = await startTestServer({ mode, config: { discordWebhooks: discord.urls, domain: 'example.test' } });
    });
    after(async () => {
      await server.close();
      await discord.close();
    });
    const storage = () => server.servers[0]!.deps.storage;
    const user = async (id: number) => (await storage().users.findById(id))!;
    /** Sends a DM to the bot and returns its answer. */
    async function ask(c: BanchoClient, text: string): Promise<string> {
      c.clear();
      await c.send(encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text, recipient: server.config.botName, senderId: 0 }));
      const m = await c.waitFor('SEND_MESSAGE', (msg) => msg.senderId === server.config.botUserId);
      return m.text;
    }
    const lastLog = async () => (await storage().moderation.auditLogs({ limit: 1 }))[0]!;

    test('!ban ends the session, bars login, is audited as the admin panel writes it and alerted', async () => {
      const [target] = await loginMany(server, 'ban', 1);
      const mod = await loginNew(server, 'bmod', { privileges: MOD });
      const answer = await ask(mod, `!ban ${target!.username} blatant relax cheating`);
      assert.equal(answer, `[https://example.test/u/${target!.userId} ${target!.username}] has been banned`);
      const row = await user(target!.userId);
      assert.equal(row.privileges & (P.CanLogin | P.PubliclyVisible), 0);
      assert.ok(row.banDatetime > 0);
      const log = await lastLog();
      assert.deepEqual(
        { userId: log.userId, text: log.text, through: log.through },
        { userId: mod.userId, text: `has banned ${target!.username} (${target!.userId}) for blatant relax cheating`, through: THROUGH.chat },
      );
      await discord.waitFor((e) => e.channel === 'logs' && e.title === 'User Banned' && e.text.includes(`has banned [${target!.username}]`));
      // The peppy:ban handler (any process) ends the target's sessions.
      for (let i = 0; ; i++) {
        const raw = await target!.sendRaw(Buffer.alloc(0));
        if (raw.token === 'no') break;
        assert.ok(i < 500, 'the banned session never ended');
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal((await Client.attemptLogin(server.url, target!.username, PASSWORD)).userId, -1);
      assert.match(await ask(mod, `!unban ${target!.username} appeal`), /has been unbanned/);
      assert.equal((await user(target!.userId)).privileges & NORMAL_USER, NORMAL_USER);
    });

    test('a staff member cannot act on someone of equal or higher rank; reasons are required', async () => {
      const a = await loginNew(server, 'eqa', { privileges: MOD });
      const b = await loginNew(server, 'eqb', { privileges: MOD });
      const before = await storage().moderation.auditLogs({ limit: 1 });
      assert.match(await ask(a, `!restrict ${b.username} abuse`), /equal to or higher/);
      assert.equal((await user(b.userId)).privileges, MOD);
      assert.match(await ask(a, `!restrict ${b.username}`), /^Usage: !restrict <user> <reason>/);
      assert.deepEqual(await storage().moderation.auditLogs({ limit: 1 }), before, 'a refusal writes no audit row');
      const player = await loginNew(server, 'pl');
      assert.match(await ask(player, `!ban ${a.username} x`), /not allowed/);
    });

    test('!freeze sets frozen and freeze_reason like rs; a frozen player still logs in unrestricted', async () => {
      const mod = await loginNew(server, 'fmod', { privileges: MOD });
      const [target] = await loginMany(server, 'frz', 1);
      assert.match(await ask(mod, `!freeze ${target!.username} submit a liveplay`), /has been frozen/);
      const row = await user(target!.userId);
      assert.equal(row.frozen, 1);
      assert.equal(await storage().moderation.freezeReason(target!.userId), 'submit a liveplay');
      assert.equal(await ask(mod, `!freeze ${target!.username} again`), 'That user is already frozen.');
      const again = await Client.attemptLogin(server.url, target!.username, PASSWORD);
      assert.equal(again.userId, target!.userId);
      assert.ok(!again.packets.some((p) => p.name === 'ACCOUNT_RESTRICTED'), 'frozen is not restricted');
      assert.equal((await user(target!.userId)).privileges, NORMAL_USER);
      assert.match(await ask(mod, `!unfreeze ${target!.username} liveplay ok`), /has been unfrozen/);
      assert.equal((await user(target!.userId)).frozen, 0);
      assert.equal(await storage().moderation.freezeReason(target!.userId), null);
      assert.equal((await lastLog()).text, `has unfrozen ${target!.username} (${target!.userId}) for liveplay ok`);
    });

    test('!silence takes rs durations (1h30m); !unsilence lifts it; !whitelist sets the bits', async () => {
      const mod = await loginNew(server, 'smod', { privileges: MOD });
      const [target] = await loginMany(server, 'sil', 1);
      assert.match(await ask(mod, `!silence ${target!.username} 1h30m spam in #osu`), /has been silenced for: spam in #osu/);
      const left = await target!.waitFor('SILENCE_END');
      assert.ok(left > 5390 && left <= 5400, String(left));
      assert.equal((await lastLog()).text, `has silenced ${target!.username} (${target!.userId}) for 5400 seconds for spam in #osu`);
      assert.match(await ask(mod, `!unsilence ${target!.username} sorry`), /silence has been reset/);
      assert.equal((await user(target!.userId)).silenceEnd, 0);
      assert.match(await ask(mod, `!whitelist ${target!.username} 3 verified liveplays`), /whitelist status has been set to 3/);
      assert.equal((await user(target!.userId)).whitelist, 3);
      assert.equal(await ask(mod, `!whitelist ${target!.username} 9 nope`), 'Invalid bit.');
    });

    test('!addbn / !removebn: privileges, the BN badge and donor expiry', async () => {
      const db = (storage() as KyselyStorage).db;
      const existing = await db.selectFrom('badges').select('id').where('name', '=', 'Beatmap Nomination').executeTakeFirst();
      if (!existing) await db.insertInto('badges').values({ name: 'Beatmap Nomination', icon: 'fa-music', colour: '' } as never).execute();
      const admin = await loginNew(server, 'bnad', { privileges: ADMIN });
      const [target] = await loginMany(server, 'bn', 1);
      assert.match(await ask(admin, `!addbn ${target!.username}`), /has been given BN/);
      const row = await user(target!.userId);
      const bn = P.AdminManageBeatmaps | P.Donator | P.AkatsukiPlus;
      assert.equal(row.privileges & bn, bn);
      assert.equal(row.donorExpire, 2147483647);
      const badges = await db.selectFrom('user_badges').select('badge').where('user', '=', target!.userId).execute();
      assert.equal(badges.length, 1);
      assert.match(await ask(admin, `!removebn ${target!.username}`), /removed from BN/);
      assert.equal((await user(target!.userId)).privileges & bn, 0);
      assert.equal((await db.selectFrom('user_badges').select('badge').where('user', '=', target!.userId).execute()).length, 0);
    });

    test('!report writes a reports row and alerts the reports webhook; the line stays hidden', async () => {
      const [reporter, bystander] = await loginMany(server, 'rep', 2);
      const target = await loginNew(server, 'rtg');
      reporter!.clear();
      await reporter!.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: `!report ${target.username} aimbot in lobby`, recipient: '#osu', senderId: 0 }));
      const answer = await reporter!.waitFor('SEND_MESSAGE', (m) => m.senderId === server.config.botUserId);
      assert.equal(answer.text, 'Report successful!');
      const [row] = await storage().moderation.reports({ toUserId: target.userId });
      assert.deepEqual({ from: row!.fromUserId, reason: row!.reason }, { from: reporter!.userId, reason: 'aimbot in lobby' });
      await discord.waitFor((e) => e.channel === 'reports' && e.text.includes('aimbot in lobby'));
      assert.ok(!(await bystander!.settle(1)).some((p) => p.name === 'SEND_MESSAGE' && p.data.text.startsWith('!report')));
    });

    test('!alert reaches one player, !alertall everyone; both audited', async () => {
      const mod = await loginNew(server, 'amod', { privileges: MOD });
      const [a, b] = await loginMany(server, 'alr', 2);
      assert.equal(await ask(mod, `!alert ${a!.username} please read your DMs`), 'Alert sent successfully.');
      assert.equal(await a!.waitFor('NOTIFICATION', (t) => t === 'please read your DMs'), 'please read your DMs');
      assert.equal(await ask(mod, '!alertall restart in 5 minutes'), 'Alert sent successfully.');
      await b!.waitFor('NOTIFICATION', (t) => t === 'restart in 5 minutes');
      assert.equal((await lastLog()).text, 'has sent an alert to everyone: restart in 5 minutes');
    });

    test('!system maintenance on refuses new logins; off lets them in (AdminCaker only)', async () => {
      const mod = await loginNew(server, 'mmod', { privileges: MOD });
      assert.match(await ask(mod, '!system maintenance on'), /not allowed/);
      const admin = await loginNew(server, 'madm', { privileges: ADMIN });
      const { name } = await newUser(server, 'pre');
      assert.equal(await ask(admin, '!system maintenance on'), 'Turned on maintenance mode.');
      const refused = await Client.attemptLogin(server.url, name, PASSWORD);
      assert.equal(refused.userId, -5);
      assert.equal(await ask(admin, '!system maintenance off'), 'Turned off maintenance mode.');
      assert.ok(((await Client.attemptLogin(server.url, name, PASSWORD)).userId ?? 0) > 0);
      assert.match(await ask(admin, '!system reboot'), /Usage/);
    });

    test('!last / !recent / !top read the score tables (relax here), with rs\'s layout', async () => {
      const player = await loginNew(server, 'sco');
      assert.match(await ask(player, '!last'), /No recent score/);
      const md5 = `${player.userId}`.padStart(32, 'a');
      await storage().beatmaps.upsert({
        beatmapId: 900000 + player.userId, beatmapsetId: 1, beatmapMd5: md5, songName: 'Artist - Title [Insane]', fileName: 'x.osu', ar: 9, od: 8, mode: 0,
        maxCombo: 500, hitLength: 100, bpm: 180, ranked: 2, latestUpdate: 0, rankedStatusFreezed: false, playcount: 0, passcount: 0,
        countCircles: null, countSliders: null, countSpinners: null,
      });
      const score = {
        beatmapMd5: md5, userId: player.userId, score: 1000, maxCombo: 480, fullCombo: false, mods: Mods.Relax | Mods.Hidden, count300: 300, count100: 3,
        count50: 0, countKatu: 0, countGeki: 0, countMiss: 1, time: 1_700_000_000, playMode: 0 as const, completed: 3 as const, accuracy: 99.12, pp: 456.78,
        checksum: `c${player.userId}`,
      };
      await storage().scores.insert('relax', score);
      await storage().scores.insert('vanilla', { ...score, mods: 0, time: 1_600_000_000, pp: 100, checksum: `v${player.userId}` });
      const last = await ask(player, '!last');
      assert.equal(last, `${player.username} (RX) | [https://osu.example.test/b/${900000 + player.userId} Artist - Title [Insane]] +HDRX | 480/500x 99.12% 456.78pp`);
      assert.equal(await ask(player, '!recent'), last);
      const top = await ask(player, `!top ${player.username}`);
      assert.match(top, /^Top scores of .*\n1\. .*100\.00pp$/, top);
    });

    test('!mp rmref / listref (old names kept), randompassword, scorev, link, help', async () => {
      const [a, b] = await loginMany(server, 'mpr', 2);
      await a!.send(encodeClient.CREATE_MATCH(matchRequest(a!.userId)));
      const m = await a!.waitFor('MATCH_JOIN_SUCCESS');
      const say = (text: string) => a!.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text, recipient: '#multiplayer', senderId: 0 }));
      const answer = async (text: string): Promise<string> => {
        a!.clear();
        await say(text);
        return (await a!.waitFor('SEND_MESSAGE', (msg) => msg.senderId === server.config.botUserId)).text;
      };
      assert.match(await answer(`!mp addref ${b!.username}`), /is now a referee/);
      assert.equal(await answer('!mp listref'), `Referees: ${b!.username}`);
      assert.equal(await answer('!mp listrefs'), `Referees: ${b!.username}`);
      assert.match(await answer(`!mp rmref ${b!.username}`), /no longer a referee/);
      assert.equal(await answer('!mp listref'), 'This room has no referees.');
      assert.equal(await answer('!mp randompassword'), 'Match password has been randomized.');
      const state = await server.servers[0]!.deps.state.getMatch(m.id);
      assert.match(state!.password ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(await answer('!mp scorev 2'), 'Match win condition set to ScoreV2.');
      assert.equal((await server.servers[0]!.deps.state.getMatch(m.id))!.winCondition, 3);
      assert.match(await answer('!mp link'), new RegExp(`^Match history available \\[https://example.test/matches/${state!.dbId} here\\]\\.$`));
      assert.match(await answer('!mp help'), /!mp rmref <user>.*!mp listref/);
    });
  });
}
