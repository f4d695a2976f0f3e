/**
 * The two relays on the spectating/multiplayer hot path, measured side by side in one run against
 * the in-process state (one host, 16 spectators; a match of 8 players):
 *
 * - 18 → 15 spectator frames: Hayate's byte-exact relay (the request's payload bytes copied behind a
 *   new header, one publish) vs decoding the bundle and re-encoding it (what rs does).
 * - 47 → 48 score frames: Hayate's relay (match read, payload copied, byte 4 patched) vs decode,
 *   set the slot, re-encode.
 *
 * ops/s = relayed packets per second (each fanned out to every member); queues are drained after
 * every op in both contenders alike.
 *
 *   node dist/bench/multiplayer-relay.bench.js
 */
import Benchmark from 'benchmark';
import { readClientPackets } from '../protocol/bancho/reader.js';
import { encodeClient, encodeServer } from '../protocol/bancho/writer.js';
import { SlotStatus } from '../protocol/bancho/types.js';
import type { ReplayFrameBundle, ScoreFrame } from '../protocol/bancho/types.js';
import { MemoryLiveState } from '../server/adapters/state/memory/memory-state.js';
import { Streams } from '../server/ports/state.js';
import type { Session } from '../server/ports/state.js';
import { relayFrames } from '../server/bancho/spectate/spectator-group.js';
import { relayScoreFrame } from '../server/bancho/multiplayer/game-actions.js';
import { emptySlot } from '../server/bancho/multiplayer/match-state.js';
import { createLogger } from '../server/log.js';
import { systemClock } from '../server/ports/clock.js';
import type { BanchoDeps } from '../server/bancho/context.js';
import { deferred } from './support/deferred.js';
import { makeSession } from '../server/ports/state.contract.js';

const SPECTATORS = 16;
const PLAYERS = 8;

const session = (token: string, userId: number): Session => makeSession(userId, { token });

const scoreFrame: ScoreFrame = {
  time: 12345,
  slotId: 0,
  count300: 300,
  count100: 20,
  count50: 3,
  countGeki: 50,
  countKatu: 10,
  countMiss: 2,
  totalScore: 1234567,
  maxCombo: 400,
  currentCombo: 120,
  perfect: false,
  currentHp: 200,
  tagByte: 0,
  scoreV2: false,
};
const bundle: ReplayFrameBundle = {
  extra: 0,
  frames: Array.from({ length: 30 }, (_, i) => ({ buttonState: i % 3, taikoByte: 0, x: 100 + i, y: 200 - i, time: 1000 + i * 16 })),
  action: 0,
  scoreFrame,
  sequence: 1,
};

const state = new MemoryLiveState();
const deps = { state, log: createLogger('silent'), clock: systemClock } as unknown as BanchoDeps;

const host = session('host', 1);
await state.createSession(host);
const spectatorTokens: string[] = [];
for (let i = 0; i < SPECTATORS; i++) {
  const s = session(`spec${i}`, 100 + i);
  await state.createSession(s);
  await state.subscribe(s.token, Streams.spectators(host.token));
  spectatorTokens.push(s.token);
}
const players: Session[] = [];
for (let i = 0; i < PLAYERS; i++) {
  const p = session(`player${i}`, 200 + i);
  await state.createSession(p);
  players.push(p);
}
const slots = Array.from({ length: 16 }, (_, i) =>
  i < PLAYERS ? { ...emptySlot(SlotStatus.Playing), userId: players[i]!.userId, token: players[i]!.token } : emptySlot(),
);
const match = await state.createMatch({
  dbId: 1,
  name: 'bench',
  password: null,
  privateHistory: false,
  inProgress: true,
  mods: 0,
  beatmapName: 'x',
  beatmapId: 1,
  beatmapMd5: 'a'.repeat(32),
  previousBeatmapId: 1,
  hostId: players[0]!.userId,
  mode: 0,
  winCondition: 0,
  teamType: 0,
  freemod: false,
  seed: 0,
  slots,
  refereeIds: [],
  currentGameId: 1,
  createdAt: 0,
});
for (const p of players) {
  p.matchId = match.id;
  await state.updateSession(p.token, { matchId: match.id });
  await state.subscribe(p.token, Streams.match(match.id));
}
const sender = players[PLAYERS - 1]!;

const framesBody = encodeClient.SPECTATE_FRAMES(bundle);
const scoreBody = encodeClient.MATCH_SCORE_UPDATE(scoreFrame);
const framesPayload = framesBody.subarray(7);
const scorePayload = scoreBody.subarray(7);

async function drainAll(tokens: readonly string[]): Promise<void> {
  for (const t of tokens) await state.drain(t);
}

/** Relays per op: amortises the deferred-benchmark overhead; queues are drained once per op. */
const BATCH = 200;

async function framesByteExact(): Promise<void> {
  for (let i = 0; i < BATCH; i++) await relayFrames(deps, host, framesPayload);
  await drainAll(spectatorTokens);
}

async function framesReencoded(): Promise<void> {
  for (let i = 0; i < BATCH; i++) {
    const packet = readClientPackets(framesBody).packets[0]!;
    if (packet.name !== 'SPECTATE_FRAMES') throw new Error('decode failed');
    await state.publish(Streams.spectators(host.token), encodeServer.SPECTATE_FRAMES(packet.data));
  }
  await drainAll(spectatorTokens);
}

const playerTokens = players.map((p) => p.token);

async function scoreRelayed(): Promise<void> {
  for (let i = 0; i < BATCH; i++) await relayScoreFrame(deps, sender, scorePayload);
  await drainAll(playerTokens);
}

async function scoreReencoded(): Promise<void> {
  for (let i = 0; i < BATCH; i++) {
    const packet = readClientPackets(scoreBody).packets[0]!;
    if (packet.name !== 'MATCH_SCORE_UPDATE') throw new Error('decode failed');
    const m = await state.getMatch(match.id);
    const slotId = m!.slots.findIndex((s) => s.token === sender.token);
    await state.publish(Streams.match(match.id), encodeServer.MATCH_SCORE_UPDATE({ ...packet.data, slotId }));
  }
  await drainAll(playerTokens);
}

function run(title: string, a: [string, () => Promise<void>], b: [string, () => Promise<void>]): Promise<void> {
  return new Promise((resolve) => {
    const hz = new Map<string, number>();
    const suite = new Benchmark.Suite();
    for (const [name, fn] of [a, b]) {
      suite.add(name, deferred(fn, { minSamples: 10, maxTime: 2 }));
    }
    console.log(title);
    suite
      .on('cycle', (e: Benchmark.Event) => {
        const t = e.target as unknown as Benchmark;
        hz.set(String(t.name), (t.hz ?? 0) * BATCH);
        console.log(`  ${String(t.name).padEnd(44)} ${((t.hz ?? 0) * BATCH).toFixed(0).padStart(9)} relays/s  ±${(t.stats?.rme ?? 0).toFixed(1)}%`);
      })
      .on('complete', () => {
        console.log(`  => ${a[0]} / ${b[0]}: ${(hz.get(a[0])! / hz.get(b[0])!).toFixed(2)}x`);
        resolve();
      })
      .run({ async: true });
  });
}

console.log(`multiplayer-relay bench: ${SPECTATORS} spectators, ${PLAYERS} players, ${bundle.frames.length} frames per bundle`);
await run(
  '18 → 15 spectator frames:',
  ['byte-exact relay (Hayate)', framesByteExact],
  ['decode + re-encode (rs style)', framesReencoded],
);
await run('47 → 48 score frames:', ['payload copy + slot patch (Hayate)', scoreRelayed], ['decode + re-encode', scoreReencoded]);
await state.close();
