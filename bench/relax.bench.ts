/**
 * Akatsuki osu!std relax (`osu_2019`): our Rust port compiled to WASM (native/) vs the same
 * algorithm in plain TypeScript (compute/pp/akatsuki-rx-2019/reference-ts, f32 via Math.fround),
 * same map (2785319, 601 objects), same parameters, side by side in one run:
 *   1. full calculation (parse + slider paths + strains + pp), NM relax, accuracy 98.5 %
 *   2. the same with DT (different clock rate and sections)
 * Both are checked to give the identical pp before timing. Prints ops/s and the ratio.
 *
 *   node dist/bench/relax.bench.js
 */
import Benchmark from 'benchmark';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScoreParams } from '../compute/pp/calculator.js';
import { akatsukiRelax2019 } from '../compute/pp/akatsuki-rx-2019/calculator.js';
import { calculateReference } from '../compute/pp/akatsuki-rx-2019/reference-ts/index.js';

const map = readFileSync(fileURLToPath(new URL('../../compute/test/fixtures/beatmaps/2785319.osu', import.meta.url)));

const scenarios: { name: string; params: ScoreParams }[] = [
  { name: 'RX acc98.5 miss2 combo700', params: { mode: 0, mods: 128, accuracy: 98.5, misses: 2, combo: 700 } },
  { name: 'RXDT acc97 miss3 combo600', params: { mode: 0, mods: 192, accuracy: 97, misses: 3, combo: 600 } },
];

const rows: { scenario: string; wasm: number; ts: number }[] = [];
for (const { name, params } of scenarios) {
  const a = akatsukiRelax2019.calculate(map, params).pp;
  const b = calculateReference(map, params).pp;
  if (a !== b) throw new Error(`${name}: WASM ${a} and TypeScript ${b} disagree; not timing different work`);
  let sink = 0;
  const suite = new Benchmark.Suite(name);
  suite
    .add('wasm', () => {
      sink += akatsukiRelax2019.calculate(map, params).pp;
    })
    .add('typescript', () => {
      sink += calculateReference(map, params).pp;
    })
    .on('cycle', (e: Benchmark.Event) => console.log(`  ${name}: ${String(e.target)}`))
    .on('complete', function (this: Benchmark.Suite) {
      const hz = (n: string) => (this.filter((x: Benchmark) => x.name === n) as unknown as Benchmark[])[0]!.hz;
      rows.push({ scenario: name, wasm: hz('wasm'), ts: hz('typescript') });
    })
    .run({ async: false });
  if (sink === 0) console.log('(sink)');
}

console.log('\nscenario (2785319.osu, full calc)     wasm ops/s   typescript ops/s   ratio wasm/ts   wasm ms/op');
for (const r of rows) {
  console.log(
    `${r.scenario.padEnd(36)} ${r.wasm.toFixed(0).padStart(10)}   ${r.ts.toFixed(0).padStart(16)}   ${(r.wasm / r.ts).toFixed(2).padStart(13)}x   ${(1000 / r.wasm).toFixed(3).padStart(10)}`,
  );
}
