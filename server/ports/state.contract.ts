/**
 * The LiveState contract: one set of node:test suites every adapter must pass
 * (server/adapters/state/test/{memory,redis}.test.ts call `liveStateContract`).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveState, MatchState, Presence, Session, SlotState } from './state.js';
import { StateError, Streams } from './state.js';

export interface LiveStateFactory {
  /** A fresh, empty state. Options apply to that instance. */
  create(options?: { maxQueueBytes?: number }): Promise<LiveState>;
  /**
   * A second handle on the *same* backing store as `first` (another process in production).
   * The memory adapter returns `first` itself; the suite never closes a peer twice.
   */
  peer(first: LiveState): Promise<LiveState>;
}

let tokenSeq = 0;
export function makeSession(userId: number, overrides: Partial<Session> = {}): Session {
  tokenSeq++;
  return {
    token: `tok-${userId}-${tokenSeq}-${Math.random().toString(36).slice(2, 8)}`,
    userId,
    username: `User ${userId}`,
    usernameSafe: `user_${userId}`,
    privileges: 3,
    utcOffset: -5,
    country: 'CA',
    latitude: 45.5,
    longitude: -73.5666,
    clientVersion: 'b20240101',
    clientStream: 'stable',
    blockNonFriendDms: false,
    silenceEnd: 0,
    awayMessage: null,
    presenceFilter: 1,
    ip: '127.0.0.1',
    loginAt: 1_700_000_000_000,
    lastSeenAt: 1_700_000_000_000,
    spectating: null,
    matchId: null,
    inLobby: false,
    ...overrides,
  };
}

export function makePresence(userId: number, overrides: Partial<Presence> = {}): Presence {
  return {
    userId,
    username: `User ${userId}`,
    clientPrivileges: 5,
    country: 'JP',
    latitude: 35.68,
    longitude: 139.69,
    utcOffset: 9,
    action: 0,
    infoText: '',
    beatmapMd5: '',
    beatmapId: 0,
    mods: 0,
    mode: 0,
    rankedScore: 12_345_678_901_234_567n,
    totalScore: 98_765_432_109_876_543n,
    accuracy: 98.76543210123,
    playcount: 4321,
    pp: 7654.321,
    globalRank: 17,
    ...overrides,
  };
}

function emptySlot(): SlotState {
  return { status: 1, team: 0, mods: 0, userId: 0, token: null, loaded: false, skipped: false, completed: false, failed: false };
}

export function makeMatchInit(name = 'test match'): Omit<MatchState, 'id'> {
  return {
    dbId: 77,
    name,
    password: null,
    privateHistory: false,
    inProgress: false,
    mods: 0,
    beatmapName: 'Artist - Title [Diff]',
    beatmapId: 123,
    beatmapMd5: '0123456789abcdef0123456789abcdef',
    previousBeatmapId: 0,
    hostId: 1000,
    mode: 0,
    winCondition: 0,
    teamType: 0,
    freemod: false,
    seed: 42,
    slots: Array.from({ length: 16 }, emptySlot),
    refereeIds: [],
    currentGameId: null,
    createdAt: 1_700_000_000_000,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const tokensOf = (sessions: Session[]): string[] => sessions.map((s) => s.token).sort();

export function liveStateContract(adapter: string, factory: LiveStateFactory): void {
  describe(`LiveState contract: ${adapter}`, () => {
    let state: LiveState;
    before(async () => {
      state = await factory.create();
    });
    after(async () => {
      await state.close();
    });

    describe('sessions', () => {
      test('create, get, indexes by user and name, delete removes everything', async () => {
        const a = makeSession(1, { usernameSafe: 'alice', awayMessage: 'brb', spectating: 'x', matchId: 3, inLobby: true });
        const b = makeSession(1, { usernameSafe: 'alice', blockNonFriendDms: true, clientStream: 'tourney' });
        const c = makeSession(2, { usernameSafe: 'bob' });
        for (const s of [a, b, c]) await state.createSession(s);

        assert.deepEqual(await state.getSession(a.token), a);
        assert.deepEqual(await state.getSession(b.token), b);
        assert.equal(await state.getSession('nope'), undefined);
        assert.deepEqual(tokensOf(await state.sessionsOfUser(1)), [a.token, b.token].sort());
        assert.deepEqual(tokensOf(await state.sessionsByName('alice')), [a.token, b.token].sort());
        assert.deepEqual(tokensOf(await state.sessionsByName('bob')), [c.token]);
        assert.ok((await state.countSessions()) >= 3);
        const online = await state.onlineUserIds();
        assert.ok(online.includes(1) && online.includes(2));
        const all = tokensOf(await state.allSessions());
        for (const s of [a, b, c]) assert.ok(all.includes(s.token));

        await state.subscribe(a.token, Streams.main);
        await state.send(a.token, Buffer.from([1, 2, 3]));
        const deleted = await state.deleteSession(a.token);
        assert.deepEqual(deleted, a);
        assert.equal(await state.getSession(a.token), undefined);
        assert.equal(await state.deleteSession(a.token), undefined);
        assert.deepEqual(tokensOf(await state.sessionsOfUser(1)), [b.token]);
        assert.deepEqual(await state.subscriptions(a.token), []);
        assert.ok(!(await state.streamMembers(Streams.main)).includes(a.token));
        assert.equal((await state.drain(a.token)).length, 0);

        await state.deleteSession(b.token);
        await state.deleteSession(c.token);
        assert.deepEqual(await state.sessionsOfUser(1), []);
        assert.deepEqual(await state.sessionsByName('bob'), []);
        const online2 = await state.onlineUserIds();
        assert.ok(!online2.includes(1) && !online2.includes(2));
      });

      test('updateSession patches fields, moves the name index, keeps token and userId', async () => {
        const s = makeSession(10, { usernameSafe: 'old_name' });
        await state.createSession(s);
        const updated = await state.updateSession(s.token, {
          usernameSafe: 'new_name',
          username: 'New Name',
          privileges: 7,
          awayMessage: 'away',
          matchId: 12,
          spectating: 'host-token',
          silenceEnd: 1_800_000_000,
          latitude: -33.8688197,
        });
        assert.ok(updated);
        assert.equal(updated.usernameSafe, 'new_name');
        assert.equal(updated.privileges, 7);
        assert.equal(updated.latitude, -33.8688197);
        assert.deepEqual(await state.getSession(s.token), updated);
        assert.deepEqual(await state.sessionsByName('old_name'), []);
        assert.deepEqual(tokensOf(await state.sessionsByName('new_name')), [s.token]);

        const cleared = await state.updateSession(s.token, { awayMessage: null, matchId: null, spectating: null });
        assert.equal(cleared?.awayMessage, null);
        assert.equal(cleared?.matchId, null);
        assert.equal(cleared?.spectating, null);
        assert.equal(cleared?.username, 'New Name');
        assert.equal(await state.updateSession('missing', { privileges: 1 }), undefined);
        await state.deleteSession(s.token);
      });

      test('touchSession refreshes lastSeenAt; claimIdleSessions removes and returns idle ones once', async () => {
        const old = makeSession(20, { lastSeenAt: 1000 });
        const fresh = makeSession(21, { lastSeenAt: 1000 });
        await state.createSession(old);
        await state.createSession(fresh);
        await state.subscribe(old.token, 'idle-test');
        const touched = await state.touchSession(fresh.token, 5000);
        assert.equal(touched?.lastSeenAt, 5000);
        assert.equal(touched?.userId, 21);
        assert.equal((await state.getSession(fresh.token))?.lastSeenAt, 5000);
        assert.equal(await state.touchSession('unknown-token', 5000), undefined);

        const claimed = await state.claimIdleSessions(2000);
        assert.deepEqual(tokensOf(claimed), [old.token]);
        assert.equal(claimed[0]?.userId, 20);
        assert.equal(await state.getSession(old.token), undefined);
        assert.deepEqual(await state.streamMembers('idle-test'), []);
        assert.deepEqual(await state.claimIdleSessions(2000), []);
        assert.ok(await state.getSession(fresh.token));
        await state.deleteSession(fresh.token);
      });

      test('keepAlive (when present) records activity the idle sweep respects', async () => {
        if (!state.keepAlive) return;
        const kept = makeSession(40, { lastSeenAt: 1000 });
        const left = makeSession(41, { lastSeenAt: 1000 });
        await state.createSession(kept);
        await state.createSession(left);
        assert.equal(state.keepAlive('unknown-token', 9000), false);
        await state.touchSession(kept.token, 1500); // a poll was served here first
        assert.equal(state.keepAlive(kept.token, 9000), true);
        const claimed = await state.claimIdleSessions(5000);
        assert.deepEqual(tokensOf(claimed), [left.token]);
        assert.equal((await state.getSession(kept.token))?.lastSeenAt, 9000);
        await state.deleteSession(kept.token);
        assert.equal(state.keepAlive(kept.token, 9500), false, 'a deleted session is not kept alive');
      });

      test('claimIdleSessions from two handles claims each session exactly once', async () => {
        const other = await factory.peer(state);
        const sessions = Array.from({ length: 30 }, (_, i) => makeSession(300 + i, { lastSeenAt: 100 }));
        for (const s of sessions) await state.createSession(s);
        const [x, y] = await Promise.all([state.claimIdleSessions(200), other.claimIdleSessions(200)]);
        const all = [...tokensOf(x), ...tokensOf(y)].sort();
        assert.deepEqual(all, tokensOf(sessions));
        if (other !== state) await other.close();
      });
    });

    describe('presences', () => {
      test('put/get/update/delete keep bigints and floats exact', async () => {
        const p = makePresence(500);
        await state.putPresence(p);
        assert.deepEqual(await state.getPresence(500), p);
        const up = await state.updatePresence(500, { action: 2, infoText: 'Playing: 日本語 ♪', rankedScore: 2n ** 62n + 1n, mode: 4, pp: 0.1 + 0.2 });
        assert.equal(up?.rankedScore, 2n ** 62n + 1n);
        assert.equal(up?.infoText, 'Playing: 日本語 ♪');
        assert.equal(up?.pp, 0.1 + 0.2);
        assert.equal(up?.totalScore, p.totalScore);
        assert.deepEqual(await state.getPresence(500), up);
        assert.equal(await state.updatePresence(501, { action: 1 }), undefined);
        await state.putPresence(makePresence(502, { username: 'Second' }));
        const many = await state.getPresences([500, 501, 502]);
        assert.deepEqual(
          many.map((x) => x.userId).sort((a, b) => a - b),
          [500, 502],
        );
        await state.deletePresence(500);
        await state.deletePresence(502);
        assert.equal(await state.getPresence(500), undefined);
        assert.deepEqual(await state.getPresences([500, 502]), []);
      });
    });

    describe('streams and queues', () => {
      test('subscriptions, members and sizes; unknown sessions are not subscribed', async () => {
        const a = makeSession(600);
        const b = makeSession(601);
        await state.createSession(a);
        await state.createSession(b);
        await state.subscribe(a.token, Streams.main);
        await state.subscribe(a.token, Streams.channel('#osu'));
        await state.subscribe(b.token, Streams.channel('#osu'));
        await state.subscribe(b.token, Streams.channel('#osu'));
        await state.subscribe('ghost', Streams.channel('#osu'));
        assert.deepEqual((await state.subscriptions(a.token)).sort(), [Streams.channel('#osu'), Streams.main].sort());
        assert.equal(await state.streamSize(Streams.channel('#osu')), 2);
        assert.deepEqual((await state.streamMembers(Streams.channel('#osu'))).sort(), [a.token, b.token].sort());
        await state.unsubscribe(a.token, Streams.channel('#osu'));
        assert.equal(await state.streamSize(Streams.channel('#osu')), 1);
        assert.deepEqual(await state.subscriptions(a.token), [Streams.main]);
        assert.equal(await state.streamSize('never-used'), 0);
        await state.deleteSession(a.token);
        await state.deleteSession(b.token);
        assert.equal(await state.streamSize(Streams.channel('#osu')), 0);
      });

      test('publish filters: exclude, anyPrivileges, excludeUserIds', async () => {
        const stream = 'filter-test';
        const normal = makeSession(700, { privileges: 1 });
        const staff = makeSession(701, { privileges: 1 | 4096 });
        const blocker = makeSession(702, { privileges: 1 | 4096 });
        const sender = makeSession(703, { privileges: 3 });
        for (const s of [normal, staff, blocker, sender]) {
          await state.createSession(s);
          await state.subscribe(s.token, stream);
        }
        await state.publish(stream, Buffer.from('A'), { exclude: [sender.token] });
        await state.publish(stream, Buffer.from('B'), { anyPrivileges: 4096 | 8192 });
        await state.publish(stream, Buffer.from('C'), { excludeUserIds: [702, 9999] });
        await state.publish(stream, Buffer.from('D'), { exclude: [normal.token], anyPrivileges: 4096, excludeUserIds: [702] });
        await state.publish(stream, Buffer.from('E'), {});
        assert.equal((await state.drain(normal.token)).toString(), 'ACE');
        assert.equal((await state.drain(staff.token)).toString(), 'ABCDE');
        assert.equal((await state.drain(blocker.token)).toString(), 'ABE');
        assert.equal((await state.drain(sender.token)).toString(), 'CE');
        for (const s of [normal, staff, blocker, sender]) await state.deleteSession(s.token);
      });

      test('one Buffer published to 200 members arrives intact in each', async () => {
        const stream = 'big-fanout';
        const members = Array.from({ length: 200 }, (_, i) => makeSession(10_000 + i));
        for (const s of members) {
          await state.createSession(s);
          await state.subscribe(s.token, stream);
        }
        // Every byte value, including 0x00 and invalid UTF-8, must survive.
        const payload = Buffer.alloc(1024);
        for (let i = 0; i < payload.length; i++) payload[i] = (i * 37 + 11) & 0xff;
        await state.publish(stream, payload);
        await state.publish(stream, new Uint8Array([0xff, 0x00, 0xfe]));
        const expected = Buffer.concat([payload, Buffer.from([0xff, 0x00, 0xfe])]);
        const drained = await Promise.all(members.map((s) => state.drain(s.token)));
        for (const d of drained) assert.ok(d.equals(expected), 'payload differs');
        for (const s of members) await state.deleteSession(s.token);
      });

      test('drain preserves order, empties the queue; send and sendToUser', async () => {
        const a = makeSession(800);
        const b = makeSession(800);
        const c = makeSession(801);
        for (const s of [a, b, c]) await state.createSession(s);
        await state.send(a.token, Buffer.from('1'));
        await state.sendToUser(800, Buffer.from('2'));
        await state.send(a.token, new Uint8Array([0x33]));
        await state.send('ghost', Buffer.from('x'));
        assert.equal((await state.drain(a.token)).toString(), '123');
        assert.equal((await state.drain(a.token)).length, 0);
        assert.equal((await state.drain(b.token)).toString(), '2');
        assert.equal((await state.drain(c.token)).length, 0);
        assert.equal((await state.drain('ghost')).length, 0);
        for (const s of [a, b, c]) await state.deleteSession(s.token);
      });

      test('drainIfReady (when present) and drain together deliver everything once, in order, for a touched session', async () => {
        const s = makeSession(850);
        const other = makeSession(851);
        await state.createSession(s);
        await state.createSession(other);
        await state.subscribe(s.token, 'sync-drain');
        await state.touchSession(s.token, 10);
        let want = '';
        let got = '';
        let answeredWithoutIo = 0;
        for (let i = 0; i < 24; i++) {
          const c = String.fromCharCode(65 + i);
          want += c;
          if (i % 3 === 0) await state.send(s.token, Buffer.from(c));
          else if (i % 3 === 1) await state.publish('sync-drain', Buffer.from(c));
          else await state.sendToUser(850, Buffer.from(c));
          // Idle polls in between: whatever answers them must not swallow or repeat data.
          for (let k = 0; k < 2; k++) {
            const now = state.drainIfReady?.(s.token);
            if (now !== undefined) {
              answeredWithoutIo++;
              got += now.toString();
            } else got += (await state.drain(s.token)).toString();
          }
        }
        got += (await state.drain(s.token)).toString();
        assert.equal(got, want);
        if (state.drainIfReady) {
          assert.ok(answeredWithoutIo > 0, 'an adapter with drainIfReady answers some idle drains itself');
          assert.equal(state.drainIfReady(s.token)?.length ?? 0, 0);
        }
        assert.equal((await state.drain(other.token)).length, 0);
        await state.deleteSession(s.token);
        await state.deleteSession(other.token);
        assert.equal(state.drainIfReady?.(s.token)?.length ?? 0, 0, 'a deleted session has nothing to drain');
      });

      test('a bounded queue drops the oldest data', async () => {
        const small = await factory.create({ maxQueueBytes: 100 });
        try {
          const s = makeSession(900);
          await small.createSession(s);
          assert.equal(await small.droppedBytes(s.token), 0);
          for (let i = 0; i < 30; i++) await small.send(s.token, Buffer.from(`msg${String(i).padStart(2, '0')}|`));
          const dropped = await small.droppedBytes(s.token);
          const out = (await small.drain(s.token)).toString();
          assert.equal(dropped + out.length, 30 * 6, 'kept + dropped = sent');
          assert.equal(await small.droppedBytes(s.token), 0, 'drain resets the lag marker');
          assert.ok(out.length <= 100, `kept ${out.length} bytes`);
          assert.ok(out.endsWith('msg29|'), out);
          assert.ok(!out.includes('msg00|'), out);
          // What remains is a contiguous tail: nothing in the middle was lost.
          const first = Number(out.slice(3, 5));
          const expected = Array.from({ length: 30 - first }, (_, i) => `msg${String(first + i).padStart(2, '0')}|`).join('');
          assert.equal(out, expected);
          // After a drain the queue accepts a full cap again.
          await small.send(s.token, Buffer.alloc(100, 1));
          assert.equal((await small.drain(s.token)).length, 100);
        } finally {
          await small.close();
        }
      });
    });

    describe('multiplayer', () => {
      test('create/get/update/delete with smallest-free id reuse', async () => {
        const m1 = await state.createMatch(makeMatchInit('one'));
        const m2 = await state.createMatch(makeMatchInit('two'));
        const m3 = await state.createMatch(makeMatchInit('three'));
        assert.deepEqual([m1.id, m2.id, m3.id], [1, 2, 3]);
        assert.equal(m2.slots.length, 16);
        assert.deepEqual(await state.getMatch(m2.id), m2);

        const updated = await state.updateMatch(m2.id, (m) => {
          m.name = 'renamed';
          m.password = 'pw';
          m.slots[3] = { ...m.slots[3]!, userId: 55, token: 'tok', status: 4 };
          m.refereeIds.push(9);
          m.currentGameId = 1234;
          return m;
        });
        assert.equal(updated?.name, 'renamed');
        assert.equal(updated?.slots[3]?.token, 'tok');
        assert.deepEqual(await state.getMatch(m2.id), updated);

        assert.equal(await state.updateMatch(m2.id, () => 'delete'), undefined);
        assert.equal(await state.getMatch(m2.id), undefined);
        assert.equal(await state.updateMatch(m2.id, (m) => m), undefined);
        assert.deepEqual(
          (await state.listMatches()).map((m) => m.id),
          [1, 3],
        );
        const reused = await state.createMatch(makeMatchInit('four'));
        assert.equal(reused.id, 2);
        const next = await state.createMatch(makeMatchInit('five'));
        assert.equal(next.id, 4);
        for (const id of [1, 2, 3, 4]) await state.updateMatch(id, () => 'delete');
        assert.deepEqual(await state.listMatches(), []);
      });

      test('a mutation that throws leaves the match unchanged', async () => {
        const m = await state.createMatch(makeMatchInit());
        await assert.rejects(
          state.updateMatch(m.id, (x) => {
            x.name = 'half-done';
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal((await state.getMatch(m.id))?.name, m.name);
        await state.updateMatch(m.id, () => 'delete');
      });

      test('concurrent updateMatch from two handles loses no update', async () => {
        const other = await factory.peer(state);
        const m = await state.createMatch(makeMatchInit('race'));
        const bump = (s: LiveState) =>
          s.updateMatch(m.id, (x) => {
            x.slots[0]!.mods += 1;
            x.mods += 1;
            return x;
          });
        await Promise.all(Array.from({ length: 50 }, (_, i) => bump(i % 2 === 0 ? state : other)));
        const final = await state.getMatch(m.id);
        assert.equal(final?.slots[0]?.mods, 50);
        assert.equal(final?.mods, 50);
        await state.updateMatch(m.id, () => 'delete');
        if (other !== state) await other.close();
      });

      test('concurrent createMatch from two handles never shares an id', async () => {
        const other = await factory.peer(state);
        const made = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? state : other).createMatch(makeMatchInit(`m${i}`))));
        const ids = made.map((m) => m.id).sort((a, b) => a - b);
        assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => i + 1));
        for (const id of ids) await state.updateMatch(id, () => 'delete');
        if (other !== state) await other.close();
      });
    });

    describe('bad input', () => {
      test('malformed sessions, patches and presences are refused with StateError, nothing stored', async () => {
        const bad = makeSession(1100, { latitude: Number.NaN });
        await assert.rejects(state.createSession(bad), StateError);
        assert.equal(await state.getSession(bad.token), undefined);
        const { country: _c, ...missing } = makeSession(1101);
        await assert.rejects(state.createSession(missing as Session), /country/);
        assert.deepEqual(await state.sessionsOfUser(1101), []);
        await assert.rejects(state.createSession(makeSession(1102, { token: '' })), StateError);

        const good = makeSession(1103);
        await state.createSession(good);
        await assert.rejects(state.updateSession(good.token, { privileges: 'x' as unknown as number }), StateError);
        await assert.rejects(state.updateSession(good.token, { username: null as unknown as string }), StateError);
        assert.deepEqual(await state.getSession(good.token), good);
        await state.deleteSession(good.token);

        await assert.rejects(state.putPresence(makePresence(1104, { rankedScore: 5 as unknown as bigint })), StateError);
        assert.equal(await state.getPresence(1104), undefined);
        await state.putPresence(makePresence(1105));
        await assert.rejects(state.updatePresence(1105, { pp: Number.POSITIVE_INFINITY }), StateError);
        assert.deepEqual(await state.getPresence(1105), makePresence(1105));
        await state.deletePresence(1105);
      });

      test('kv: non-positive TTLs and incrementing a non-number are refused with StateError', async () => {
        await assert.rejects(state.kvSet('bad-ttl', 'x', 0), StateError);
        await assert.rejects(state.kvSetIfAbsent('bad-ttl', 'x', -5), StateError);
        assert.equal(await state.kvGet('bad-ttl'), undefined);
        await state.kvSet('text', 'hello', 10_000);
        await assert.rejects(state.kvIncr('text', 10_000), StateError);
        assert.equal(await state.kvGet('text'), 'hello');
        await state.kvDelete('text');
      });
    });

    describe('kv', () => {
      test('get/set/delete, expiry, setIfAbsent exclusivity, incr', async () => {
        // Long enough that a loaded machine does not expire keys mid-test; correctness, not timing.
        const TTL = 250;
        await state.kvSet('k1', 'v1');
        assert.equal(await state.kvGet('k1'), 'v1');
        await state.kvDelete('k1');
        assert.equal(await state.kvGet('k1'), undefined);

        await state.kvSet('short', 'x', TTL);
        const other = await factory.peer(state);
        // Two handles (two processes) race for one lock: exactly one wins.
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : state).kvSetIfAbsent('lock', `owner${i}`, TTL)));
        if (other !== state) await other.close();
        assert.equal(results.filter(Boolean).length, 1);
        assert.equal(await state.kvGet('lock'), `owner${results.indexOf(true)}`);
        assert.equal(await state.kvIncr('ctr', TTL), 1);
        assert.equal(await state.kvIncr('ctr', TTL), 2);
        assert.equal(await state.kvGet('ctr'), '2');
        await sleep(TTL * 2.5);
        assert.equal(await state.kvGet('short'), undefined);
        assert.equal(await state.kvGet('lock'), undefined);
        assert.equal(await state.kvSetIfAbsent('lock', 'again', 1000), true);
        assert.equal(await state.kvIncr('ctr', 1000), 1);
        await state.kvDelete('lock');
        await state.kvDelete('ctr');
      });
    });
  });
}
