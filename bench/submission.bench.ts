/**
 * Score submission end to end over real HTTP (multipart → decrypt → gates → pp in the pool →
 * one transaction → boards → chart), on SQLite and on MariaDB + Redis, with a warm beatmap cache
 * (the map's difficulty attributes are computed once during the warm-up). 64 players, 8
 * submissions in flight; every play is a new passed play (a distinct checksum), alternately a
 * new best and a worse play. Submissions are built and encrypted before the clock starts.
 *
 * Prints submissions/s, p50/p99 latency, and the main thread's busy time per submission
 * (event-loop utilisation × wall time ÷ submissions; the pool's threads are not counted). The
 * client is a raw keep-alive socket writing prebuilt request bytes, so its own CPU is a few
 * microseconds per request.
 *
 *   node dist/bench/submission.bench.js   (BENCH_SUBMISSIONS, default 600 per backend)
 */
import { performance } from 'node:perf_hooks';
import { mkdtemp, rm, copyFile, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { ComputePool } from '../compute/pool.js';
import { readOsuMetadata, songName } from '../compute/maps/read-osu-metadata.js';
import { NORMAL_USER } from '../server/domain/privileges.js';
import { cheapHasher, startTestServer, type TestServer } from '../server/test/support/start-test-server.js';
import { buildSubmission, hardwareOf, loginHashes, md5, type BuiltSubmission } from '../server/web/submission/test/submission-client.js';

const MAP_FILE = fileURLToPath(new URL('../../compute/test/fixtures/beatmaps/2785319.osu', import.meta.url));
const PLAYERS = 64;
const TOTAL = Number(process.env.BENCH_SUBMISSIONS ?? 600);
const WARMUP = 40;
const IN_FLIGHT = 8;

async function setup(server: TestServer, pool: ComputePool, dataDir: string): Promise<BuiltSubmission[]> {
  const storage = server.servers[0]!.deps.storage;
  const bytes = await readFile(MAP_FILE);
  const mapMd5 = md5(bytes);
  await mkdir(path.join(dataDir, 'osu'), { recursive: true });
  await copyFile(MAP_FILE, path.join(dataDir, 'osu', `${mapMd5}.osu`));
  const meta = readOsuMetadata(bytes);
  const diff = await pool.difficulty({ map: { md5: mapMd5 }, mode: 0, mods: 0 });
  await storage.beatmaps.upsert({
    beatmapId: 2785319, beatmapsetId: meta.beatmapSetId, beatmapMd5: mapMd5, songName: songName(meta), fileName: 'map.osu', ar: meta.ar, od: meta.od,
    mode: 0, maxCombo: diff.maxCombo, hitLength: 100, bpm: 180, ranked: 2, latestUpdate: 1700000000, rankedStatusFreezed: false, playcount: 0,
    passcount: 0, countCircles: meta.nCircles, countSliders: meta.nSliders, countSpinners: meta.nSpinners,
  });
  const objects = meta.nCircles + meta.nSliders + meta.nSpinners;
  const hash = await cheapHasher.hash(md5('pw'));
  const players: string[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    const name = `bench${i}`;
    const id = await storage.users.create({ username: name, email: `${name}@b.test`, passwordHash: hash, privileges: NORMAL_USER, country: 'JP' });
    const h = loginHashes(hardwareOf(name));
    await storage.hardware.logHardware(id, h.adaptersMd5, h.uninstallMd5, h.diskMd5);
    players.push(name);
  }
  const built: BuiltSubmission[] = [];
  for (let k = 0; k < TOTAL + WARMUP; k++) {
    const name = players[k % PLAYERS]!;
    const n100 = 5 + ((k * 7) % 60); // better and worse plays mixed
    built.push(
      await buildSubmission({
        data: {
          beatmapMd5: mapMd5, username: name, count300: objects - n100, count100: n100, count50: 0, countGeki: 0, countKatu: 0, countMiss: 0,
          score: 3_000_000 + k, maxCombo: diff.maxCombo - 5, perfect: false, clientGrade: 'A', mods: k % 5 === 0 ? 8 : 0, passed: true, mode: 0,
          clientTime: '240101120000', osuVersion: '20240101', clientFlags: 0,
        },
        password: 'pw',
        hardware: hardwareOf(name),
      }),
    );
  }
  return built;
}

/** One keep-alive connection: writes a prebuilt request, reads one Content-Length response. */
class RawClient {
  private buf: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.waiter?.();
    });
  }
  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.setNoDelay(true);
      s.once('error', reject);
    });
  }
  async request(bytes: Buffer): Promise<string> {
    this.socket.write(bytes);
    for (;;) {
      const head = this.buf.indexOf('\r\n\r\n');
      if (head >= 0) {
        const m = /content-length: (\d+)/i.exec(this.buf.subarray(0, head).toString('latin1'));
        const len = m ? Number(m[1]) : 0;
        if (this.buf.length >= head + 4 + len) {
          const body = this.buf.subarray(head + 4, head + 4 + len).toString();
          this.buf = this.buf.subarray(head + 4 + len);
          return body;
        }
      }
      await new Promise<void>((r) => (this.waiter = r));
    }
  }
  close(): void {
    this.socket.destroy();
  }
}

const requestBytes = (s: BuiltSubmission): Buffer =>
  Buffer.concat([
    Buffer.from(
      `POST /web/osu-submit-modular-selector.php HTTP/1.1\r\nHost: bench\r\nUser-Agent: osu!\r\nContent-Type: ${s.contentType}\r\nContent-Length: ${s.body.length}\r\n\r\n`,
    ),
    s.body,
  ]);

async function run(port: number, subs: BuiltSubmission[]): Promise<{ rps: number; p50: number; p99: number; busyUsPer: number }> {
  const raw = subs.map(requestBytes);
  const clients = await Promise.all(Array.from({ length: IN_FLIGHT }, () => RawClient.connect(port)));
  const latencies: number[] = [];
  let next = 0;
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = next++; i < raw.length; i = next++) {
        const t = performance.now();
        const body = await client.request(raw[i]!);
        if (!body.includes('chartId:overall')) throw new Error(`unexpected answer: ${JSON.stringify(body.slice(0, 200))}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  for (const c of clients) c.close();
  const wallMs = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { rps: (latencies.length / wallMs) * 1000, p50: pct(0.5), p99: pct(0.99), busyUsPer: ((elu.utilization * wallMs) / latencies.length) * 1000 };
}

const rows: string[] = [];
for (const mode of ['embedded', 'redis'] as const) {
  const backend = mode === 'embedded' ? 'sqlite' : 'mariadb+redis';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hayate-bench-submit-'));
  const pool = new ComputePool({ threads: 1, passwordThreads: 0, mapsDir: path.join(dataDir, 'osu') });
  let server: TestServer | undefined;
  try {
    try {
      server = await startTestServer({ mode, config: { dataDir, logLevel: 'error' }, start: { compute: pool } });
    } catch (e) {
      console.log(`${backend} skipped: ${(e as Error).message}`);
      continue;
    }
    const subs = await setup(server, pool, dataDir);
    const port = server.servers[0]!.port;
    await run(port, subs.slice(0, WARMUP));
    const m = await run(port, subs.slice(WARMUP));
    const row = `${backend.padEnd(14)} ${m.rps.toFixed(0).padStart(5)} submissions/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  main thread ${(m.busyUsPer / 1000).toFixed(2)} ms/submission`;
    console.log(row);
    rows.push(row);
  } finally {
    await server?.close();
    await pool.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
console.log(`\nscore submission, ${TOTAL} passed plays by ${PLAYERS} players, ${IN_FLIGHT} in flight, warm beatmap cache:`);
for (const r of rows) console.log(r);
