/**
 * Bancho load generator (issue 4's bench; not a unit bench): starts the server under test as a child
 * process, logs in N simulated players over HTTP, and has them poll, chat and change status in a
 * closed loop. Reports requests/s, p50/p99 latency, the server's CPU-µs per request (utime+stime of
 * the child from /proc/<pid>/stat) and, for chat, messages delivered per second. Runs the bare
 * uWebSockets.js handler (the ceiling), a bare node:http handler, Hayate embedded and Hayate with
 * Redis side by side.
 *
 *   node dist/bench/bancho-load.js [--users 200] [--seconds 5] [--rounds 3]
 *                                  [--modes bare,bare-http,embedded,redis[,redis-nohold]]
 *                                  [--phases idle,status,chat] [--chat-every 2] [--rates 20000,50000]
 *
 * All servers run at once (idle ones cost nothing); the idle phase runs `--rounds` times, the
 * modes interleaved in a rotating order, and the ratio to the bare uWS handler is computed per
 * round and reported as the median [min–max], so a burst of load from elsewhere on the machine
 * moves one round, not one contender. The other phases run once per mode afterwards.
 *
 * `--rates` adds open-loop phases (idle polls at a fixed total rate, spread evenly over the
 * players, latency measured from the moment each request was *due*, so a stalled server is not
 * hidden by the generator waiting for it): the tail at equal offered load, also interleaved in
 * rounds.
 *
 * When `taskset` exists the servers are pinned to CPU 0 and this generator to the others, so the
 * two do not fight over one core. In Redis mode the Redis server's own CPU is not included.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeClient } from '../protocol/bancho/writer.js';
import { loginBody } from '../server/test/support/bancho-client.js';
import { BENCH_PASSWORD, benchUserName } from './bancho-load-server.js';

type Mode = 'bare' | 'bare-http' | 'embedded' | 'redis' | 'redis-nohold';
const BARE_MODES: readonly Mode[] = ['bare', 'bare-http'];
type Phase = 'idle' | 'chat' | 'status';

export interface Options {
  users: number;
  seconds: number;
  modes: Mode[];
  chatEvery: number;
  phases: Phase[];
  rounds: number;
  /** Offered loads (idle polls/s) for the open-loop phases; empty: none. */
  rates: number[];
}

export const DEFAULT_OPTIONS: Options = {
  users: 200,
  seconds: 5,
  modes: ['bare', 'bare-http', 'embedded', 'redis'],
  chatEvery: 2,
  phases: ['idle', 'status', 'chat'],
  rounds: 3,
  rates: [],
};

/** One figure of a run, for bench/results/*.json and bench/compare. */
export interface Metric {
  name: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  better: 'lower' | 'higher';
}

function metric(name: string, unit: string, values: readonly number[], better: 'lower' | 'higher'): Metric {
  return { name, unit, median: median(values), min: Math.min(...values), max: Math.max(...values), better };
}

function parseArgs(): Options & { json: string | undefined } {
  const args = process.argv.slice(2);
  const get = (name: string, fallback: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
  };
  return {
    users: Math.max(2, Number(get('users', '200'))),
    seconds: Math.min(60, Math.max(1, Number(get('seconds', '5')))),
    modes: get('modes', 'bare,bare-http,embedded,redis').split(',') as Mode[],
    rounds: Math.min(20, Math.max(1, Number(get('rounds', '3')))),
    rates: get('rates', '')
      .split(',')
      .filter(Boolean)
      .map(Number)
      .filter((r) => r > 0),
    chatEvery: Math.max(1, Number(get('chat-every', '2'))),
    phases: get('phases', 'idle,status,chat').split(',') as Phase[],
    // `--json <file>`, or `--json` alone: bench/results/<date>-bancho-load.json.
    json: args.includes('--json') ? ((v: string) => (v.startsWith('--') ? 'auto' : v))(get('json', 'auto')) : undefined,
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const hasTaskset = ((): boolean => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return os.cpus().length >= 2;
  } catch {
    return false;
  }
})();
const CLK_TCK = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in microseconds. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3, utime field 14, stime field 15 (1-based).
  return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1e6;
}

async function startChild(mode: Mode, users: number): Promise<{ child: ChildProcess; port: number }> {
  const script = path.join(here, 'bancho-load-server.js');
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the server under load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const argv = hasTaskset ? ['-c', '0', process.execPath, ...nodeArgs, script, mode, String(users)] : [...nodeArgs, script, mode, String(users)];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\{.*\})/.exec(out);
      if (m) resolve((JSON.parse(m[1]!) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)));
  });
  return { child, port };
}

async function stopChild(child: ChildProcess): Promise<void> {
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await done;
}

/** The pid whose CPU we measure: the node process itself, not the taskset wrapper (exec'd in place). */
const serverPid = (child: ChildProcess): number => child.pid!;

function post(agent: http.Agent, port: number, headers: Record<string, string>, body: Uint8Array): Promise<{ token: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', agent, headers: { 'User-Agent': 'osu!', 'Content-Length': String(body.length), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ token: res.headers['cho-token'] as string | undefined, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A minimal keep-alive HTTP/1.1 client over one socket: prebuilt request bytes, a response parser
 * that only reads Content-Length. node:http costs the generator ~50 µs per request, which made the
 * generator (not the server) the bottleneck; this costs a few µs.
 */
class RawConnection {
  private readonly socket: net.Socket;
  private buf: Buffer = Buffer.alloc(0);
  private waiting: ((body: Buffer) => void) | null = null;
  private failed: ((err: Error) => void) | null = null;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.parse();
    });
    this.socket.on('error', (err) => this.failed?.(err));
  }

  static requestBytes(token: string, body: Uint8Array): Buffer {
    const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: osu!\r\nosu-token: ${token}\r\nContent-Length: ${body.length}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head), body]);
  }

  request(bytes: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
      this.socket.write(bytes);
    });
  }

  private parse(): void {
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    const m = /content-length: *(\d+)/i.exec(head);
    const length = m ? Number(m[1]) : 0;
    if (this.buf.length < end + 4 + length) return;
    const body = this.buf.subarray(end + 4, end + 4 + length);
    this.buf = this.buf.subarray(end + 4 + length);
    const done = this.waiting;
    this.waiting = null;
    done?.(body);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Counts SEND_MESSAGE (7) packets by walking headers (no decoding). */
function countMessages(body: Buffer): number {
  let n = 0;
  for (let off = 0; off + 7 <= body.length; ) {
    if (body.readUInt16LE(off) === 7) n++;
    off += 7 + body.readUInt32LE(off + 3);
  }
  return n;
}

interface PhaseResult {
  mode: Mode;
  phase: Phase;
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
  delivered: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function runPhase(mode: Mode, phase: Phase, port: number, pid: number, tokens: string[], opts: Options): Promise<PhaseResult> {
  const ping = encodeClient.PING();
  const latencies: number[] = [];
  let delivered = 0;
  let stop = false;
  const statuses = [0, 2, 5, 1].map((action) =>
    encodeClient.CHANGE_ACTION({ action, infoText: 'Bench - Map [Insane]', beatmapMd5: 'e'.repeat(32), mods: 0, mode: 0, beatmapId: 1 }),
  );
  const chatLine = encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'bench message', recipient: '#osu', senderId: 0 });
  // Warm-up is the login itself; measurement starts now.
  const cpu0 = cpuMicros(pid);
  const t0 = process.hrtime.bigint();
  const conns = tokens.map(() => new RawConnection(port));
  const loops = tokens.map(async (token, i) => {
    const conn = conns[i]!;
    const pingReq = RawConnection.requestBytes(token, ping);
    const chatReq = RawConnection.requestBytes(token, chatLine);
    const statusReqs = statuses.map((b) => RawConnection.requestBytes(token, b));
    let n = i;
    while (!stop) {
      n++;
      let req = pingReq;
      if (phase === 'chat' && n % opts.chatEvery === 0) req = chatReq;
      else if (phase === 'status' && n % 10 === 0) req = statusReqs[(n / 10) % statusReqs.length]!;
      const start = process.hrtime.bigint();
      const body = await conn.request(req);
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (phase === 'chat') delivered += countMessages(body);
    }
  });
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  stop = true;
  await Promise.all(loops);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = cpuMicros(pid) - cpu0;
  for (const c of conns) c.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    mode,
    phase,
    requests: latencies.length,
    seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    cpuPerRequest: cpu / latencies.length,
    delivered,
  };
}

interface PacedResult {
  mode: Mode;
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  p999: number;
  cpuPerRequest: number;
}

/** Idle polls at `rate` per second in total, each player on its own schedule (open loop). */
async function runPaced(mode: Mode, port: number, pid: number, tokens: string[], rate: number, seconds: number): Promise<PacedResult> {
  const ping = encodeClient.PING();
  const interval = (tokens.length / rate) * 1000; // ms between one player's polls
  const latencies: number[] = [];
  const conns = tokens.map(() => new RawConnection(port));
  await new Promise((r) => setTimeout(r, 50)); // connections established before the clock starts
  const cpu0 = cpuMicros(pid);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const loops = tokens.map(async (token, i) => {
    const conn = conns[i]!;
    const req = RawConnection.requestBytes(token, ping);
    // Stagger the players evenly over one interval.
    for (let due = t0 + (interval * i) / tokens.length; due < end; due += interval) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await conn.request(req);
      latencies.push(performance.now() - due);
    }
  });
  await Promise.all(loops);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = cpuMicros(pid) - cpu0;
  for (const c of conns) c.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    mode,
    rate,
    achieved: latencies.length / elapsed,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    p999: percentile(sorted, 0.999),
    cpuPerRequest: cpu / latencies.length,
  };
}

async function loginAll(port: number, users: number): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const tokens: string[] = new Array(users);
  let next = 1;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next <= users) {
        const i = next++;
        // A client retries a failed login; so does the bench (concurrent logins can hit a database
        // deadlock in the hardware log on MariaDB, reported as a login error by the server).
        let token: string | undefined;
        for (let attempt = 0; attempt < 5 && (!token || token === 'no'); attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * attempt));
          token = (await post(agent, port, {}, Buffer.from(loginBody(benchUserName(i), BENCH_PASSWORD)))).token;
        }
        if (!token || token === 'no') throw new Error(`login of ${benchUserName(i)} failed 5 times`);
        tokens[i - 1] = token;
        // Drain the login noise (everyone's presence) once.
      }
    }),
  );
  for (const t of tokens) await post(agent, port, { 'osu-token': t }, Buffer.alloc(0));
  agent.destroy();
  return tokens;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function printPhase(r: PhaseResult, note = ''): void {
  console.log(
    `${r.mode.padEnd(12)} ${r.phase.padEnd(7)} ${(r.requests / r.seconds).toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  server ${r.cpuPerRequest.toFixed(1).padStart(6)} CPU-µs/req` +
      (r.phase === 'chat' ? `  ${(r.delivered / r.seconds).toFixed(0)} messages delivered/s` : '') +
      note,
  );
}

interface Running {
  mode: Mode;
  child: ChildProcess;
  port: number;
  tokens: string[];
}

/** Runs the whole comparison, printing as it goes; returns every figure. */
export async function runBanchoLoad(opts: Options): Promise<Metric[]> {
  const metrics: Metric[] = [];
  if (hasTaskset) {
    const others = os.cpus().map((_, i) => i).filter((i) => i !== 0).join(',');
    execFileSync('taskset', ['-p', '-c', others, String(process.pid)], { stdio: 'ignore' });
  }
  console.log(
    `bancho load: ${opts.users} players, ${opts.seconds} s per phase, ${opts.rounds} interleaved idle rounds, chat every ${opts.chatEvery}th request, modes ${opts.modes.join(', ')}${hasTaskset ? ', servers pinned to CPU 0' : ''}`,
  );
  const running: Running[] = [];
  try {
    for (const mode of opts.modes) {
      const { child, port } = await startChild(mode, opts.users);
      const r: Running = { mode, child, port, tokens: [] };
      running.push(r);
      const t0 = process.hrtime.bigint();
      r.tokens = BARE_MODES.includes(mode) ? Array.from({ length: opts.users }, (_, i) => `token-${i}`) : await loginAll(port, opts.users);
      if (!BARE_MODES.includes(mode)) {
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        console.log(`${mode.padEnd(12)} login   ${(opts.users / s).toFixed(0).padStart(7)} logins/s (16 concurrent, incl. draining everyone's login noise once)`);
        metrics.push(metric(`login ${mode}`, 'logins/s', [opts.users / s], 'higher'));
      }
    }
    // Warm-up (not measured): JIT and connection set-up, so round 1 is not the cold one.
    for (const r of running) await runPhase(r.mode, 'idle', r.port, serverPid(r.child), r.tokens, { ...opts, seconds: 1 });
    const idle = new Map<Mode, PhaseResult[]>(running.map((r) => [r.mode, []]));
    if (opts.phases.includes('idle')) {
      for (let round = 0; round < opts.rounds; round++) {
        // Rotate the order so no contender always runs first (or right after the heaviest one).
        for (let k = 0; k < running.length; k++) {
          const r = running[(k + round) % running.length]!;
          const res = await runPhase(r.mode, 'idle', r.port, serverPid(r.child), r.tokens, opts);
          idle.get(r.mode)!.push(res);
          printPhase(res, `  (round ${round + 1})`);
        }
      }
    }
    const paced = new Map<string, PacedResult[]>();
    for (const rate of opts.rates) {
      for (let round = 0; round < opts.rounds; round++) {
        for (let k = 0; k < running.length; k++) {
          const r = running[(k + round) % running.length]!;
          const res = await runPaced(r.mode, r.port, serverPid(r.child), r.tokens, rate, opts.seconds);
          const key = `${rate} ${r.mode}`;
          paced.set(key, [...(paced.get(key) ?? []), res]);
          console.log(
            `${r.mode.padEnd(12)} ${rate}/s offered ${res.achieved.toFixed(0).padStart(7)} served  p50 ${res.p50.toFixed(2).padStart(6)} ms  p99 ${res.p99.toFixed(2).padStart(6)} ms  p99.9 ${res.p999.toFixed(2).padStart(6)} ms  server ${res.cpuPerRequest.toFixed(1).padStart(6)} CPU-µs/req  (round ${round + 1})`,
          );
        }
      }
    }
    const chats: PhaseResult[] = [];
    for (const r of running) {
      if (BARE_MODES.includes(r.mode)) continue;
      for (const phase of opts.phases) {
        if (phase !== 'status' && phase !== 'chat') continue; // idle ran above; `none`: only --rates
        const res = await runPhase(r.mode, phase, r.port, serverPid(r.child), r.tokens, opts);
        printPhase(res);
        if (phase === 'chat') chats.push(res);
        metrics.push(metric(`${phase} ${r.mode}`, 'CPU-µs/req', [res.cpuPerRequest], 'lower'));
      }
    }
    const bare = idle.get('bare');
    if (bare && bare.length > 0) {
      console.log(`\nIdle-poll server CPU per request, ratio to the bare uWS handler in the same round (median [min–max] of ${bare.length}; targets: Redis ≤ 1.5×, embedded ≤ 1.25×):`);
      for (const [mode, results] of idle) {
        const us = results.map((x) => x.cpuPerRequest);
        const ratios = results.map((x, i) => x.cpuPerRequest / bare[i]!.cpuPerRequest);
        const p99 = results.map((x) => x.p99);
        console.log(
          `  ${mode.padEnd(12)} ${median(us).toFixed(1).padStart(6)} µs [${Math.min(...us).toFixed(1)}–${Math.max(...us).toFixed(1)}]  ` +
            `${median(ratios).toFixed(2)}× [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]  p99 ${median(p99).toFixed(1)} ms`,
        );
        metrics.push(metric(`idle ${mode}`, 'CPU-µs/req', us, 'lower'));
        if (mode !== 'bare') metrics.push(metric(`idle ${mode} ÷ bare uWS`, '×', ratios, 'lower'));
      }
    }
    if (paced.size > 0) {
      console.log(`\nOpen-loop idle polls at equal offered load, median of ${opts.rounds} rounds (target: Hayate's p99 below bare node:http's):`);
      for (const [key, results] of paced) {
        const [rate, mode] = key.split(' ');
        const p99 = results.map((x) => x.p99);
        console.log(
          `  ${rate!.padStart(6)}/s ${mode!.padEnd(12)} served ${median(results.map((x) => x.achieved)).toFixed(0).padStart(7)}/s  p50 ${median(results.map((x) => x.p50)).toFixed(2)} ms  ` +
            `p99 ${median(p99).toFixed(2)} ms [${Math.min(...p99).toFixed(2)}–${Math.max(...p99).toFixed(2)}]  p99.9 ${median(results.map((x) => x.p999)).toFixed(2)} ms  ${median(results.map((x) => x.cpuPerRequest)).toFixed(1)} CPU-µs/req`,
        );
        metrics.push(metric(`paced ${rate}/s ${mode} p99`, 'ms', p99, 'lower'));
      }
    }
    if (chats.length > 0) {
      console.log(`\nChat fan-out to ${opts.users} players (target ≥ 450,000 messages delivered/s; Binato: 45,000):`);
      for (const r of chats) {
        console.log(`  ${r.mode.padEnd(12)} ${(r.delivered / r.seconds).toFixed(0)} messages/s (${(r.delivered / r.seconds / 45000).toFixed(1)}× Binato)`);
        metrics.push(metric(`chat ${r.mode} deliveries`, 'messages/s', [r.delivered / r.seconds], 'higher'));
      }
    }
  } finally {
    for (const r of running) await stopChild(r.child);
  }
  return metrics;
}

/** Writes a run as JSON (bench/results/<date>-<name>.json by default); returns the path. */
export function writeResults(name: string, metrics: Metric[], opts: Options, file?: string): string {
  const date = new Date().toISOString();
  const out = file ?? path.join(here, '..', '..', 'bench', 'results', `${date.slice(0, 10)}-${name}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  const doc = { name, date, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', loadavg: os.loadavg() }, options: opts, metrics };
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  return out;
}

async function main(): Promise<void> {
  const { json, ...opts } = parseArgs();
  const metrics = await runBanchoLoad(opts);
  if (json !== undefined) console.log(`\nwritten ${writeResults('bancho-load', metrics, opts, json === 'auto' ? undefined : json)}`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
