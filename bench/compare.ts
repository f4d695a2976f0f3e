/**
 * Compares two bench result files (bench/results/*.json, written by the load bench):
 *
 *   node dist/bench/compare.js bench/results/OLD.json bench/results/NEW.json
 *
 * For every figure present in both: the change of the median and a verdict. The noise band is the
 * larger relative spread (max − min over the median, halved) of the two runs, at least 5 %: a change
 * inside it is "noise", outside it "better" or "WORSE". Single-sample figures get the 5 % floor only,
 * so treat their verdicts with care. Exit code 1 when anything got worse beyond the band.
 */
import { readFileSync } from 'node:fs';
import type { Metric } from './bancho-load.js';

interface ResultFile {
  name: string;
  date: string;
  metrics: Metric[];
}

const MIN_BAND = 0.05;

function load(file: string): ResultFile {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
  if (!Array.isArray(doc.metrics)) throw new Error(`${file}: no metrics`);
  return doc;
}

const spread = (m: Metric): number => (m.median > 0 ? (m.max - m.min) / m.median / 2 : 0);

function main(): void {
  const [oldFile, newFile] = process.argv.slice(2);
  if (!oldFile || !newFile) {
    console.error('usage: node dist/bench/compare.js OLD.json NEW.json');
    process.exit(2);
  }
  const before = load(oldFile);
  const after = load(newFile);
  const old = new Map(before.metrics.map((m) => [m.name, m]));
  console.log(`${before.date} → ${after.date}`);
  let worse = 0;
  for (const m of after.metrics) {
    const o = old.get(m.name);
    if (!o || o.median === 0) continue;
    const change = m.median / o.median - 1;
    const band = Math.max(MIN_BAND, spread(m), spread(o));
    const improved = m.better === 'lower' ? change < 0 : change > 0;
    const verdict = Math.abs(change) <= band ? 'noise' : improved ? 'better' : 'WORSE';
    if (verdict === 'WORSE') worse++;
    console.log(
      `  ${m.name.padEnd(34)} ${o.median.toFixed(2).padStart(10)} → ${m.median.toFixed(2).padStart(10)} ${m.unit.padEnd(11)} ` +
        `${(change >= 0 ? '+' : '') + (change * 100).toFixed(1)}% (band ±${(band * 100).toFixed(0)}%) ${verdict}`,
    );
  }
  process.exit(worse > 0 ? 1 : 0);
}

main();
