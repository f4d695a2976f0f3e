/**
 * The score_submission consumer on RabbitMQ (own queue names): a message in s9-submit's shape is
 * analysed and flagged; a malformed one is dead-lettered without retries.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AmqpQueueBroker } from '../../adapters/queue/amqp/amqp-queue-broker.js';
import { openSqlite } from '../../adapters/storage/sqlite/open-sqlite.js';
import { migrate } from '../../adapters/storage/migrations/migrator.js';
import type { KyselyStorage } from '../../adapters/storage/kysely-storage.js';
import { createKyselyCheatStore } from '../../adapters/cheat/kysely-cheat-store.js';
import { AMQP_URL, uniqueName } from '../../test/support/services.js';
import { createLogger } from '../../log.js';
import { NORMAL_USER } from '../../domain/privileges.js';
import { replayKey } from '../../ports/blob-store.js';
import type { Consumer } from '../../ports/queue.js';
import { readOsr } from '../../../protocol/replay/index.js';
import { replayBytes } from '../../../protocol/replay/test/fixtures.js';
import { analyzeForCheatSafe } from '../../../compute/cheat/task.js';
import { startCheatConsumer } from '../consumer.js';
import { SCORE_SUBMISSION_QUEUE } from '../submission-message.js';

const MAP = 'da8aae79c8f3306b5d65ec951874a7fb';
let dir = '';
let storage: KyselyStorage;
let broker: AmqpQueueBroker;
let consumer: Consumer | undefined;
const prefix = `${uniqueName('hcheat')}_`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hayate-cheat-consumer-'));
  storage = openSqlite(join(dir, 'hayate.db'));
  await migrate(storage.db, storage.dialect);
  broker = await AmqpQueueBroker.connect(AMQP_URL, { connectionName: prefix });
});

after(async () => {
  await consumer?.stop();
  await broker.delete(`${prefix}${SCORE_SUBMISSION_QUEUE}`).catch(() => undefined);
  await broker.close();
  await storage.close();
  await rm(dir, { recursive: true, force: true });
});

test('a submission message is analysed and flagged; a malformed one is dead-lettered', async () => {
  const cheat = createKyselyCheatStore(storage.db);
  await cheat.ensureSchema();
  const victim = await storage.users.create({ username: 'victim', email: 'v@x', passwordHash: 'x', privileges: NORMAL_USER });
  const thief = await storage.users.create({ username: 'thief', email: 't@x', passwordHash: 'x', privileges: NORMAL_USER });
  const a = readOsr(replayBytes('cc-stolen-2-1.osr'));
  const b = readOsr(replayBytes('cc-stolen-2-2.osr'));
  const ins = async (userid: number, mods: number): Promise<string> =>
    String((await storage.db.insertInto('scores').values({ beatmap_md5: MAP, userid, mods, time: 1_760_000_000, completed: 3, pp: 50 }).executeTakeFirst()).insertId);
  const blobs = new Map<string, Uint8Array>();
  const v = await ins(victim, a.header.mods);
  blobs.set(replayKey(BigInt(v)), a.frames);
  const t = await ins(thief, b.header.mods);
  blobs.set(replayKey(BigInt(t)), b.frames);
  const reports: string[] = [];
  consumer = await startCheatConsumer(broker, {
    cheat, clock: { now: () => 1_760_000_100_000 },
    analyze: async (req) => analyzeForCheatSafe(req),
    getReplay: async (k) => blobs.get(k), getBeatmap: async () => undefined,
    findUser: (id) => storage.users.findById(id), playcount: async () => 1000,
    restrict: async () => undefined, report: async (x) => { reports.push(x); },
  }, createLogger('silent'), { prefix });
  const queue = `${prefix}${SCORE_SUBMISSION_QUEUE}`;
  await broker.publish(queue, Buffer.from(JSON.stringify({ scoreId: t, userId: thief, mode: 0, modeValue: 0, relax: 0, beatmapMd5: MAP, token: null, fields: {}, replayKey: replayKey(BigInt(t)) })), { kind: 'score_submission' });
  await broker.publish(queue, Buffer.from('{"scoreId":'), { kind: 'score_submission' });
  let flags = await cheat.activeFlags(thief, 0);
  for (let i = 0; i < 200 && flags.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    flags = await cheat.activeFlags(thief, 0);
  }
  assert.equal(flags.length, 1);
  assert.equal(flags[0]!.scoreId, t);
  assert.match(flags[0]!.explanation, /similarity 5\.92/);
  assert.equal((await cheat.getLevel(thief))?.level, 1);
  let dead = await broker.takeDeadLetters(queue, 10);
  for (let i = 0; i < 100 && dead.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    dead = await broker.takeDeadLetters(queue, 10);
  }
  assert.equal(dead.length, 1);
  assert.equal(dead[0]!.attempts, 1);
});
