/**
 * LiveState hot paths, memory vs Redis adapter side by side in one run (needs Redis on REDIS_URL,
 * default redis://127.0.0.1:6379; keys go under a unique prefix and are deleted at the end):
 *   1. fan-out cycle: publish one 120-byte packet to a 200-member stream, then every member drains
 *      (= one broadcast plus the 200 polls that deliver it). ops/s = cycles/s.
 *   2. idle poll: touchSession + drain of an empty queue (what most requests are).
 *   3. queue design check (raw Redis, README.md): the same fan-out cycle with rs-style Redis
 *      streams (one XADD, each poll XREADs its 4 subscribed streams from stored offsets; no
 *      read-time filter decoding, which favours streams) against the per-session lists the
 *      adapter uses; Benchmark.js figures plus an interleaved A/B ratio robust to machine load.
 *
 *   node dist/bench/state.bench.js
 */
import { Redis } from 'ioredis';
import type { LiveState } from '../server/ports/state.js';
import { MemoryLiveState } from '../server/adapters/state/memory/memory-state.js';
import { RedisLiveState } from '../server/adapters/state/redis/redis-state.js';
import { makeSession } from '../server/ports/state.contract.js';
import { runSuite } from './support/deferred.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MEMBERS = 200;
const PREFIX = `hayate_bench_${process.pid}:`;
const packet = Buffer.alloc(120, 7);

const run = (name: string, contenders: Record<string, () => Promise<unknown>>) =>
  runSuite(name, contenders, { minSamples: 10, maxTime: 2 });

async function populate(state: LiveState): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const s = makeSession(1000 + i);
    await state.createSession(s);
    await state.subscribe(s.token, 'main');
    tokens.push(s.token);
  }
  return tokens;
}

function fanOutCycle(state: LiveState, tokens: string[]) {
  return async (): Promise<void> => {
    await state.publish('main', packet);
    await Promise.all(tokens.map((t) => state.drain(t)));
  };
}

/** The rs design, minimally: one stream per fan-out target, per-session offsets hash. */
const XPOLL = `
local P, token = ARGV[1], ARGV[2]
local okey = P .. 'xoff:' .. token
local offs = redis.call('HGETALL', okey)
local out = {}
for i = 1, #offs, 2 do
  local res = redis.call('XREAD', 'STREAMS', P .. 'xs:' .. offs[i], offs[i + 1])
  if res then
    local entries = res[1][2]
    for _, e in ipairs(entries) do out[#out + 1] = e[2][2] end
    redis.call('HSET', okey, offs[i], entries[#entries][1])
  end
end
return table.concat(out)
`;

async function main(): Promise<void> {
  const memory = new MemoryLiveState();
  const redis = new RedisLiveState({ url: REDIS_URL, keyPrefix: PREFIX });
  await redis.ready();
  const admin = new Redis(REDIS_URL);
  try {
    const memTokens = await populate(memory);
    const redisTokens = await populate(redis);
    const results: string[] = [];
    // Warm-up (JIT, Redis allocations, script cache) so the first contender is not penalised.
    for (let i = 0; i < 50; i++) {
      await fanOutCycle(memory, memTokens)();
      await fanOutCycle(redis, redisTokens)();
    }

    const fan = await run('fan-out 200 + drain', {
      memory: fanOutCycle(memory, memTokens),
      redis: fanOutCycle(redis, redisTokens),
    });
    results.push(`fan-out cycle (publish to ${MEMBERS} + ${MEMBERS} drains): memory ${fan.memory!.toFixed(0)}/s, redis ${fan.redis!.toFixed(0)}/s, memory/redis ${(fan.memory! / fan.redis!).toFixed(1)}×`);

    const t0 = memTokens[0]!;
    const r0 = redisTokens[0]!;
    let now = Date.now();
    const idle = await run('idle poll', {
      memory: async () => {
        await memory.touchSession(t0, ++now);
        await memory.drain(t0);
      },
      redis: async () => {
        await redis.touchSession(r0, ++now);
        await redis.drain(r0);
      },
    });
    results.push(`idle poll (touchSession + drain): memory ${idle.memory!.toFixed(0)}/s, redis ${idle.redis!.toFixed(0)}/s (sequential, one client)`);

    // Queue design check: streams with offsets (4 subscribed streams per session, like main +
    // own inbox + #osu + #announce) against the adapter's lists.
    admin.defineCommand('xpoll', { lua: XPOLL, numberOfKeys: 0 });
    const xpoll = (admin as unknown as { xpollBuffer(...a: string[]): Promise<Buffer> }).xpollBuffer.bind(admin);
    const xs = (name: string): string => `${PREFIX}xs:${name}`;
    await admin.xadd(xs('main'), 'MAXLEN', '~', '1000', '*', 'd', 'x');
    for (let i = 0; i < MEMBERS; i++) {
      // A typical player: main, own inbox, #osu, #announce.
      await admin.hset(`${PREFIX}xoff:s${i}`, 'main', '0-0', `user:s${i}`, '0-0', 'channel:#osu', '0-0', 'channel:#announce', '0-0');
    }
    await Promise.all(Array.from({ length: MEMBERS }, (_, i) => xpoll(PREFIX, `s${i}`)));
    const design = await run('queue design', {
      'lists (adapter)': fanOutCycle(redis, redisTokens),
      'streams+offsets': async () => {
        await admin.xaddBuffer(xs('main'), 'MAXLEN', '~', '1000', '*', 'd', packet);
        await Promise.all(Array.from({ length: MEMBERS }, (_, i) => xpoll(PREFIX, `s${i}`)));
      },
      'lists idle poll ×200': async () => {
        await Promise.all(redisTokens.map((t) => redis.drain(t)));
      },
      'streams idle poll ×200': async () => {
        await Promise.all(Array.from({ length: MEMBERS }, (_, i) => xpoll(PREFIX, `s${i}`)));
      },
    });
    // Benchmark.js measures contenders one after another, so load changes on a shared machine
    // skew the ratio; alternating them cycle by cycle gives a ratio both sides paid equally for.
    const interleaved = async (a: () => Promise<unknown>, b: () => Promise<unknown>, rounds: number): Promise<number> => {
      let ta = 0n;
      let tb = 0n;
      for (let i = 0; i < rounds; i++) {
        const t0 = process.hrtime.bigint();
        await a();
        const t1 = process.hrtime.bigint();
        await b();
        ta += t1 - t0;
        tb += process.hrtime.bigint() - t1;
      }
      return Number(tb) / Number(ta);
    };
    const fanRatio = await interleaved(
      fanOutCycle(redis, redisTokens),
      async () => {
        await admin.xaddBuffer(xs('main'), 'MAXLEN', '~', '1000', '*', 'd', packet);
        await Promise.all(Array.from({ length: MEMBERS }, (_, i) => xpoll(PREFIX, `s${i}`)));
      },
      300,
    );
    const idleRatio = await interleaved(
      async () => Promise.all(redisTokens.map((t) => redis.drain(t))),
      async () => Promise.all(Array.from({ length: MEMBERS }, (_, i) => xpoll(PREFIX, `s${i}`))),
      300,
    );
    results.push(`queue design, interleaved 300 rounds: streams take ${fanRatio.toFixed(2)}× the time of lists per fan-out cycle, ${idleRatio.toFixed(2)}× per 200 idle polls`);
    results.push(
      `queue design, fan-out cycle: lists ${design['lists (adapter)']!.toFixed(0)}/s vs streams ${design['streams+offsets']!.toFixed(0)}/s; ` +
        `200 idle drains: lists ${design['lists idle poll ×200']!.toFixed(0)}/s vs streams ${design['streams idle poll ×200']!.toFixed(0)}/s`,
    );

    console.log('\nstate.bench results');
    for (const r of results) console.log(`  ${r}`);
  } finally {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await admin.del(...keys);
    } while (cursor !== '0');
    admin.disconnect();
    await redis.close();
    await memory.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
