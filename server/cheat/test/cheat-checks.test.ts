/**
 * The cheat store on SQLite and MariaDB (contract), and the whole chain end to end on both: a
 * scripted player submits copies of another player's replay, the checks flag each score, the
 * player climbs the levels (watchlist, report, shadow) and is restricted at the configured level;
 * rap_logs and scores.replay_analysis are written; levels never fall when flags are cleared.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openSqlite } from '../../adapters/storage/sqlite/open-sqlite.js';
import { openMysql } from '../../adapters/storage/mysql/open-mysql.js';
import { migrate } from '../../adapters/storage/migrations/migrator.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { createKyselyCheatStore } from '../../adapters/cheat/kysely-cheat-store.js';
import type { CheatStore } from '../../ports/cheat-store.js';
import { createMysqlTestDatabase, type TestDatabase } from '../../test/support/services.js';
import { MemoryEventBus } from '../../adapters/events/memory/memory-events.js';
import { createLogger } from '../../log.js';
import { loadConfig } from '../../config.js';
import { restrictForGate } from '../../moderation/restrict-automatic.js';
import { NORMAL_USER, isPubliclyVisible } from '../../domain/privileges.js';
import { PeppyChannel } from '../../ports/events.js';
import { replayKey } from '../../ports/blob-store.js';
import { readOsr } from '../../../protocol/replay/index.js';
import { replayBytes } from '../../../protocol/replay/test/fixtures.js';
import { analyzeForCheatSafe } from '../../../compute/cheat/task.js';
import { DEFAULT_LEVEL_CONFIG } from '../../../compute/cheat/levels.js';
import { Reason } from '../../../compute/cheat/signals.js';
import { checkSubmittedScore, type CheckDeps } from '../check-score.js';
import { updatePlayerLevel } from '../player-level.js';
import { parseSubmission } from '../submission-message.js';
import { DEFAULT_CHEAT_SETTINGS, type CheatSettings } from '../settings.js';
import { PoisonMessageError } from '../../ports/queue.js';
import type { ScoreSubmittedMessage } from '../../scores/submit-score.js';

interface Backend {
  name: string;
  open(): Promise<KyselyStorage>;
  close(): Promise<void>;
}

function sqliteBackend(): Backend {
  let dir = '';
  return {
    name: 'SQLite',
    async open() {
      dir = await mkdtemp(join(tmpdir(), 'hayate-cheat-'));
      return openSqlite(join(dir, 'hayate.db'));
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function mysqlBackend(): Backend {
  let db: TestDatabase | undefined;
  return {
    name: 'MariaDB',
    async open() {
      db = await createMysqlTestDatabase('hayate_cheat');
      return openMysql(db.url);
    },
    async close() {
      await db?.drop();
    },
  };
}

const MAP = 'c7f9bc1fea826c0f371db08bc5ebc1cc';
const T0 = Date.UTC(2026, 0, 10) / 1000;

/** Levels small enough for a short script: 1 A-flag → 1, 2 → 2, 3 → 3 (shadow), 4 → restricted. */
const SCRIPT_SETTINGS: CheatSettings = {
  ...DEFAULT_CHEAT_SETTINGS,
  levels: {
    ...DEFAULT_LEVEL_CONFIG,
    level1: { A: 1, B: 1, C: 5, D: 30 },
    level2: { A: 2, B: 10, C: 30, priorC: { prior: 2, C: 15 } },
    level3: { A: 3, B: 30, priorB: { prior: 2, B: 10 } },
    level4: { A: 4, ladder: [] },
  },
};

for (const backend of [sqliteBackend(), mysqlBackend()]) {
  describe(`cheat checks on ${backend.name}`, () => {
    let storage: KyselyStorage;
    let store: CheatStore;

    before(async () => {
      storage = await backend.open();
      await migrate(storage.db, storage.dialect);
      store = createKyselyCheatStore(storage.db);
      await store.ensureSchema();
      await store.ensureSchema(); // idempotent
    });

    after(async () => {
      await storage.close();
      await backend.close();
    });

    test('flags: idempotent per (score, relax, check version), window, clearing by reason and by version', async () => {
      const base = { relax: 0, userId: 7, checkVersion: 'v1', probability: 0.9, reasons: Reason.STEAL, flagClass: 'A' as const, explanation: 'x', createdAt: T0 };
      await store.putFlag({ ...base, scoreId: '1' });
      await store.putFlag({ ...base, scoreId: '1', probability: 0.95 });
      await store.putFlag({ ...base, scoreId: '1', relax: 1 });
      await store.putFlag({ ...base, scoreId: '2', reasons: Reason.TIMEWARP, flagClass: 'C', probability: 0.3, createdAt: T0 - 100 * 86400 });
      await store.putFlag({ ...base, scoreId: '3', checkVersion: 'v0', reasons: Reason.SNAPS, flagClass: 'D', probability: 0.1 });
      let flags = await store.activeFlags(7, T0 - 60 * 86400);
      assert.deepEqual(flags.map((f) => [f.scoreId, f.relax, f.checkVersion]), [['1', 0, 'v1'], ['1', 1, 'v1'], ['3', 0, 'v0']]);
      assert.equal(flags[0]!.probability, 0.95);
      assert.equal(await store.clearFlags({ notCheckVersion: 'v1' }, 'fixed snap false positive', T0), 1);
      assert.equal(await store.clearFlags({ reasonBits: Reason.TIMEWARP, userId: 7 }, 'timewarp recalibrated', T0), 1);
      assert.equal(await store.clearFlags({ reasonBits: Reason.TIMEWARP }, 'again', T0), 0);
      flags = await store.activeFlags(7, 0);
      assert.deepEqual(flags.map((f) => f.scoreId), ['1', '1']);
      assert.equal(await store.blacklistFlags(7, 0), 2);
      assert.ok((await store.activeFlags(7, 0)).every((f) => f.blacklisted));
      await store.setLevel({ userId: 7, level: 2, reason: 'r', updatedAt: T0 });
      await store.setLevel({ userId: 7, level: 3, reason: 'r2', updatedAt: T0 + 1 });
      assert.deepEqual(await store.getLevel(7), { userId: 7, level: 3, reason: 'r2', updatedAt: T0 + 1 });
      assert.deepEqual(await store.usersAtLevel(3), [7]);
      assert.equal(await store.getLevel(8), undefined);
    });

    test('a scripted player submitting stolen replays climbs the levels and is restricted', async () => {
      const victim = await storage.users.create({ username: `victim_${backend.name}`, email: 'v@x', passwordHash: 'x', privileges: NORMAL_USER, registerDatetime: T0 - 400 * 86400 });
      const cheater = await storage.users.create({ username: `cheater_${backend.name}`, email: 'c@x', passwordHash: 'x', privileges: NORMAL_USER, registerDatetime: T0 - 2 * 86400 });
      const original = readOsr(replayBytes('cc-stolen_replay1.osr'));
      const stolen = readOsr(replayBytes('cc-stolen_replay2.osr'));
      const blobs = new Map<string, Uint8Array>();
      const insertScore = async (userid: number, mods: number, time: number): Promise<string> => {
        const r = await storage.db.insertInto('scores').values({ beatmap_md5: MAP, userid, mods, time, completed: 3, pp: 100, score: 1000 }).executeTakeFirst();
        return String(r.insertId);
      };
      const victimScore = await insertScore(victim, original.header.mods, T0 - 86400);
      blobs.set(replayKey(BigInt(victimScore)), original.frames);

      const events = new MemoryEventBus();
      const bans: string[] = [];
      events.subscribe(PeppyChannel.ban, (m) => { bans.push(m); });
      const reports: string[] = [];
      let nowMs = T0 * 1000;
      const clock = { now: () => nowMs };
      const log = createLogger('silent');
      const deps: CheckDeps = {
        cheat: store, clock, settings: SCRIPT_SETTINGS,
        analyze: async (req) => analyzeForCheatSafe(req),
        getReplay: async (k) => blobs.get(k),
        getBeatmap: async () => undefined,
        findUser: (id) => storage.users.findById(id),
        playcount: async () => 10,
        restrict: (user, reason) => restrictForGate({ storage, events, clock, log, config: loadConfig({}), alerts: { send: () => {}, close: async () => {} } }, user, reason),
        report: async (text) => { reports.push(text); },
      };

      const levels: number[] = [];
      for (let i = 0; i < 4; i++) {
        nowMs += 3600_000;
        const scoreId = await insertScore(cheater, stolen.header.mods, nowMs / 1000);
        blobs.set(replayKey(BigInt(scoreId)), stolen.frames);
        const body = Buffer.from(JSON.stringify({ scoreId, userId: cheater, mode: 0, modeValue: 0, relax: 0, beatmapMd5: MAP, token: null, fields: {}, replayKey: replayKey(BigInt(scoreId)) }));
        const r = await checkSubmittedScore(deps, parseSubmission(body));
        assert.equal(r.status, 'flagged', JSON.stringify(r));
        if (r.status !== 'flagged') return;
        assert.ok(r.probability > 0.85, `p ${r.probability}`);
        assert.ok(r.reasons.includes('STEAL'));
        levels.push(r.level);
        const analysis = await storage.db.selectFrom('scores').select(['replay_analysis', 'replay_analysis_at']).where('id', '=', Number(scoreId)).executeTakeFirstOrThrow();
        const parsed = JSON.parse(analysis.replay_analysis ?? '{}') as { steal: Array<{ scoreId: string; similarity: number }> };
        assert.equal(parsed.steal[0]!.scoreId, victimScore);
        assert.ok(Math.abs(parsed.steal[0]!.similarity - 2.20867) < 1e-5);
        assert.ok(analysis.replay_analysis_at !== null);
      }
      assert.deepEqual(levels, [1, 2, 3, 4]);
      const user = await storage.users.findById(cheater);
      assert.equal(isPubliclyVisible(user!.privileges), false, 'restricted: no longer publicly visible');
      await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(bans, [String(cheater)]);
      assert.equal(reports.length, 1, 'one moderator report on reaching level 2');
      assert.match(reports[0]!, /Cheat level 2/);
      const logs = await storage.db.selectFrom('rap_logs').select(['text', 'through']).where('userid', '=', cheater).orderBy('id').execute();
      const texts = logs.map((l) => l.text);
      assert.ok(texts.some((t) => /watchlist/.test(t)));
      assert.ok(texts.some((t) => /report sent/.test(t)));
      assert.ok(texts.some((t) => /shadow/.test(t)));
      assert.ok(texts.some((t) => /restriction: 4 flagged score/.test(t)));
      assert.ok(logs.every((l) => l.through === 'Hayate cheat checks'));
      assert.ok((await store.activeFlags(cheater, 0)).every((f) => f.blacklisted));
      // The victim is untouched; clearing the cheater's flags does not lower the level.
      assert.equal(await store.getLevel(victim), undefined);
      assert.equal(await store.clearFlags({ userId: cheater }, 'review', T0), 4);
      const again = await updatePlayerLevel(deps, cheater);
      assert.equal(again.level, 4);
      assert.deepEqual(again.actions, []);
      assert.equal(Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM scores WHERE userid = ${cheater}`.execute(storage.db)).rows[0]!.n), 4, 'nothing deleted');
    });

    test('a missing replay or score is skipped, an undecodable replay is recorded', async () => {
      const user = await storage.users.create({ username: `broken_${backend.name}`, email: 'b@x', passwordHash: 'x', privileges: NORMAL_USER });
      const r = await storage.db.insertInto('scores').values({ beatmap_md5: MAP, userid: user, mods: 0, time: T0, completed: 3 }).executeTakeFirst();
      const scoreId = String(r.insertId);
      const deps = {
        cheat: store, clock: { now: () => T0 * 1000 }, analyze: async (req: Parameters<typeof analyzeForCheatSafe>[0]) => analyzeForCheatSafe(req),
        getReplay: async (k: string) => (k === replayKey(BigInt(scoreId)) ? readOsr(replayBytes('cc-example_replay.osr')).frames.subarray(0, 300) : undefined),
        getBeatmap: async () => undefined, findUser: (id: number) => storage.users.findById(id), playcount: async () => 0,
        restrict: async () => undefined, report: async () => undefined,
      };
      assert.equal((await checkSubmittedScore(deps, { scoreId: '999999', userId: user, relax: 0, beatmapMd5: MAP, replayKey: 'replays/999999.osr' })).status, 'skipped');
      const out = await checkSubmittedScore(deps, { scoreId, userId: user, relax: 0, beatmapMd5: MAP, replayKey: replayKey(BigInt(scoreId)) });
      assert.equal(out.status, 'skipped');
      const row = await storage.db.selectFrom('scores').select('replay_analysis').where('id', '=', Number(scoreId)).executeTakeFirstOrThrow();
      assert.match(row.replay_analysis ?? '', /"error":"(truncated|bad-lzma|bad-frames)"/);
    });
  });
}

test('queue messages: what the submission publishes is accepted, malformed ones are poison', () => {
  // Typed as the submission's own message: a change of its shape breaks this test at compile time.
  const published: ScoreSubmittedMessage = { scoreId: '12', userId: 3, mode: 0, modeValue: 4, relax: 1, beatmapMd5: 'A'.repeat(32), token: null, fields: {}, replayKey: 'replays/12.osr' };
  const ok = parseSubmission(Buffer.from(JSON.stringify(published)));
  assert.deepEqual(ok, { scoreId: '12', userId: 3, relax: 1, beatmapMd5: 'a'.repeat(32), replayKey: 'replays/12.osr' });
  for (const bad of ['nope', '[]', '{}', JSON.stringify({ scoreId: 'x', userId: 1, beatmapMd5: 'a'.repeat(32), replayKey: 'k' }), JSON.stringify({ scoreId: '1', userId: 1, relax: 3, beatmapMd5: 'a'.repeat(32), replayKey: 'k' })]) {
    assert.throws(() => parseSubmission(Buffer.from(bad)), PoisonMessageError, bad);
  }
});
