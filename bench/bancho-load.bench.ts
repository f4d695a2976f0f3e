/**
 * `make bench` entry for the bancho load comparison (bancho-load.ts): bare uWS, bare node:http,
 * Hayate embedded and Hayate with Redis, idle polls interleaved in rounds, an open-loop phase at
 * 20k polls/s, and chat fan-out. Shorter than a manual run (3 s phases) so the whole suite stays
 * within its time budget; the figures go to bench/results/<date>-bancho-load.json for
 * `node dist/bench/compare.js old.json new.json`.
 */
import { DEFAULT_OPTIONS, runBanchoLoad, writeResults } from './bancho-load.js';

const opts = { ...DEFAULT_OPTIONS, seconds: 3, rounds: 3, phases: DEFAULT_OPTIONS.phases.filter((p) => p !== 'status'), rates: [20_000] };
const metrics = await runBanchoLoad(opts);
console.log(`\nwritten ${writeResults('bancho-load', metrics, opts)}`);
