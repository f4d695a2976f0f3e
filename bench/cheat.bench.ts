/**
 * Replay analysis cost, side by side in one run (issue 13):
 *   1. decode + full analysis of one replay (LZMA → frames → time line → frametime + snaps):
 *      WASM path (native/, Rust) vs TypeScript path (lzma1 + TS kernels) vs the lzma-purejs
 *      baseline (lzma-purejs decode + the TS parser and kernels);
 *   2. similarity + correlation of the largest similarity pair of the test set (time lines
 *      already built): WASM vs TypeScript.
 * Every path is checked to give the same result before timing.
 *
 *   node dist/bench/cheat.bench.js
 */
import Benchmark from 'benchmark';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildTimeline, parseFrameText, readOsr, type Timeline } from '../protocol/replay/index.js';
import { tsKernels, wasmKernels, type CheatKernels } from '../compute/cheat/kernels/index.js';

const fixtures = fileURLToPath(new URL('../../protocol/replay/test/fixtures/', import.meta.url));
const stream = (name: string): Uint8Array => readOsr(readFileSync(`${fixtures}${name}`)).frames;
const lzmaPure = createRequire(import.meta.url)('lzma-purejs') as { decompressFile(b: Uint8Array): Uint8Array };

function analyse(k: CheatKernels, s: Uint8Array): number {
  const tl = k.timeline(s);
  return k.frametimeMedian(tl.t) + k.snapsRaw(tl.t, tl.x, tl.y, 10, 8).time.length + tl.count;
}

function analyseBaseline(s: Uint8Array): number {
  const tl = buildTimeline(parseFrameText(lzmaPure.decompressFile(s)));
  return tsKernels.frametimeMedian(tl.t) + tsKernels.snapsRaw(tl.t, tl.x, tl.y, 10, 8).time.length + tl.count;
}

const rows: Array<{ scenario: string; hz: Record<string, number> }> = [];
function run(scenario: string, cases: Record<string, () => number>): void {
  const values = Object.entries(cases).map(([n, f]) => [n, f()] as const);
  for (const [n, v] of values) {
    if (Math.abs(v - values[0]![1]) > 1e-9 * Math.abs(values[0]![1])) throw new Error(`${scenario}: ${n} gives ${v}, ${values[0]![0]} ${values[0]![1]}`);
  }
  let sink = 0;
  const suite = new Benchmark.Suite(scenario);
  for (const [n, f] of Object.entries(cases)) suite.add(n, () => { sink += f(); }, { minSamples: 5, maxTime: 3 });
  suite
    .on('cycle', (e: Benchmark.Event) => console.log(`  ${scenario}: ${String(e.target)}`))
    .on('complete', function (this: Benchmark.Suite) {
      const hz: Record<string, number> = {};
      for (const n of Object.keys(cases)) hz[n] = (this.filter((x: Benchmark) => x.name === n) as unknown as Benchmark[])[0]!.hz;
      rows.push({ scenario, hz });
    })
    .run({ async: false });
  if (sink === 0) console.log('(sink)');
}

for (const name of ['op-replay.osr', 'cc-example_replay.osr']) {
  const s = stream(name);
  run(`decode+analyse ${name} (${s.length} B)`, {
    wasm: () => analyse(wasmKernels, s),
    typescript: () => analyse(tsKernels, s),
    'lzma-purejs': () => analyseBaseline(s),
  });
}

const a: Timeline = tsKernels.timeline(stream('cc-stolen_replay1.osr'));
const b: Timeline = tsKernels.timeline(stream('cc-stolen_replay2.osr'));
run(`similarity+correlation stolen_replay1/2 (${a.count}/${b.count} frames)`, {
  wasm: () => { const r = wasmKernels.compare(a, b, false); return r.similarity + r.correlation; },
  typescript: () => { const r = tsKernels.compare(a, b, false); return r.similarity + r.correlation; },
});

console.log('\nscenario                                                   path          ops/s    ms/op   vs typescript');
for (const r of rows) {
  for (const [n, hz] of Object.entries(r.hz)) {
    console.log(`${r.scenario.padEnd(58)} ${n.padEnd(12)} ${hz.toFixed(1).padStart(8)} ${(1000 / hz).toFixed(2).padStart(8)}   ${(hz / r.hz['typescript']!).toFixed(2)}x`);
  }
}
