/**
 * The bot's map features over a scripted bancho client, with a real compute pool: `/np` (in a DM
 * and in #multiplayer-style instance channels only), `!with`, `!mirror`, and `!map` for
 * nominators (rows frozen, rap_logs written, #announce told) on SQLite and MariaDB. Expected pp
 * strings are built from the calculators' own numbers for the same inputs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import { loginNew } from './bancho-helpers.js';
import { ComputePool } from '../../../compute/pool.js';
import { FIXTURES } from '../../../compute/test/fixtures.js';
import { importFile } from '../../beatmaps/import.js';
import { poolDifficulty } from '../../beatmaps/pool-difficulty.js';
import { osuFileCache, md5Of } from '../../adapters/beatmaps/osu-file-cache.js';
import { parseNowPlaying } from '../commands/np.js';
import { parseWithArgs } from '../commands/map-commands.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { loadBeatmapsConfig } from '../../config-beatmaps.js';

const MAP_ID = 2785319;
const SET_ID = 1344871;
const SONG = "MYUKKE. - re[in]flaw [toybot's Expert]";
const npLine = (tail = ''): string => `\x01ACTION is listening to [https://osu.ppy.sh/beatmapsets/${SET_ID}#osu/${MAP_ID} ${SONG}]${tail}\x01`;

test('parseNowPlaying and !with arguments', () => {
  assert.deepEqual(parseNowPlaying(npLine()), { beatmapId: MAP_ID, mods: 0, mode: undefined });
  assert.deepEqual(parseNowPlaying('\x01ACTION is playing [https://osu.ppy.sh/b/123 A - B [C]] <Taiko> +Hidden +DoubleTime\x01'), { beatmapId: 123, mods: 72, mode: 1 });
  assert.deepEqual(parseNowPlaying('\x01ACTION is watching [http://osu.ppy.sh/b/9 x] +Nightcore\x01'), { beatmapId: 9, mods: 576, mode: undefined });
  assert.equal(parseNowPlaying('is listening to [https://osu.ppy.sh/b/1 x]'), undefined);
  assert.equal(parseNowPlaying('\x01ACTION is listening to [https://example.com/ x]\x01'), undefined);
  assert.deepEqual(parseWithArgs(['98%', '+HDDT', '1200x', '2m']), { mods: 72, ask: { accuracy: 98, combo: 1200, misses: 2 } });
  assert.deepEqual(parseWithArgs(['99.5', '700', '1']), { mods: undefined, ask: { accuracy: 99.5, combo: 700, misses: 1 } });
  assert.throws(() => parseWithArgs(['+ZZ']), /Unknown mods/);
  assert.throws(() => parseWithArgs(['101%']), /between 0 and 100/);
});

for (const mode of ['embedded', 'redis'] as const) {
  describe(`bot map features (${mode === 'embedded' ? 'sqlite' : 'mysql'})`, () => {
    let server: TestServer;
    let pool: ComputePool;
    let dataDir: string;
    let md5: string;
    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-np-'));
      pool = new ComputePool({ threads: 1, profile: 'akatsuki', mapsDir: path.join(dataDir, 'osu'), passwordThreads: 0 });
      server = await startTestServer({ mode, config: { dataDir, beatmaps: loadBeatmapsConfig({ MIRRORS: 'https://mirror.example' }) }, start: { compute: pool } });
      const bytes = await readFile(path.join(FIXTURES, 'beatmaps', `${MAP_ID}.osu`));
      md5 = md5Of(bytes);
      const storage = server.servers[0]!.deps.storage;
      const r = await importFile({ storage, files: osuFileCache(path.join(dataDir, 'osu')), difficulty: poolDifficulty(pool, 'akatsuki'), status: 0, nowSeconds: 1_700_000_000 }, 'fixture.osu', bytes);
      assert.equal(r.imported.length, 1);
    });
    after(async () => {
      await server.close();
      await pool.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    const dm = (text: string): Buffer => encodeClient.SEND_PRIVATE_MESSAGE({ sender: '', text, recipient: server.config.botName, senderId: 0 });
    const botAnswer = async (client: Awaited<ReturnType<typeof loginNew>>, text: string): Promise<string> => {
      const got = await client.send(dm(text));
      const line = got.find((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId);
      assert.ok(line && line.name === 'SEND_MESSAGE', `no bot answer to ${JSON.stringify(text)}`);
      return line.data.text;
    };
    const expectedPp = async (mods: number, scores: Array<{ accuracy: number; combo?: number; misses?: number }>) => {
      const items = await pool.calculateBatch({ map: { md5 }, scores: scores.map((s) => ({ mode: 0, mods, misses: s.misses ?? 0, accuracy: s.accuracy, ...(s.combo !== undefined ? { combo: s.combo } : {}) })) });
      return items.map((it) => {
        assert.ok(it.ok);
        return it.result;
      });
    };
    const pp = (x: number): string => `${Math.round(x * 100) / 100}pp`;

    test('/np answers with pp for 95/98/99/100 % (with the mods shown), and !with recalculates', async () => {
      const c = await loginNew(server, 'np');
      const plain = await botAnswer(c, npLine());
      const nm = await expectedPp(0, [{ accuracy: 95 }, { accuracy: 98 }, { accuracy: 99 }, { accuracy: 100 }]);
      assert.equal(plain, `${SONG} | 95%: ${pp(nm[0]!.pp)} | 98%: ${pp(nm[1]!.pp)} | 99%: ${pp(nm[2]!.pp)} | 100%: ${pp(nm[3]!.pp)} | ${nm[0]!.stars.toFixed(2)}★ | ${nm[0]!.maxCombo}x`);
      const hddt = await botAnswer(c, npLine(' +Hidden +DoubleTime'));
      const r = await expectedPp(72, [{ accuracy: 95 }, { accuracy: 98 }, { accuracy: 99 }, { accuracy: 100 }]);
      assert.equal(hddt, `${SONG} +HDDT | 95%: ${pp(r[0]!.pp)} | 98%: ${pp(r[1]!.pp)} | 99%: ${pp(r[2]!.pp)} | 100%: ${pp(r[3]!.pp)} | ${r[0]!.stars.toFixed(2)}★ | ${r[0]!.maxCombo}x`);
      assert.ok(r[3]!.pp > nm[3]!.pp);
      // !with keeps the /np mods unless given.
      const w = await botAnswer(c, '!with 97.5% 500x 3m');
      const [e] = await expectedPp(72, [{ accuracy: 97.5, combo: 500, misses: 3 }]);
      assert.equal(w, `${SONG} +HDDT 97.5%, 500x, 3 miss: ${pp(e!.pp)} | ${e!.stars.toFixed(2)}★`);
      const w2 = await botAnswer(c, '!with 100 +HR');
      const [e2] = await expectedPp(16, [{ accuracy: 100 }]);
      assert.equal(w2, `${SONG} +HR 100%: ${pp(e2!.pp)} | ${e2!.stars.toFixed(2)}★`);
      assert.match(await botAnswer(c, '!with nonsense!'), /do not understand/);
    });

    test('!with and !mirror before any /np say what to do; !mirror gives the links', async () => {
      const c = await loginNew(server, 'nonp');
      assert.equal(await botAnswer(c, '!with 98%'), 'Send me a map with /np first.');
      await botAnswer(c, npLine());
      assert.equal(
        await botAnswer(c, '!mirror'),
        `${SONG}: [https://osu.${server.config.domain}/d/${SET_ID} ${server.config.serverName}] | [https://mirror.example/d/${SET_ID} mirror.example] | [https://osu.ppy.sh/beatmapsets/${SET_ID} osu!]`,
      );
      assert.match(await botAnswer(c, '\x01ACTION is listening to [https://osu.ppy.sh/b/424242 Unknown]\x01'), /I do not know beatmap 424242/);
    });

    test('/np in #osu is an ordinary message (no bot answer)', async () => {
      const c = await loginNew(server, 'npo');
      const got = await c.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: npLine(), recipient: '#osu', senderId: 0 }));
      assert.ok(!got.some((p) => p.name === 'SEND_MESSAGE' && p.data.senderId === server.config.botUserId));
    });

    test('!map rank set: nominators only; rows frozen, rankedby, rap_logs, #announce', async () => {
      const player = await loginNew(server, 'plr');
      await botAnswer(player, npLine());
      assert.match(await botAnswer(player, '!map rank set'), /not allowed/);
      const nom = await loginNew(server, 'nom', { privileges: NORMAL_USER | Privileges.AdminManageBeatmaps });
      await botAnswer(nom, npLine());
      assert.match(await botAnswer(nom, '!map rank'), /Usage/);
      assert.equal(await botAnswer(nom, '!map love set'), `1 difficulty of set ${SET_ID} is now loved (frozen).`);
      const announce = await player.waitFor('SEND_MESSAGE', (m) => m.recipient === '#announce' && m.senderId === server.config.botUserId);
      assert.match(announce.text, new RegExp(`was loved by ${nom.username}`));
      const storage = server.servers[0]!.deps.storage;
      const row = await storage.beatmaps.findById(MAP_ID);
      assert.deepEqual([row?.ranked, row?.rankedStatusFreezed], [5, true]);
      // The store serves the new status at once (its memory was invalidated).
      assert.equal((await server.servers[0]!.deps.beatmaps.byMd5(md5))?.ranked, 5);
      const db = (storage as KyselyStorage).db;
      const log = await db.selectFrom('rap_logs').selectAll().where('userid', '=', nom.userId).execute();
      assert.equal(log.length, 1);
      assert.match(log[0]!.text, new RegExp(`has loved set ${SET_ID}`));
      const ranked = await db.selectFrom('beatmaps').select('rankedby').where('beatmap_id', '=', MAP_ID).executeTakeFirst();
      assert.equal(ranked?.rankedby, nom.userId);
      assert.equal(await botAnswer(nom, '!map unrank map'), `1 difficulty of beatmap ${MAP_ID} is now unranked (frozen).`);
      assert.equal((await storage.beatmaps.findById(MAP_ID))?.ranked, 0);
    });
  });
}
