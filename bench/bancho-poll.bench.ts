/**
 * The bancho poll in-process (no HTTP): `handlePoll` over the embedded backends with 200 players
 * logged in, side by side with its floor (a bare queue drain). ops/s are polls/s.
 *   - drain only            the state call every poll ends with (the floor)
 *   - idle poll (PING)      what most requests are
 *   - CHANGE_ACTION         a status change broadcast to 200 players
 *   - public message        one line to #osu (200 members): SQLite insert + one shared Buffer fan-out
 * The HTTP side (uWS vs Hayate) is measured by the load generator, bench/bancho-load.ts.
 *
 *   node dist/bench/bancho-poll.bench.js
 */
import Benchmark from 'benchmark';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeClient } from '../protocol/bancho/writer.js';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/main.js';
import { handleLogin } from '../server/bancho/login/login.js';
import { handlePoll } from '../server/bancho/poll.js';
import { NORMAL_USER, Privileges } from '../server/domain/privileges.js';
import { cheapHasher } from '../server/test/support/start-test-server.js';
import { loginBody, md5 } from '../server/test/support/bancho-client.js';
import { deferred } from './support/deferred.js';

const PLAYERS = 200;

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-poll-bench-'));
  const server = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error' }), { passwords: cheapHasher, idleSweepMs: 0 });
  const deps = server.deps;
  const hash = await cheapHasher.hash(md5('bench'));
  const tokens: string[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    const name = `pollbench${i}`;
    // Chat moderators are exempt from the auto-silence, which would otherwise stop the chat case.
    await deps.storage.users.create({ username: name, email: `${name}@b.test`, passwordHash: hash, privileges: NORMAL_USER | Privileges.AdminChatMod, country: 'JP' });
    const answer = await handleLogin(deps, Buffer.from(loginBody(name, 'bench')), '127.0.0.1');
    tokens.push(answer.token);
  }
  for (const t of tokens) await deps.state.drain(t);
  const me = tokens[0]!;
  const ping = encodeClient.PING();
  const actions = [0, 2].map((action) => encodeClient.CHANGE_ACTION({ action, infoText: 'Bench - Map', beatmapMd5: 'e'.repeat(32), mods: 0, mode: 0, beatmapId: 1 }));
  const chat = encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'bench line', recipient: '#osu', senderId: 0 });
  let n = 0;
  // Everyone else's queue would grow without bound: drain them between cycles (not measured).
  let closed = false;
  const drainOthers = async (): Promise<void> => {
    for (let i = 1; i < tokens.length && !closed; i++) await deps.state.drain(tokens[i]!);
  };

  const suite = new Benchmark.Suite('bancho poll');
  const add = (name: string, fn: () => Promise<unknown>): void => {
    suite.add(name, { ...deferred(fn), onCycle: drainOthers });
  };
  add('drain only (floor)', () => deps.state.drain(me));
  add('idle poll (PING)', () => handlePoll(deps, me, ping));
  add('CHANGE_ACTION → 200 players', () => handlePoll(deps, me, actions[n++ % 2]!));
  add('public message → 200 members', () => handlePoll(deps, me, chat));

  const results: Array<{ name: string; hz: number }> = [];
  await new Promise<void>((resolve) => {
    suite
      .on('cycle', (e: Benchmark.Event) => {
        const b = e.target as unknown as { name: string; hz: number };
        results.push({ name: b.name, hz: b.hz });
        console.log(String(e.target));
      })
      .on('complete', () => resolve())
      .run({ async: true });
  });
  const floor = results[0]!.hz;
  console.log('\nrelative to the drain floor:');
  for (const r of results.slice(1)) console.log(`  ${r.name.padEnd(30)} ${(floor / r.hz).toFixed(2)}× the cost (${(1e6 / r.hz).toFixed(1)} µs/poll)`);
  closed = true;
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
