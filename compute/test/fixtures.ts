/** Test helper (not a test): paths of the fixtures and relative comparison. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { VanillaMode } from '../../protocol/osu/modes.js';
import type { ScoreParams } from '../pp/calculator.js';

/** compute/test/fixtures in the source tree (tests run from dist/compute/test/). */
export const FIXTURES = fileURLToPath(new URL('../../../compute/test/fixtures/', import.meta.url));

export function mapBytes(name: string): Uint8Array {
  return readFileSync(`${FIXTURES}beatmaps/${name.endsWith('.osu') ? name : `${name}.osu`}`);
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T;
}

/** |actual - expected| <= rel * |expected| (or <= abs near zero). */
export function assertClose(actual: unknown, expected: number, rel: number, what: string, abs = 1e-9): void {
  assert.equal(typeof actual, 'number', `${what}: expected a number, got ${String(actual)}`);
  const a = actual as number;
  const tol = Math.max(rel * Math.abs(expected), abs);
  assert.ok(Math.abs(a - expected) <= tol, `${what}: ${a} vs expected ${expected} (diff ${a - expected}, tol ${tol})`);
}

/** One case of akatsuki-expected.json (provenance: fixtures/PROVENANCE.md). */
export interface AkatsukiCase {
  kind: 'osu_2019_relax' | 'modern_rosu_fork';
  map: string;
  mode?: VanillaMode;
  label: string;
  mods: number;
  combo: number | null;
  misses: number;
  accuracy: number | null;
  counts: [number, number, number] | null;
  /** stars, pp and maxCombo in every case; the relax cases add pp components and map attributes. */
  result: { stars: number; pp: number; maxCombo: number } & Record<string, number>;
}

/** The case's score as calculator input (null in the fixture = not given). */
export function scoreParamsOf(c: AkatsukiCase): ScoreParams {
  return {
    mode: c.mode ?? 0,
    mods: c.mods,
    misses: c.misses,
    ...(c.combo !== null ? { combo: c.combo } : {}),
    ...(c.accuracy !== null ? { accuracy: c.accuracy } : {}),
    ...(c.counts !== null ? { n300: c.counts[0], n100: c.counts[1], n50: c.counts[2] } : {}),
  };
}
