/**
 * /web/osu-osz2-getscores.php over real HTTP on both backends (SQLite embedded; MariaDB + Redis):
 * every board type, the status answers, personal best, clan tags, relax/autopilot boards by pp,
 * vanilla_pp_leaderboards, leaderboard_size, the version gate and bad input. Expected lines are
 * written out byte for byte (shared/spec/score-and-web.md §3.3).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Privileges } from '../../domain/privileges.js';
import { Mods } from '../../../protocol/osu/mods.js';
import { forgetBeatmapBoards } from '../../scores/leaderboard/board-cache.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { addScore, beatmapRow, makeClan, makeUser, md5, rawDb, setLeaderboardPrefs } from './web-fixtures.js';

const MAP = beatmapRow(101);
const PENDING = beatmapRow(102, { ranked: 0 });
const LOVED = beatmapRow(103, { ranked: 5 });

interface Ids {
  alice: number;
  bob: number;
  carol: number;
  dave: number;
  erin: number;
  gina: number;
  scores: Record<string, bigint>;
}

const BACKENDS = [
  { label: 'SQLite', mode: 'embedded' },
  { label: 'MariaDB', mode: 'redis' },
  { label: "MariaDB on Akatsuki's own schema", mode: 'redis', database: 'akatsuki-fixture' },
] as const;

for (const backend of BACKENDS) {
  const { mode } = backend;
  describe(`getscores (${backend.label})`, () => {
    let server: TestServer;
    let ids: Ids;

    const get = async (params: Record<string, string | number>): Promise<{ status: number; body: string }> => {
      const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
      const r = await fetch(`${server.url}/web/osu-osz2-getscores.php?${q}`, { headers: { 'User-Agent': 'osu!' } });
      return { status: r.status, body: await r.text() };
    };
    const board = (user: string, over: Record<string, string | number> = {}) =>
      get({ s: 0, vv: 4, v: 1, c: MAP.beatmapMd5, f: MAP.fileName, m: 0, i: MAP.beatmapsetId, mods: 0, h: '', a: 0, us: user, ha: md5('pw'), ...over });
    const line = (id: bigint, name: string, value: number, userId: number, rank: number, time: number, mods = 0, counts = '500|20|3|1|5|40') => {
      // counts as stored: n300|n100|n50|miss|katu|geki → the line wants 50|100|300|miss|katu|geki.
      const [n300, n100, n50, miss, katu, geki] = counts.split('|');
      return `${id}|${name}|${value}|900|${n50}|${n100}|${n300}|${miss}|${katu}|${geki}|0|${mods}|${userId}|${rank}|${time}|1`;
    };
    const header = (count: number, rating = '7.2', b = MAP) => `${b.ranked}|false|${b.beatmapId}|${b.beatmapsetId}|${count}|0|\n0\n${b.songName}\n${rating}`;

    before(async () => {
      server = await startTestServer({ mode, ...('database' in backend ? { database: backend.database } : {}) });
      const storage = server.servers[0]!.deps.storage;
      for (const b of [MAP, PENDING, LOVED]) await storage.beatmaps.upsert(b);
      await sql`UPDATE beatmaps SET rating = 7.25 WHERE beatmap_id = ${MAP.beatmapId}`.execute(rawDb(storage));
      const alice = await makeUser(storage, 'alice', { country: 'JP' });
      const bob = await makeUser(storage, 'bob', { country: 'JP' });
      const carol = await makeUser(storage, 'carol', { country: 'US' });
      const dave = await makeUser(storage, 'dave', { country: 'JP', privileges: Privileges.CanLogin });
      const erin = await makeUser(storage, 'erin', { country: 'US' });
      const gina = await makeUser(storage, 'gina', { country: 'US', privileges: Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.AkatsukiPlus });
      await makeClan(storage, 7, 'AK', [bob, alice]);
      await storage.relationships.add(alice, erin);
      await setLeaderboardPrefs(storage, gina, { size: 2 });
      const m = MAP.beatmapMd5;
      const scores: Record<string, bigint> = {
        bob: await addScore(storage, 'vanilla', { userId: bob, beatmapMd5: m, score: 900_000, pp: 200, time: 1000 }),
        bobHd: await addScore(storage, 'vanilla', { userId: bob, beatmapMd5: m, score: 800_000, pp: 120, time: 1001, mods: Mods.Hidden, completed: 2 }),
        carol: await addScore(storage, 'vanilla', { userId: carol, beatmapMd5: m, score: 1_200_000, pp: 150, time: 1002, mods: Mods.Hidden }),
        dave: await addScore(storage, 'vanilla', { userId: dave, beatmapMd5: m, score: 1_500_000, pp: 400, time: 1003 }),
        erin: await addScore(storage, 'vanilla', { userId: erin, beatmapMd5: m, score: 700_000, pp: 90, time: 1004 }),
        alice: await addScore(storage, 'vanilla', { userId: alice, beatmapMd5: m, score: 850_000, pp: 180, time: 1005 }),
        aliceHd: await addScore(storage, 'vanilla', { userId: alice, beatmapMd5: m, score: 600_000, pp: 60, time: 1006, mods: Mods.Hidden, completed: 2 }),
        aliceFail: await addScore(storage, 'vanilla', { userId: alice, beatmapMd5: m, score: 2_000_000, pp: 0, time: 1007, completed: 1 }),
        aliceTaiko: await addScore(storage, 'vanilla', { userId: alice, beatmapMd5: m, score: 3_000_000, pp: 10, time: 1008, mode: 1 }),
        aliceRx: await addScore(storage, 'relax', { userId: alice, beatmapMd5: m, score: 5_000_000, pp: 300.75, time: 1009, mods: Mods.Relax }),
        carolRx: await addScore(storage, 'relax', { userId: carol, beatmapMd5: m, score: 9_000_000, pp: 250.25, time: 1010, mods: Mods.Relax | Mods.Hidden }),
        erinAp: await addScore(storage, 'autopilot', { userId: erin, beatmapMd5: m, score: 4_000_000, pp: 77.9, time: 1011, mods: Mods.Autopilot }),
        lovedBob: await addScore(storage, 'vanilla', { userId: bob, beatmapMd5: LOVED.beatmapMd5, score: 123, pp: 0, time: 1012 }),
      };
      ids = { alice, bob, carol, dave, erin, gina, scores };
    });

    after(async () => {
      await server?.close();
    });

    test('global board: restricted players hidden, clan tags on others, own row untagged, PB line', async () => {
      const { alice, bob, carol, erin, scores } = ids;
      const r = await board('alice');
      assert.equal(r.status, 200);
      assert.equal(
        r.body,
        [
          header(4),
          line(scores.alice!, 'alice', 850_000, alice, 3, 1005),
          line(scores.carol!, 'carol', 1_200_000, carol, 1, 1002, Mods.Hidden),
          line(scores.bob!, '[AK] bob', 900_000, bob, 2, 1000),
          line(scores.alice!, 'alice', 850_000, alice, 3, 1005),
          line(scores.erin!, 'erin', 700_000, erin, 4, 1004),
        ].join('\n'),
      );
      // Type 0 ("local") is answered like the global board.
      assert.equal((await board('alice', { v: 0 })).body, r.body);
    });

    test('a restricted player sees their own score on the board', async () => {
      const { dave, scores } = ids;
      const r = await board('dave');
      const lines = r.body.split('\n');
      assert.equal(lines[0], `2|false|101|1010|5|0|`);
      assert.equal(lines[4], line(scores.dave!, 'dave', 1_500_000, dave, 1, 1003));
      assert.equal(lines[5], line(scores.dave!, 'dave', 1_500_000, dave, 1, 1003));
      assert.equal(lines.length, 10);
    });

    test('country board: only the requester country; the PB keeps its global rank (score-service)', async () => {
      const { alice, bob, scores } = ids;
      const r = await board('alice', { v: 4 });
      assert.equal(
        r.body,
        [header(2), line(scores.alice!, 'alice', 850_000, alice, 3, 1005), line(scores.bob!, '[AK] bob', 900_000, bob, 1, 1000), line(scores.alice!, 'alice', 850_000, alice, 2, 1005)].join('\n'),
      );
    });

    test('friends board: friends and self', async () => {
      const { alice, erin, scores } = ids;
      const r = await board('alice', { v: 3 });
      assert.equal(
        r.body,
        [header(2), line(scores.alice!, 'alice', 850_000, alice, 3, 1005), line(scores.alice!, 'alice', 850_000, alice, 1, 1005), line(scores.erin!, 'erin', 700_000, erin, 2, 1004)].join('\n'),
      );
    });

    test('selected-mods board: exact mods, non-best passes count, one row per user', async () => {
      const { alice, bob, carol, scores } = ids;
      const r = await board('alice', { v: 2, mods: Mods.Hidden });
      assert.equal(
        r.body,
        [
          header(3),
          line(scores.aliceHd!, 'alice', 600_000, alice, 3, 1006, Mods.Hidden),
          line(scores.carol!, 'carol', 1_200_000, carol, 1, 1002, Mods.Hidden),
          line(scores.bobHd!, '[AK] bob', 800_000, bob, 2, 1001, Mods.Hidden),
          line(scores.aliceHd!, 'alice', 600_000, alice, 3, 1006, Mods.Hidden),
        ].join('\n'),
      );
      // No mods selected: no-mod plays only (bob, alice, erin; the restricted dave hidden).
      const nm = await board('alice', { v: 2, mods: 0 });
      assert.equal(nm.body.split('\n')[0], '2|false|101|1010|3|0|');
    });

    test('relax board: scores_relax ranked by pp, the score field is int(pp)', async () => {
      const { alice, carol, scores } = ids;
      const r = await board('carol', { mods: Mods.Relax });
      assert.equal(
        r.body,
        [
          header(2),
          line(scores.carolRx!, 'carol', 250, carol, 2, 1010, Mods.Relax | Mods.Hidden),
          line(scores.aliceRx!, '[AK] alice', 300, alice, 1, 1009, Mods.Relax),
          line(scores.carolRx!, 'carol', 250, carol, 2, 1010, Mods.Relax | Mods.Hidden),
        ].join('\n'),
      );
    });

    test('autopilot board: scores_ap by pp', async () => {
      const { erin, scores } = ids;
      const r = await board('alice', { mods: Mods.Autopilot });
      assert.equal(r.body, [header(1), '', line(scores.erinAp!, 'erin', 77, erin, 1, 1011, Mods.Autopilot)].join('\n'));
    });

    test('another mode reads its own rows (taiko)', async () => {
      const { alice, scores } = ids;
      const r = await board('bob', { m: 1 });
      assert.equal(r.body, [header(1), '', line(scores.aliceTaiko!, '[AK] alice', 3_000_000, alice, 1, 1008)].join('\n'));
    });

    test('vanilla_pp_leaderboards: the board is sorted by pp and shows int(pp)', async () => {
      const { alice, bob, carol, erin, scores } = ids;
      const storage = server.servers[0]!.deps.storage;
      await setLeaderboardPrefs(storage, erin, { vanillaPp: true });
      try {
        const r = await board('erin');
        assert.equal(
          r.body,
          [
            header(4),
            line(scores.erin!, 'erin', 90, erin, 4, 1004),
            line(scores.bob!, '[AK] bob', 200, bob, 1, 1000),
            line(scores.alice!, '[AK] alice', 180, alice, 2, 1005),
            line(scores.carol!, 'carol', 150, carol, 3, 1002, Mods.Hidden),
            line(scores.erin!, 'erin', 90, erin, 4, 1004),
          ].join('\n'),
        );
      } finally {
        await setLeaderboardPrefs(storage, erin, { vanillaPp: false });
      }
    });

    test('leaderboard_size applies to premium players only; the count is not capped', async () => {
      const r = await board('gina');
      const lines = r.body.split('\n');
      assert.equal(lines[0], '2|false|101|1010|4|0|');
      assert.equal(lines[4], '', 'no personal best');
      assert.equal(lines.length, 7, 'two rows');
      const storage = server.servers[0]!.deps.storage;
      await setLeaderboardPrefs(storage, ids.bob, { size: 1 });
      assert.equal((await board('bob')).body.split('\n').length, 9, 'not premium: the default size');
    });

    test('status answers: pending, unknown md5 with a known or unknown file name, editor song select, loved', async () => {
      assert.equal((await board('alice', { c: PENDING.beatmapMd5 })).body, '0|false');
      assert.equal((await board('alice', { c: md5('unknown'), f: MAP.fileName })).body, '1|false');
      assert.equal((await board('alice', { c: md5('unknown'), f: 'nothing.osu' })).body, '-1|false');
      assert.equal((await board('alice', { s: 1 })).body, header(0));
      const loved = await board('alice', { c: LOVED.beatmapMd5 });
      assert.equal(loved.body, [header(1, '10.0', LOVED), '', line(ids.scores.lovedBob!, '[AK] bob', 123, ids.bob, 1, 1012)].join('\n'));
    });

    test('bad credentials → 401; missing or malformed parameters → 422; nothing changes', async () => {
      assert.equal((await board('alice', { ha: md5('wrong') })).status, 401);
      assert.equal((await board('nobody')).status, 401);
      const bad: Array<Record<string, string | number>> = [{ c: 'short' }, { v: 9 }, { m: 4 }, { mods: -1 }, { vv: 'x' }, { i: -2 }];
      for (const over of bad) {
        const r = await board('alice', over);
        assert.equal(r.status, 422, JSON.stringify(over));
      }
      const q = `us=alice&ha=${md5('pw')}&c=${MAP.beatmapMd5}`;
      const r = await fetch(`${server.url}/web/osu-osz2-getscores.php?${q}`);
      assert.equal(r.status, 422);
      assert.match(await r.text(), /"loc":\["query","s"\]/);
    });

    test('paging and tie groups: boards equal a reference model (score desc, time asc, one row per user)', async () => {
      const storage = server.servers[0]!.deps.storage;
      const map = beatmapRow(104);
      await storage.beatmaps.upsert(map);
      const viewer = await makeUser(storage, 'pager', { country: 'FR', privileges: Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.AkatsukiPlus });
      await setLeaderboardPrefs(storage, viewer, { size: 20 });
      const rows: Array<{ id: bigint; user: number; name: string; score: number; time: number; completed: 2 | 3 }> = [];
      for (let i = 0; i < 40; i++) {
        const name = `pg${i}`;
        const user = await makeUser(storage, name, { country: 'FR' });
        // Groups of four equal scores; inside a group the later id has the earlier time.
        const best = { score: 5000 - Math.floor(i / 4), time: 2000 - i, completed: 3 as const };
        // A second, later pass with the same score: on the mods board every user holds two rows, so
        // 20 users need more than one page (20 + 16 rows).
        const older = { score: best.score, time: 3000 + i, completed: 2 as const };
        for (const r of [best, older]) {
          const id = await addScore(storage, 'vanilla', { userId: user, beatmapMd5: map.beatmapMd5, score: r.score, time: r.time, completed: r.completed, mods: Mods.Hidden });
          rows.push({ id, user, name, ...r });
        }
      }
      const expected = (completed: Array<2 | 3>) => {
        const seen = new Set<number>();
        return rows
          .filter((r) => completed.includes(r.completed))
          .sort((a, b) => b.score - a.score || a.time - b.time)
          .filter((r) => (seen.has(r.user) ? false : (seen.add(r.user), true)))
          .slice(0, 20)
          .map((r, i) => `${r.id}|${r.name}|${r.score}|${i + 1}|${r.time}`);
      };
      const shown = (body: string) =>
        body.split('\n').slice(5).map((l) => {
          const f = l.split('|');
          return `${f[0]}|${f[1]}|${f[2]}|${f[13]}|${f[14]}`;
        });
      const q = { c: map.beatmapMd5, f: map.fileName, i: map.beatmapsetId };
      const global = await board('pager', q);
      assert.equal(global.body.split('\n')[0], '2|false|104|1040|40|0|');
      assert.deepEqual(shown(global.body), expected([3]));
      const mods = await board('pager', { ...q, v: 2, mods: Mods.Hidden });
      assert.equal(mods.body.split('\n')[0], '2|false|104|1040|40|0|');
      assert.deepEqual(shown(mods.body), expected([2, 3]));
    });

    test('the header count is remembered until forgetBeatmapBoards; rows and a new PB are always fresh', async () => {
      const storage = server.servers[0]!.deps.storage;
      const map = beatmapRow(105);
      await storage.beatmaps.upsert(map);
      const q = { c: map.beatmapMd5, f: map.fileName, i: map.beatmapsetId };
      const a = await makeUser(storage, 'cache_a', { country: 'IT' });
      const b = await makeUser(storage, 'cache_b', { country: 'IT' });
      const aFirst = await addScore(storage, 'vanilla', { userId: a, beatmapMd5: map.beatmapMd5, score: 500, time: 10 });
      assert.equal((await board('cache_a', q)).body.split('\n')[4], line(aFirst, 'cache_a', 500, a, 1, 10));
      const bBest = await addScore(storage, 'vanilla', { userId: b, beatmapMd5: map.beatmapMd5, score: 900, time: 11 });
      const lines = (await board('cache_a', q)).body.split('\n');
      assert.equal(lines[0], '2|false|105|1050|1|0|', 'count remembered');
      assert.equal(lines[5], line(bBest, 'cache_b', 900, b, 1, 11), 'rows are fresh');
      assert.equal(lines[4], line(aFirst, 'cache_a', 500, a, 1, 10), 'rank of an unchanged PB remembered');
      // A new personal best (new score id) is ranked at once.
      await storage.scores.setCompleted('vanilla', [{ id: aFirst, completed: 2 }]);
      const aSecond = await addScore(storage, 'vanilla', { userId: a, beatmapMd5: map.beatmapMd5, score: 700, time: 12 });
      assert.equal((await board('cache_a', q)).body.split('\n')[4], line(aSecond, 'cache_a', 700, a, 2, 12));
      forgetBeatmapBoards(map.beatmapMd5);
      assert.equal((await board('cache_a', q)).body.split('\n')[0], '2|false|105|1050|2|0|');
    });

    test('a leaderboard version other than 4 restricts the player and still answers', async () => {
      const storage = server.servers[0]!.deps.storage;
      const id = await makeUser(storage, 'oldclient', { country: 'DE' });
      const r = await board('oldclient', { vv: 3 });
      assert.equal(r.status, 200);
      assert.equal(r.body.split('\n')[0], '2|false|101|1010|4|0|');
      const user = await storage.users.findById(id);
      assert.equal(user!.privileges & Privileges.PubliclyVisible, 0);
      assert.ok(user!.banDatetime > 0);
      assert.match(user!.notes ?? '', /LESS Restrict: .*\(leaderboard gate\)/);
      const logs = await sql<{ text: string }>`SELECT text FROM rap_logs WHERE text LIKE ${`restricted user ${id}:%`}`.execute(rawDb(storage));
      assert.equal(logs.rows.length, 1);
      await board('oldclient', { vv: 3 });
      assert.equal((await sql<{ text: string }>`SELECT text FROM rap_logs WHERE text LIKE ${`restricted user ${id}:%`}`.execute(rawDb(storage))).rows.length, 1, 'restricted once');
    });
  });
}
