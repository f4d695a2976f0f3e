/**
 * The Storage contract: every repository method, run against each adapter by its test file
 * (server/adapters/storage/test/{sqlite,mysql}.test.ts). `open` must return a migrated, empty
 * database; each describe block works on its own ids so the order of tests does not matter.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScoreRow, Storage, UserStatsRow } from './storage.js';
import { StorageError } from './storage.js';

export interface OpenedStorage {
  storage: Storage;
  cleanup(): Promise<void>;
}

const md5 = (n: number): string => n.toString(16).padStart(32, '0');

function score(over: Partial<Omit<ScoreRow, 'id'>> = {}): Omit<ScoreRow, 'id'> {
  return {
    beatmapMd5: md5(1),
    userId: 1,
    score: 1_000_000,
    maxCombo: 500,
    fullCombo: true,
    mods: 0,
    count300: 400,
    count100: 10,
    count50: 1,
    countKatu: 5,
    countGeki: 50,
    countMiss: 0,
    time: 1_700_000_000,
    playMode: 0,
    completed: 3,
    accuracy: 98.123,
    pp: 123.456,
    checksum: md5(Math.floor(Math.random() * 2 ** 48)),
    ...over,
  };
}

export function storageContract(name: string, open: () => Promise<OpenedStorage>): void {
  describe(`Storage contract: ${name}`, () => {
    let s: Storage;
    let opened: OpenedStorage;
    before(async () => {
      opened = await open();
      s = opened.storage;
    });
    after(async () => {
      await opened.cleanup();
    });

    test('ping resolves and dialect is named', async () => {
      await s.ping();
      assert.ok(s.dialect === 'sqlite' || s.dialect === 'mysql');
    });

    describe('users', () => {
      test('create returns an id, stores the row and one user_stats row per mode', async () => {
        const id = await s.users.create({ username: 'Cookie Zi', email: 'c@example.com', passwordHash: '$2b$hash', privileges: 3, country: 'JP', registerDatetime: 1_600_000_000 });
        const u = await s.users.findById(id);
        assert.ok(u);
        assert.equal(u.username, 'Cookie Zi');
        assert.equal(u.usernameSafe, 'cookie_zi');
        assert.equal(u.passwordHash, '$2b$hash');
        assert.equal(u.email, 'c@example.com');
        assert.equal(u.privileges, 3);
        assert.equal(u.country, 'JP');
        assert.equal(u.registerDatetime, 1_600_000_000);
        assert.equal(u.latestActivity, 1_600_000_000);
        assert.equal(u.silenceEnd, 0);
        assert.equal(u.frozen, 0);
        assert.equal(u.clanId, 0);
        const modes = (await s.stats.getAllModes(id)).map((r) => r.mode);
        assert.deepEqual(modes, [0, 1, 2, 3, 4, 5, 6, 8]);
      });

      test('create with an explicit id and a default country', async () => {
        const id = await s.users.create({ id: 999, username: 'Aika', email: 'aika@bot.local', passwordHash: 'x', privileges: 3 });
        assert.equal(id, 999);
        assert.equal((await s.users.findById(999))?.country, 'XX');
      });

      test('duplicate safe name or email rejects with a conflict StorageError', async () => {
        await s.users.create({ username: 'Dupe', email: 'dupe@example.com', passwordHash: 'x', privileges: 3 });
        await assert.rejects(s.users.create({ username: 'dupe', email: 'other@example.com', passwordHash: 'x', privileges: 3 }), (e: unknown) => e instanceof StorageError && e.conflict);
        await assert.rejects(s.users.create({ username: 'Dupe2', email: 'dupe@example.com', passwordHash: 'x', privileges: 3 }), (e: unknown) => e instanceof StorageError && e.conflict);
        // The failed create left no half-made rows behind.
        assert.equal(await s.users.findBySafeName('dupe2'), undefined);
      });

      test('finders, list and count', async () => {
        const a = await s.users.create({ username: 'Finder A', email: 'fa@example.com', passwordHash: 'x', privileges: 3 });
        const b = await s.users.create({ username: 'Finder B', email: 'fb@example.com', passwordHash: 'x', privileges: 3 });
        assert.equal((await s.users.findBySafeName('finder_a'))?.id, a);
        assert.equal((await s.users.findByEmail('fb@example.com'))?.id, b);
        assert.equal(await s.users.findById(123_456), undefined);
        assert.deepEqual((await s.users.findManyByIds([b, a, a, 424242])).map((u) => u.id), [a, b]);
        assert.deepEqual(await s.users.findManyByIds([]), []);
        const n = await s.users.count();
        assert.ok(n >= 2);
        const all = await s.users.list({ limit: 1000 });
        assert.equal(all.length, n);
        const after = await s.users.list({ afterId: a, limit: 1 });
        assert.equal(after[0]?.id, b);
      });

      test('setters change exactly their columns', async () => {
        const id = await s.users.create({ username: 'Setter', email: 'set@example.com', passwordHash: 'x', privileges: 3 });
        await s.users.setPrivileges(id, 1 << 20);
        await s.users.setSilence(id, 1_800_000_000, 'spam');
        await s.users.setCountry(id, 'DE');
        await s.users.rename(id, 'Renamed One', 'renamed_one');
        await s.users.setLatestActivity(id, 1_750_000_000);
        await s.users.setBanDatetime(id, 1_760_000_000);
        await s.users.setPasswordHash(id, '$2b$new');
        await s.users.appendNote(id, 'first');
        await s.users.appendNote(id, 'second');
        const u = await s.users.findById(id);
        assert.ok(u);
        assert.equal(u.privileges, 1 << 20);
        assert.equal(u.silenceEnd, 1_800_000_000);
        assert.equal(u.silenceReason, 'spam');
        assert.equal(u.country, 'DE');
        assert.equal(u.username, 'Renamed One');
        assert.equal(u.usernameSafe, 'renamed_one');
        assert.equal(u.latestActivity, 1_750_000_000);
        assert.equal(u.banDatetime, 1_760_000_000);
        assert.equal(u.passwordHash, '$2b$new');
        assert.equal(u.notes, 'first\nsecond');
        assert.equal(u.email, 'set@example.com');
      });
    });

    describe('stats', () => {
      test('put, get, setPpAndAccuracy, wipe (64-bit scores stay exact)', async () => {
        const id = await s.users.create({ username: 'Stats', email: 'stats@example.com', passwordHash: 'x', privileges: 3 });
        const row: UserStatsRow = {
          userId: id, mode: 4, rankedScore: 9_007_199_254_740_993n, totalScore: 9_000_000_000_000_000_001n, playcount: 10, replaysWatched: 2,
          totalHits: 5000, avgAccuracy: 97.5, pp: 1234, playtime: 3600, xhCount: 1, xCount: 2, shCount: 3, sCount: 4, aCount: 5, bCount: 6,
          cCount: 7, dCount: 8, maxCombo: 999, latestPpAwarded: 1_700_000_000,
        };
        await s.stats.put(row);
        assert.deepEqual(await s.stats.get(id, 4), row);
        await s.stats.setPpAndAccuracy(id, 4, 2345.6, 98.25);
        const r = await s.stats.get(id, 4);
        assert.equal(r?.pp, 2346);
        assert.equal(r?.avgAccuracy, 98.25);
        assert.equal(r?.rankedScore, row.rankedScore);
        await s.stats.wipe(id, 4);
        const w = await s.stats.get(id, 4);
        assert.equal(w?.rankedScore, 0n);
        assert.equal(w?.pp, 0);
        assert.equal(w?.playcount, 0);
        assert.equal((await s.stats.get(id, 0))?.pp, 0);
        assert.equal(await s.stats.get(424242, 0), undefined);
      });

      test('put creates a missing row', async () => {
        const row: UserStatsRow = {
          userId: 77_777, mode: 8, rankedScore: 1n, totalScore: 2n, playcount: 1, replaysWatched: 0, totalHits: 1, avgAccuracy: 100, pp: 1,
          playtime: 1, xhCount: 0, xCount: 0, shCount: 0, sCount: 0, aCount: 0, bCount: 0, cCount: 0, dCount: 0, maxCombo: 1, latestPpAwarded: 0,
        };
        await s.stats.put(row);
        assert.deepEqual(await s.stats.getAllModes(77_777), [row]);
      });
    });

    describe('relationships', () => {
      test('add is idempotent, friendsOf/isFriend/remove', async () => {
        await s.relationships.add(5001, 5002);
        await s.relationships.add(5001, 5002);
        await s.relationships.add(5001, 5003);
        assert.deepEqual(await s.relationships.friendsOf(5001), [5002, 5003]);
        assert.equal(await s.relationships.isFriend(5001, 5002), true);
        assert.equal(await s.relationships.isFriend(5002, 5001), false);
        await s.relationships.remove(5001, 5002);
        assert.deepEqual(await s.relationships.friendsOf(5001), [5003]);
        assert.deepEqual(await s.relationships.friendsOf(5009), []);
      });
    });

    describe('channels', () => {
      test('ensure creates once and never overwrites', async () => {
        await s.channels.ensure({ name: '#contract', description: 'first', publicRead: true, publicWrite: false, status: 1, temp: false, hidden: true });
        await s.channels.ensure({ name: '#contract', description: 'second', publicRead: false, publicWrite: true, status: 1, temp: false, hidden: false });
        const c = await s.channels.findByName('#contract');
        assert.ok(c);
        assert.equal(c.description, 'first');
        assert.equal(c.publicRead, true);
        assert.equal(c.publicWrite, false);
        assert.equal(c.hidden, true);
        assert.equal(c.temp, false);
        assert.equal((await s.channels.list()).filter((x) => x.name === '#contract').length, 1);
        assert.equal(await s.channels.findByName('#nope'), undefined);
      });
    });

    describe('messages', () => {
      test('store, unreadFor, markRead, countSentSince, softDeleteSince', async () => {
        const a = await s.messages.store({ senderId: 6001, recipientId: 6002, recipientChannel: null, content: 'hi', createdAt: 100 });
        const b = await s.messages.store({ senderId: 6001, recipientId: 6002, recipientChannel: null, content: 'there', createdAt: 200 });
        await s.messages.store({ senderId: 6001, recipientId: null, recipientChannel: '#osu', content: 'public', createdAt: 300 });
        const unread = await s.messages.unreadFor(6002);
        assert.deepEqual(unread.map((m) => [m.id, m.content, m.readAt, m.deletedAt]), [[a, 'hi', null, null], [b, 'there', null, null]]);
        await s.messages.markRead([a], 250);
        assert.deepEqual((await s.messages.unreadFor(6002)).map((m) => m.id), [b]);
        await s.messages.markRead([], 250);
        assert.equal(await s.messages.countSentSince(6001, 200), 2);
        assert.equal(await s.messages.countSentSince(6001, 0), 3);
        assert.equal(await s.messages.softDeleteSince(6001, 200, 400), 2);
        assert.equal(await s.messages.softDeleteSince(6001, 200, 500), 0);
        assert.deepEqual(await s.messages.unreadFor(6002), []);
      });
    });

    describe('settings', () => {
      test('set inserts then updates; missing names are undefined', async () => {
        assert.equal(await s.settings.getInt('contract_x'), undefined);
        assert.equal(await s.settings.getString('contract_x'), undefined);
        await s.settings.set('contract_x', 1, 'one');
        await s.settings.set('contract_x', 2, 'two');
        assert.equal(await s.settings.getInt('contract_x'), 2);
        assert.equal(await s.settings.getString('contract_x'), 'two');
      });
    });

    describe('Akatsuki admin tables', () => {
      test('menuIcons: current is the first row marked current; adding a current icon clears the others', async () => {
        assert.equal(await s.menuIcons.current(), undefined);
        await s.menuIcons.add({ name: 'old', fileId: 'https://i.test/a.png', url: 'https://a.test', isDefault: true });
        assert.equal(await s.menuIcons.current(), undefined, 'not current');
        const b = await s.menuIcons.add({ name: 'event', fileId: 'https://i.test/b.png', url: 'https://b.test', isCurrent: true });
        assert.deepEqual(await s.menuIcons.current(), { id: b, name: 'event', fileId: 'https://i.test/b.png', url: 'https://b.test', isDefault: false, isCurrent: true });
        const c = await s.menuIcons.add({ name: 'next', fileId: 'https://i.test/c.png', url: 'https://c.test', isCurrent: true });
        assert.equal((await s.menuIcons.current())?.id, c);
      });

      test('systemSettings: set inserts then updates; missing names are undefined; separate from bancho_settings', async () => {
        assert.equal(await s.systemSettings.getInt('registrations_enabled'), undefined);
        await s.systemSettings.set('registrations_enabled', 1, '');
        await s.systemSettings.set('registrations_enabled', 0, 'closed');
        assert.equal(await s.systemSettings.getInt('registrations_enabled'), 0);
        assert.equal(await s.systemSettings.getString('registrations_enabled'), 'closed');
        assert.equal(await s.settings.getInt('registrations_enabled'), undefined);
      });
    });

    describe('matches', () => {
      test('create, games, events, end', async () => {
        const m = await s.matches.create('contract match', true, 1000);
        const g = await s.matches.addGame({ matchId: m, beatmapId: 75, mode: 0, mods: 64, scoringType: 3, teamType: 0, startTime: 1010 });
        await s.matches.addEvent({ matchId: m, gameId: null, userId: 7001, eventType: 'MATCH_CREATION', timestamp: 1000 });
        await s.matches.addEvent({ matchId: m, gameId: g, userId: null, eventType: 'MATCH_GAME_PLAYTHROUGH', timestamp: 1010 });
        assert.deepEqual(await s.matches.games(m), [{ id: g, beatmapId: 75, endTime: null }]);
        await s.matches.endGame(g, 1100);
        await s.matches.end(m, 1200);
        assert.deepEqual(await s.matches.games(m), [{ id: g, beatmapId: 75, endTime: 1100 }]);
        assert.deepEqual(await s.matches.events(m), [
          { eventType: 'MATCH_CREATION', userId: 7001, gameId: null },
          { eventType: 'MATCH_GAME_PLAYTHROUGH', userId: null, gameId: g },
        ]);
      });
    });

    describe('scores', () => {
      test('ids follow the Akatsuki ranges per playstyle, exactly', async () => {
        const v = await s.scores.insert('vanilla', score({ userId: 8001 }));
        const r = await s.scores.insert('relax', score({ userId: 8001, mods: 128 }));
        const a = await s.scores.insert('autopilot', score({ userId: 8001, mods: 8192 }));
        const a2 = await s.scores.insert('autopilot', score({ userId: 8001, mods: 8192 }));
        assert.ok(v >= 500_000_000n, `vanilla id ${v}`);
        assert.ok(r < 500_000_000n, `relax id ${r}`);
        assert.ok(a >= 6_148_914_691_236_517_204n, `autopilot id ${a}`);
        assert.equal(a2, a + 1n);
        const back = await s.scores.findById('autopilot', a2);
        assert.equal(back?.id, a2);
        assert.equal(await s.scores.findById('vanilla', 1n), undefined);
      });

      test('insert/findById round-trips every field', async () => {
        const sc = score({ userId: 8002, mods: 72, completed: 2, playMode: 1, fullCombo: false });
        const id = await s.scores.insert('vanilla', sc);
        assert.deepEqual(await s.scores.findById('vanilla', id), { id, ...sc });
      });

      test('duplicate checksum rejects with a conflict StorageError', async () => {
        const sc = score({ userId: 8003 });
        await s.scores.insert('relax', sc);
        await assert.rejects(s.scores.insert('relax', sc), (e: unknown) => e instanceof StorageError && e.conflict);
      });

      test('page, count, userIds, setPp, setCompleted, bestOfUser', async () => {
        const map = md5(900);
        const ranked = md5(901);
        const ids: bigint[] = [];
        for (const [i, u] of [9001, 9002, 9001, 9003].entries()) {
          ids.push(await s.scores.insert('relax', score({ userId: u, beatmapMd5: i === 0 ? ranked : map, mods: i % 2 ? 128 | 8 : 128, completed: i === 3 ? 1 : 3, pp: 100 + i })));
        }
        const f = { playstyle: 'relax' as const, beatmapMd5: map };
        assert.equal(await s.scores.count({ playstyle: 'relax', userId: 9001 }), 2);
        assert.equal(await s.scores.count({ ...f, minCompleted: 2 }), 2);
        assert.equal(await s.scores.count({ ...f, modsAll: 8 }), 2);
        assert.equal(await s.scores.count({ ...f, modsAll: 8 | 128, minCompleted: 2 }), 1);
        assert.deepEqual(await s.scores.userIds({ ...f }), [9002, 9001, 9003].sort());
        const p1 = await s.scores.page({ playstyle: 'relax', userId: 9001 }, 1);
        assert.deepEqual(p1.map((x) => x.id), [ids[0]]);
        const p2 = await s.scores.page({ playstyle: 'relax', userId: 9001, afterId: p1[0]!.id }, 10);
        assert.deepEqual(p2.map((x) => x.id), [ids[2]]);
        await s.scores.setPp('relax', [{ id: ids[0]!, pp: 500.5 }, { id: ids[2]!, pp: 50.25 }]);
        await s.scores.setCompleted('relax', [{ id: ids[2]!, completed: 2 }]);
        await s.scores.setPp('relax', []);
        const best = await s.scores.bestOfUser('relax', 9001, 0);
        assert.deepEqual(best.map((x) => [x.id, x.pp]), [[ids[0], 500.5]]);
        assert.deepEqual(await s.scores.bestOfUser('relax', 9001, 0, { rankedOnly: true }), []);
        await s.beatmaps.upsert({ ...beatmap(901), beatmapMd5: ranked, ranked: 2 });
        assert.deepEqual((await s.scores.bestOfUser('relax', 9001, 0, { rankedOnly: true })).map((x) => x.id), [ids[0]]);
        assert.deepEqual(await s.scores.bestOfUser('relax', 9001, 1), []);
      });

      test('an unknown playstyle is a StorageError, not a crash', async () => {
        await assert.rejects(s.scores.findById('bogus' as 'relax', 1n), StorageError);
      });
    });

    describe('beatmaps', () => {
      test('upsert inserts, replaces by id, and moves an md5 to its new id', async () => {
        const b = beatmap(315);
        await s.beatmaps.upsert(b);
        assert.deepEqual(await s.beatmaps.findById(315), { ...b, rating: 10 });
        assert.deepEqual(await s.beatmaps.findByMd5(b.beatmapMd5), { ...b, rating: 10 });
        await s.beatmaps.upsert({ ...b, ranked: 5, playcount: 10, countCircles: null });
        assert.equal((await s.beatmaps.findById(315))?.ranked, 5);
        assert.equal((await s.beatmaps.findById(315))?.countCircles, null);
        await s.beatmaps.upsert({ ...beatmap(316), beatmapMd5: b.beatmapMd5 });
        assert.equal(await s.beatmaps.findById(315), undefined);
        assert.equal((await s.beatmaps.findByMd5(b.beatmapMd5))?.beatmapId, 316);
        assert.equal(await s.beatmaps.findByMd5(md5(12345)), undefined);
      });

      test('findBySetId, findByFileName and deleteByMd5', async () => {
        const a = { ...beatmap(40_001), beatmapsetId: 4000, fileName: 'A - B (C) [Hard].osu' };
        const b = { ...beatmap(40_002), beatmapsetId: 4000, fileName: 'A - B (C) [Easy].osu' };
        await s.beatmaps.upsert(b);
        await s.beatmaps.upsert(a);
        await s.beatmaps.upsert({ ...beatmap(40_003), beatmapsetId: 4001 });
        assert.deepEqual((await s.beatmaps.findBySetId(4000)).map((r) => r.beatmapId), [40_001, 40_002]);
        assert.deepEqual(await s.beatmaps.findBySetId(4999), []);
        assert.equal((await s.beatmaps.findByFileName('A - B (C) [Easy].osu'))?.beatmapId, 40_002);
        assert.equal(await s.beatmaps.findByFileName('nope.osu'), undefined);
        assert.equal(await s.beatmaps.deleteByMd5(a.beatmapMd5), true);
        assert.equal(await s.beatmaps.deleteByMd5(a.beatmapMd5), false);
        assert.equal(await s.beatmaps.findById(40_001), undefined);
      });

      test('logMirrorRequest keeps every field, milliseconds included; recentMirrorRequests newest first', async () => {
        const e = { requestUrl: 'https://m.example/d/1', mirrorName: 'm.example', success: false, startedAtMs: 1_765_000_000_123, endedAtMs: 1_765_000_001_456, statusCode: 500, responseSize: 4, responseError: 'HTTP 500', resource: 'osz_file' };
        await s.beatmaps.logMirrorRequest(e);
        await s.beatmaps.logMirrorRequest({ ...e, success: true, statusCode: null, responseSize: null, responseError: null, requestUrl: `https://m.example/${'x'.repeat(300)}` });
        const [last, first] = await s.beatmaps.recentMirrorRequests(2);
        assert.deepEqual(first, e);
        assert.equal(last?.success, true);
        assert.equal(last?.statusCode, null);
        assert.equal(last?.requestUrl.length, 255);
      });
    });

    describe('hardware', () => {
      test('logHardware counts logins, activate, hasActivated, findOthers, logIp', async () => {
        const hw = { mac: 'm1', uniqueId: 'u1', diskId: 'd1' };
        await s.hardware.logHardware(10_001, hw.mac, hw.uniqueId, hw.diskId);
        await s.hardware.logHardware(10_001, hw.mac, hw.uniqueId, hw.diskId);
        await s.hardware.logHardware(10_001, 'm2', 'u2', 'd2');
        assert.equal(await s.hardware.countForUser(10_001), 3);
        assert.equal(await s.hardware.countForUser(10_099), 0);
        assert.equal(await s.hardware.hasActivated(10_001), false);
        await s.hardware.activate(10_001, hw.mac, hw.uniqueId, hw.diskId);
        assert.equal(await s.hardware.hasActivated(10_001), true);
        await s.hardware.logHardware(10_002, 'other-mac', hw.uniqueId, 'other-disk');
        const strict = await s.hardware.findOthers(10_002, hw, { uniqueOnly: false });
        assert.deepEqual(strict.map((r) => [r.userId, r.occurencies, r.activated]), [[10_001, 2, true]]);
        const wine = await s.hardware.findOthers(10_001, { mac: 'x', uniqueId: 'u1', diskId: 'y' }, { uniqueOnly: true });
        assert.deepEqual(wine.map((r) => r.userId), [10_002]);
        assert.deepEqual(await s.hardware.findOthers(10_001, { mac: 'x', uniqueId: 'u1', diskId: 'y' }, { uniqueOnly: true, activatedOnly: true }), []);
        await s.hardware.logIp(10_001, '127.0.0.1', 100);
        await s.hardware.logIp(10_001, '127.0.0.1', 200);
      });
    });
  });
}

function beatmap(id: number) {
  return {
    beatmapId: id,
    beatmapsetId: id * 10,
    beatmapMd5: md5(id * 7919),
    songName: `Artist - Title [Diff ${id}]`,
    fileName: `Artist - Title (Mapper) [Diff ${id}].osu`,
    ar: 9.3,
    od: 8.5,
    mode: 0,
    maxCombo: 1234,
    hitLength: 180,
    bpm: 200,
    ranked: 2,
    latestUpdate: 1_600_000_000,
    rankedStatusFreezed: false,
    playcount: 0,
    passcount: 0,
    countCircles: 500,
    countSliders: 300,
    countSpinners: 2,
  };
}
