/**
 * Score submission end to end over real HTTP, on both backends (SQLite embedded; MariaDB + Redis):
 * a player registers and logs in over bancho, submits encrypted plays built with the real cipher,
 * and the database, boards, blob store and bancho stats packet are checked after each.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, copyFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { ComputePool } from '../../../../compute/pool.js';
import { readOsuMetadata, songName } from '../../../../compute/maps/read-osu-metadata.js';
import { FIXTURES } from '../../../../compute/test/fixtures.js';
import { Mods } from '../../../../protocol/osu/mods.js';
import type { ScoreData } from '../../../../protocol/osu/score-data.js';
import type { KyselyStorage } from '../../../adapters/storage/kysely-storage.js';
import { replayKey } from '../../../ports/blob-store.js';
import { BanchoClient } from '../../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../../test/support/start-test-server.js';
import { emptySlot } from '../../../bancho/multiplayer/match-state.js';
import { SlotStatus } from '../../../../protocol/bancho/types.js';
import { AmqpQueueBroker } from '../../../adapters/queue/amqp/amqp-queue-broker.js';
import { MemoryQueueBroker } from '../../../adapters/queue/memory/memory-queue-broker.js';
import type { QueueBroker } from '../../../ports/queue.js';
import { AMQP_URL, uniqueName } from '../../../test/support/services.js';
import { mountScoreSubmission, SCORE_SUBMISSION_QUEUE } from '../wire.js';
import { SUBMISSION_PATH } from '../route.js';
import { buildSubmission, hardwareOf, loginHashes, md5, postSubmission, type RawHardware } from './submission-client.js';

const MAP_FILE = `${FIXTURES}beatmaps/2785319.osu`;

interface Player {
  name: string;
  password: string;
  id: number;
  hw: RawHardware;
  client: BanchoClient;
}

const VARIANTS = [
  { mode: 'embedded', database: 'fresh', label: 'SQLite' },
  { mode: 'redis', database: 'fresh', label: 'MariaDB + Redis' },
  // Akatsuki's own schema (built from the production fixture alone), then Hayate's migrator.
  { mode: 'redis', database: 'akatsuki-fixture', label: 'Akatsuki schema fixture on MariaDB + Redis' },
] as const;

for (const { mode, database, label } of VARIANTS) {
  describe(`score submission (${label})`, () => {
    let dataDir: string;
    let pool: ComputePool;
    let server: TestServer;
    let db: KyselyStorage['db'];
    let mapMd5: string;
    let objects: number;
    let mapMaxCombo: number;
    let broker: QueueBroker;
    const queuePrefix = `${uniqueName('subq')}.`;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-submit-'));
      pool = new ComputePool({ threads: 1, passwordThreads: 0, mapsDir: path.join(dataDir, 'osu') });
      broker = mode === 'redis' ? await AmqpQueueBroker.connect(AMQP_URL) : new MemoryQueueBroker();
      server = await startTestServer({
        mode,
        database,
        config: { dataDir, domain: 'hayate.test' },
        start: {
          compute: pool,
          // A second copy of the route publishing to a test queue (RabbitMQ in the production-like run).
          mount: async (router, deps, extra) => {
            await mountScoreSubmission(router, deps, { ...extra, queue: broker, keyPrefix: queuePrefix, path: `/q${SUBMISSION_PATH}` });
          },
        },
      });
      const storage = server.servers[0]!.deps.storage as KyselyStorage;
      db = storage.db;
      // The shared test map, imported as `hayate import-maps` does.
      const bytes = await readFile(MAP_FILE);
      mapMd5 = md5(bytes);
      await mkdir(path.join(dataDir, 'osu'), { recursive: true });
      await copyFile(MAP_FILE, path.join(dataDir, 'osu', `${mapMd5}.osu`));
      const meta = readOsuMetadata(bytes);
      const diff = await pool.difficulty({ map: { md5: mapMd5 }, mode: 0, mods: 0 });
      objects = meta.nCircles + meta.nSliders + meta.nSpinners;
      mapMaxCombo = diff.maxCombo;
      await storage.beatmaps.upsert({
        beatmapId: 2785319,
        beatmapsetId: meta.beatmapSetId,
        beatmapMd5: mapMd5,
        songName: songName(meta),
        fileName: 'map.osu',
        ar: meta.ar,
        od: meta.od,
        mode: 0,
        maxCombo: mapMaxCombo,
        hitLength: 100,
        bpm: 180,
        ranked: 2,
        latestUpdate: 1700000000,
        rankedStatusFreezed: false,
        playcount: 0,
        passcount: 0,
        countCircles: meta.nCircles,
        countSliders: meta.nSliders,
        countSpinners: meta.nSpinners,
      });
    });
    after(async () => {
      await broker.delete(`${queuePrefix}${SCORE_SUBMISSION_QUEUE}`);
      await broker.close();
      await server.close();
      await pool.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function register(name: string): Promise<Player> {
      const password = `pw-${name}-secret`;
      const form = new URLSearchParams({ 'user[username]': name, 'user[user_email]': `${name}@example.com`, 'user[password]': password, check: '0' });
      const res = await fetch(`${server.url}/users`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(await res.text(), 'ok');
      const hw = hardwareOf(name);
      const client = await BanchoClient.login(server.url, name, password, { hashes: loginHashes(hw) });
      const user = await server.servers[0]!.deps.storage.users.findBySafeName(name.toLowerCase());
      return { name, password, id: user!.id, hw, client };
    }

    /** A full-combo-ish std play: every object judged, n300 + n100 + n50 + miss = objects. */
    function play(p: Player, o: Partial<ScoreData> = {}): Omit<ScoreData, 'checksum'> {
      const n100 = o.count100 ?? 20;
      const nmiss = o.countMiss ?? 0;
      return {
        beatmapMd5: mapMd5,
        username: p.name,
        count300: objects - n100 - nmiss,
        count100: n100,
        count50: 0,
        countGeki: 0,
        countKatu: 0,
        countMiss: nmiss,
        score: 5_000_000,
        maxCombo: mapMaxCombo - 10,
        perfect: false,
        clientGrade: 'A',
        mods: 0,
        passed: true,
        mode: 0,
        clientTime: '240101120000',
        osuVersion: '20240101',
        clientFlags: 0,
        ...o,
      };
    }

    const rows = async (table: 'scores' | 'scores_relax' | 'scores_ap', userId: number) =>
      (
        await sql<{ id: string; completed: number; pp: number; score: number; mods: number }>`SELECT CAST(id AS CHAR) AS id, completed, pp, score, mods FROM ${sql.table(table)} WHERE userid = ${userId} ORDER BY id`.execute(db)
      ).rows.map((r) => ({ ...r, completed: Number(r.completed), pp: Number(r.pp), score: Number(r.score) }));

    const statsOf = async (userId: number, m: number) => server.servers[0]!.deps.storage.stats.get(userId, m as 0);

    const privilegesOf = async (userId: number) => (await server.servers[0]!.deps.storage.users.findById(userId))!.privileges;

    test('a passed play: chart, completed 3, stats, board, replay, bancho stats packet, !last', async () => {
      const alice = await register('alice');
      const built = await buildSubmission({ data: play(alice), password: alice.password, hardware: alice.hw });
      const res = await postSubmission(server.url, built);
      assert.equal(res.status, 200);
      assert.match(res.body, /^beatmapId:2785319\|beatmapSetId:\d+\|beatmapPlaycount:1\|beatmapPasscount:1\|approvedDate:2023-11-14 22:13:20\|\n\|chartId:beatmap\|/);
      const r = await rows('scores', alice.id);
      assert.equal(r.length, 1);
      assert.equal(r[0]!.completed, 3);
      assert.ok(r[0]!.pp > 0, 'pp computed by the pool');
      assert.ok(res.body.includes(`|onlineScoreId:${r[0]!.id}|`));
      const stats = (await statsOf(alice.id, 0))!;
      assert.equal(stats.playcount, 1);
      assert.equal(stats.totalScore, 5_000_000n);
      assert.equal(stats.rankedScore, 5_000_000n);
      assert.equal(stats.playtime, 90);
      assert.ok(stats.pp > 0);
      assert.equal(stats.aCount + stats.sCount + stats.bCount, 1);
      // Exact chart, byte for byte, from the stored values.
      const pp = Math.round(r[0]!.pp);
      const acc = Math.round(stats.avgAccuracy * 100) / 100;
      const accStr = Number.isInteger(acc) ? `${acc}.0` : String(acc);
      const scoreAcc = (await sql<{ accuracy: number }>`SELECT accuracy FROM scores WHERE id = ${r[0]!.id}`.execute(db)).rows[0]!.accuracy;
      void scoreAcc;
      const setId = res.body.split('|')[1]!.slice('beatmapSetId:'.length);
      const expectedOverall =
        `chartId:overall|chartUrl:https://hayate.test/u/${alice.id}|chartName:Overall Ranking|` +
        `rankBefore:|rankAfter:1|rankedScoreBefore:|rankedScoreAfter:5000000|totalScoreBefore:|totalScoreAfter:5000000|` +
        `maxComboBefore:|maxComboAfter:${mapMaxCombo - 10}|accuracyBefore:|accuracyAfter:${accStr}|ppBefore:|ppAfter:${stats.pp}|achievements-new:`;
      assert.ok(res.body.endsWith(`|\n|${expectedOverall}`), res.body);
      assert.ok(res.body.includes(`|\n|chartId:beatmap|chartUrl:https://osu.hayate.test/beatmapsets/${setId}|chartName:Beatmap Ranking|rankBefore:|rankAfter:1|rankedScoreBefore:|rankedScoreAfter:5000000|totalScoreBefore:|totalScoreAfter:5000000|maxComboBefore:|maxComboAfter:${mapMaxCombo - 10}|accuracyBefore:|accuracyAfter:${accStr}|ppBefore:|ppAfter:${pp}|onlineScoreId:${r[0]!.id}|`));
      // Board and rank; replay stored verbatim; first place recorded.
      assert.equal(await server.servers[0]!.deps.leaderboards.rank({ playstyle: 'vanilla', mode: 0 }, alice.id), 1);
      const replay = await server.servers[0]!.blobs.get(replayKey(BigInt(r[0]!.id)));
      assert.ok(replay && replay.subarray(0, 12).toString() === 'LZMA-frames:');
      const first = (await sql<{ userid: number }>`SELECT userid FROM scores_first WHERE beatmap_md5 = ${mapMd5} AND mode = 0 AND rx = 0`.execute(db)).rows;
      assert.equal(Number(first[0]?.userid), alice.id);
      // bancho pushes the new stats (peppy:update_cached_stats).
      const packet = await alice.client.waitFor('USER_STATS', (s) => s.userId === alice.id && s.pp === stats.pp);
      assert.equal(packet.globalRank, 1);
      assert.equal(packet.rankedScore, 5_000_000n);
      // !last / !recent see it at once (they read the score tables).
      const [recent] = await server.servers[0]!.deps.storage.scoreLookups.recentOfUser(alice.id, 1);
      assert.equal(String(recent!.id), r[0]!.id);
      // The client data of this play is logged (§2.4).
      const logs = (await sql<{ client_hash: string; uninstall_id_hash: string }>`SELECT client_hash, uninstall_id_hash FROM score_submission_logs WHERE score_id = ${r[0]!.id}`.execute(db)).rows;
      assert.equal(logs.length, 1);
      assert.equal(logs[0]!.uninstall_id_hash, loginHashes(alice.hw).uninstallMd5);
      // pp_limits has a row per mode (gamemode 0 included, despite AUTO_INCREMENT).
      const limits = (await sql<{ gamemode: number }>`SELECT gamemode FROM pp_limits ORDER BY gamemode`.execute(db)).rows.map((x) => Number(x.gamemode));
      assert.deepEqual(limits, [0, 1, 2, 3]);
    });

    test('a better play replaces the best (3 → 2); a worse one is stored as 2; a duplicate checksum is refused', async () => {
      const bob = await register('bob');
      const first = await buildSubmission({ data: play(bob, { count100: 60, score: 3_000_000 }), password: bob.password, hardware: bob.hw });
      assert.match((await postSubmission(server.url, first)).body, /chartId:overall/);
      const better = await buildSubmission({ data: play(bob, { count100: 5, score: 6_000_000 }), password: bob.password, hardware: bob.hw });
      const betterRes = await postSubmission(server.url, better);
      assert.match(betterRes.body, /rankedScoreBefore:3000000\|rankedScoreAfter:6000000/);
      let r = await rows('scores', bob.id);
      assert.deepEqual(r.map((x) => x.completed), [2, 3]);
      const statsAfterBetter = (await statsOf(bob.id, 0))!;
      assert.equal(statsAfterBetter.rankedScore, 6_000_000n);
      assert.equal(statsAfterBetter.totalScore, 9_000_000n);
      const worse = await buildSubmission({ data: play(bob, { count100: 100, score: 1_000_000 }), password: bob.password, hardware: bob.hw });
      assert.match((await postSubmission(server.url, worse)).body, /chartId:beatmap/);
      r = await rows('scores', bob.id);
      assert.deepEqual(r.map((x) => x.completed), [2, 3, 2]);
      const s = (await statsOf(bob.id, 0))!;
      assert.equal(s.rankedScore, 6_000_000n);
      assert.equal(s.pp, statsAfterBetter.pp);
      assert.equal(s.playcount, 3);
      // The same play again: `error: no`, nothing written.
      assert.equal((await postSubmission(server.url, worse)).body, 'error: no');
      assert.equal((await rows('scores', bob.id)).length, 3);
      assert.equal((await statsOf(bob.id, 0))!.playcount, 3);
    });

    test('relax and autopilot plays go to their tables, stats rows and boards', async () => {
      const carol = await register('carol');
      const rx = await postSubmission(server.url, await buildSubmission({ data: play(carol, { mods: Mods.Relax }), password: carol.password, hardware: carol.hw }));
      assert.match(rx.body, /chartId:overall/);
      const ap = await postSubmission(server.url, await buildSubmission({ data: play(carol, { mods: Mods.Autopilot }), password: carol.password, hardware: carol.hw }));
      assert.match(ap.body, /chartId:overall/);
      assert.equal((await rows('scores_relax', carol.id)).length, 1);
      const apRows = await rows('scores_ap', carol.id);
      assert.equal(apRows.length, 1);
      assert.ok(BigInt(apRows[0]!.id) >= 6_148_914_691_236_517_204n, 'autopilot ids live in their range');
      assert.equal((await rows('scores', carol.id)).length, 0);
      assert.equal((await statsOf(carol.id, 4))!.playcount, 1);
      assert.equal((await statsOf(carol.id, 8))!.playcount, 1);
      assert.equal((await statsOf(carol.id, 0))!.playcount, 0);
      const lb = server.servers[0]!.deps.leaderboards;
      assert.equal(await lb.rank({ playstyle: 'relax', mode: 0 }, carol.id), 1);
      assert.equal(await lb.rank({ playstyle: 'autopilot', mode: 0 }, carol.id), 1);
    });

    test('a play inside a multiplayer game lands in match_game_scores; achievements unlock once and show in the chart', async () => {
      const mia = await register('mia');
      const deps = server.servers[0]!.deps;
      // Two of Akatsuki's definitions (ids as in less_achievements).
      await sql`INSERT INTO less_achievements (id, file, name, \`desc\`, hidden, mode) VALUES (21, 'osu-combo-500', 'Combo 500', '500 big ones! You''re moving up in the world!', 0, 0), (91, 'all-intro-hidden', 'Blindsight', 'I can see just perfectly', 0, NULL)`.execute(db);
      // Mia sits in a running game of a match.
      const dbId = await deps.storage.matches.create('mia game', false, 1);
      const gameId = await deps.storage.matches.addGame({ matchId: dbId, beatmapId: 2785319, mode: 0, mods: 0, scoringType: 0, teamType: 0, startTime: 1 });
      const session = (await deps.state.sessionsOfUser(mia.id))[0]!;
      const slots = Array.from({ length: 16 }, () => emptySlot());
      slots[0] = { ...emptySlot(SlotStatus.Playing), userId: mia.id, token: session.token, team: 0 };
      const match = await deps.state.createMatch({
        dbId, name: 'mia game', password: null, privateHistory: false, inProgress: true, mods: 0, beatmapName: 'x', beatmapId: 2785319,
        beatmapMd5: mapMd5, previousBeatmapId: 0, hostId: mia.id, mode: 0, winCondition: 0, teamType: 0, freemod: false, seed: 0,
        slots, refereeIds: [], currentGameId: gameId, createdAt: 1,
      });
      await deps.state.updateSession(session.token, { matchId: match.id });
      const res = await postSubmission(server.url, await buildSubmission({ data: play(mia, { mods: Mods.Hidden }), password: mia.password, hardware: mia.hw }));
      assert.ok(res.body.endsWith("|achievements-new:osu-combo-500+Combo 500+500 big ones! You're moving up in the world!/all-intro-hidden+Blindsight+I can see just perfectly"), res.body);
      const mgs = (await sql<{ user_id: number; score: number; passed: number; mods: number }>`SELECT user_id, score, passed, mods FROM match_game_scores WHERE game_id = ${gameId}`.execute(db)).rows;
      assert.deepEqual(mgs.map((r) => [Number(r.user_id), Number(r.score), Number(r.passed), Number(r.mods)]), [[mia.id, 5_000_000, 1, Mods.Hidden]]);
      const unlocked = (await sql<{ achievement_id: number; mode: number }>`SELECT achievement_id, mode FROM users_achievements WHERE user_id = ${mia.id} ORDER BY achievement_id`.execute(db)).rows;
      assert.deepEqual(unlocked.map((r) => [Number(r.achievement_id), Number(r.mode)]), [[21, 0], [91, 0]]);
      // A second play unlocks nothing new.
      const again = await postSubmission(server.url, await buildSubmission({ data: play(mia, { mods: Mods.Hidden, score: 5_000_001 }), password: mia.password, hardware: mia.hw }));
      assert.ok(again.body.endsWith('|achievements-new:'), again.body);
    });

    test('a passed play publishes the score-submission message (§2.5 step 13); a failed one does not', async () => {
      const nina = await register('nina');
      const queue = `${queuePrefix}${SCORE_SUBMISSION_QUEUE}`;
      const built = await buildSubmission({ data: play(nina, { mods: Mods.Relax }), password: nina.password, hardware: nina.hw, token: 'client-token' });
      const res = await fetch(`${server.url}/q${SUBMISSION_PATH}`, { method: 'POST', headers: { 'content-type': built.contentType, ...built.headers }, body: new Uint8Array(built.body) });
      assert.match(await res.text(), /chartId:overall/);
      const failed = await buildSubmission({ data: play(nina, { passed: false }), password: nina.password, hardware: nina.hw, replay: Buffer.alloc(0) });
      await fetch(`${server.url}/q${SUBMISSION_PATH}`, { method: 'POST', headers: { 'content-type': failed.contentType, ...failed.headers }, body: new Uint8Array(failed.body) });
      const got: Array<Record<string, unknown>> = [];
      const consumer = await broker.consume(queue, async (m) => {
        got.push(JSON.parse(m.body.toString()) as Record<string, unknown>);
      }, { prefetch: 10 });
      for (let i = 0; i < 200 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100));
      await consumer.stop();
      assert.equal(got.length, 1);
      const id = (await rows('scores_relax', nina.id))[0]!.id;
      assert.equal(got[0]!.scoreId, id);
      assert.equal(got[0]!.userId, nina.id);
      assert.equal(got[0]!.relax, 1);
      assert.equal(got[0]!.modeValue, 4);
      assert.equal(got[0]!.token, 'client-token');
      assert.equal(got[0]!.replayKey, `replays/${id}.osr`);
      assert.equal((got[0]!.fields as Record<string, string>).osuver, '20240101');
    });

    test('concurrent submissions (several players, and one player twice at once) all land, one best each', async () => {
      const players = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((n) => register(`conc_${n}`)));
      const subs = await Promise.all(
        players.flatMap((p) => [
          buildSubmission({ data: play(p, { count100: 30, score: 2_000_000 }), password: p.password, hardware: p.hw }),
          buildSubmission({ data: play(p, { count100: 10, score: 2_500_000 }), password: p.password, hardware: p.hw }),
        ]),
      );
      const answers = await Promise.all(subs.map((b) => postSubmission(server.url, b)));
      for (const a of answers) assert.match(a.body, /chartId:overall/);
      for (const p of players) {
        const r = await rows('scores', p.id);
        assert.equal(r.length, 2);
        assert.equal(r.filter((x) => x.completed === 3).length, 1, `${p.name}: exactly one best`);
        assert.equal((await statsOf(p.id, 0))!.playcount, 2);
      }
    });

    test('failed and quit plays are stored (completed 1 and 0) without a replay', async () => {
      const dave = await register('dave');
      const failed = await buildSubmission({ data: play(dave, { passed: false, clientGrade: 'F' }), password: dave.password, hardware: dave.hw, replay: Buffer.alloc(0) });
      assert.match((await postSubmission(server.url, failed)).body, /chartId:overall/);
      const quit = await buildSubmission({ data: play(dave, { passed: false, clientGrade: 'F' }), password: dave.password, hardware: dave.hw, exited: true, replay: Buffer.alloc(0) });
      assert.match((await postSubmission(server.url, quit)).body, /chartId:overall/);
      const r = await rows('scores', dave.id);
      assert.deepEqual(r.map((x) => x.completed), [1, 0]);
      const s = (await statsOf(dave.id, 0))!;
      assert.equal(s.playcount, 2);
      assert.equal(s.rankedScore, 0n);
      assert.equal(s.pp, 0);
      assert.equal(await server.servers[0]!.blobs.exists(replayKey(BigInt(r[0]!.id))), false);
      assert.equal(await privilegesOf(dave.id) & 1, 1, 'no replay is needed for a failed play');
    });

    test('refusals: bad IV, truncated body, unknown map, wrong credentials, foreign hardware, unrankable mods — nothing written', async () => {
      const erin = await register('erin');
      const count = async () => (await rows('scores', erin.id)).length;
      const good = await buildSubmission({ data: play(erin), password: erin.password, hardware: erin.hw });
      // Bad IV: another 32-byte IV than the one used to encrypt (padding check fails), and a short one.
      const badIv = await buildSubmission({ data: play(erin), password: erin.password, hardware: erin.hw, iv: Buffer.alloc(32, 1) });
      const swapped = { ...badIv, body: Buffer.from(badIv.body.toString('latin1').replace(Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64')), 'latin1') };
      assert.equal((await postSubmission(server.url, swapped)).body, 'error: no');
      const shortIv = { ...badIv, body: Buffer.from(badIv.body.toString('latin1').replace(Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(16, 1).toString('base64')), 'latin1') };
      assert.equal((await postSubmission(server.url, shortIv)).body, 'error: no');
      // Truncated multipart body.
      assert.equal((await postSubmission(server.url, { ...good, body: good.body.subarray(0, good.body.length - 200) })).body, 'error: no');
      // Only one score part (no replay file).
      assert.equal((await postSubmission(server.url, await buildSubmission({ data: play(erin), password: erin.password, hardware: erin.hw, replay: null }))).body, 'error: no');
      // Unknown map.
      assert.equal((await postSubmission(server.url, await buildSubmission({ data: play(erin, { beatmapMd5: 'f'.repeat(32) }), password: erin.password, hardware: erin.hw }))).body, 'error: beatmap');
      // Wrong password: empty body (the client retries).
      assert.equal((await postSubmission(server.url, await buildSubmission({ data: play(erin), password: 'wrong', hardware: erin.hw }))).body, '');
      // Hardware that is not the login's.
      assert.equal((await postSubmission(server.url, await buildSubmission({ data: play(erin), password: erin.password, hardware: hardwareOf('someone-else') }))).body, 'error: no');
      // Autoplay and ScoreV2 (on a small map) are unrankable.
      assert.equal((await postSubmission(server.url, await buildSubmission({ data: play(erin, { mods: Mods.Autoplay }), password: erin.password, hardware: erin.hw }))).body, 'error: no');
      assert.equal((await postSubmission(server.url, await buildSubmission({ data: play(erin, { mods: Mods.ScoreV2 }), password: erin.password, hardware: erin.hw }))).body, 'error: no');
      assert.equal(await count(), 0);
      assert.equal((await statsOf(erin.id, 0))!.playcount, 0);
      assert.equal(await privilegesOf(erin.id) & 1, 1);
      // And the good one still goes through afterwards.
      assert.match((await postSubmission(server.url, good)).body, /chartId:overall/);
      assert.equal(await count(), 1);
    });

    test('gates that restrict (illegal mods, missing replay, pp cap, user agent) store the play, log the reason and publish peppy:ban', async () => {
      const rap = async (userId: number) =>
        (await sql<{ text: string; through: string }>`SELECT text, through FROM rap_logs WHERE text LIKE ${`has restricted % (${userId}) for %`}`.execute(db)).rows;
      const cases: Array<[string, (p: Player) => ReturnType<typeof buildSubmission>, RegExp]> = [
        ['frank', (p) => buildSubmission({ data: play(p, { mods: Mods.DoubleTime | Mods.HalfTime }), password: p.password, hardware: p.hw }), /mutually exclusive/],
        ['grace', (p) => buildSubmission({ data: play(p), password: p.password, hardware: p.hw, replay: Buffer.alloc(10) }), /without a replay/],
        ['heidi', (p) => buildSubmission({ data: play(p), password: p.password, hardware: p.hw, userAgent: 'curl/8' }), /user-agent/],
        ['ivan', (p) => buildSubmission({ data: play(p, { maxCombo: mapMaxCombo + 100 }), password: p.password, hardware: p.hw }), /Impossible combo/],
        ['judy', (p) => buildSubmission({ data: play(p, { count300: 10, count100: 0 }), password: p.password, hardware: p.hw }), /Impossible hit counts/],
      ];
      for (const [name, build, reason] of cases) {
        const p = await register(name);
        const res = await postSubmission(server.url, await build(p));
        assert.match(res.body, /chartId:overall/, name);
        assert.equal((await rows('scores', p.id)).length, 1, `${name}: the play is stored`);
        assert.equal(await privilegesOf(p.id) & 1, 0, `${name}: restricted`);
        const logs = await rap(p.id);
        assert.equal(logs.length, 1, name);
        assert.match(logs[0]!.text, reason);
        assert.equal(logs[0]!.through, 'LESS');
        assert.equal(await server.servers[0]!.deps.leaderboards.rank({ playstyle: 'vanilla', mode: 0 }, p.id), 0, `${name}: off the board`);
      }
      // pp cap: a low cap for std, and a whitelisted player who may exceed it.
      await sql`UPDATE pp_limits SET pp = 1 WHERE gamemode = 0`.execute(db);
      try {
        const kim = await register('kim');
        assert.match((await postSubmission(server.url, await buildSubmission({ data: play(kim), password: kim.password, hardware: kim.hw }))).body, /chartId/);
        assert.equal(await privilegesOf(kim.id) & 1, 0);
        assert.match((await rap(kim.id))[0]!.text, /PP cap/);
        const leo = await register('leo');
        await sql`UPDATE users SET whitelist = 1 WHERE id = ${leo.id}`.execute(db);
        assert.match((await postSubmission(server.url, await buildSubmission({ data: play(leo), password: leo.password, hardware: leo.hw }))).body, /chartId/);
        assert.equal(await privilegesOf(leo.id) & 1, 1, 'whitelisted');
      } finally {
        await sql`UPDATE pp_limits SET pp = 30000 WHERE gamemode = 0`.execute(db);
      }
    });
  });
}
