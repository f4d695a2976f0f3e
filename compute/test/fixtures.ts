/** Test helper (not a test): paths of the fixtures and relative comparison. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

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
