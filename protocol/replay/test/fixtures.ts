/** Test helper (not a test): the replay fixtures and expected.json (see fixtures/PROVENANCE.md). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** protocol/replay/test/fixtures in the source tree (tests run from dist/protocol/replay/test/). */
export const REPLAY_FIXTURES = fileURLToPath(new URL('../../../../protocol/replay/test/fixtures/', import.meta.url));

export function replayBytes(name: string): Uint8Array {
  return readFileSync(`${REPLAY_FIXTURES}${name}`);
}

export function mapText(name: string): Uint8Array {
  return readFileSync(`${REPLAY_FIXTURES}${name}`);
}

export function allReplayNames(): string[] {
  return readdirSync(REPLAY_FIXTURES).filter((f) => f.endsWith('.osr')).sort();
}

export interface ExpectedCase {
  id: string;
  kind: 'header' | 'error' | 'frametime' | 'similarity' | 'snaps' | 'ur';
  files: string[];
  asserted_upstream: Record<string, unknown> | null;
  tolerance?: unknown;
  derived?: Record<string, unknown>;
  commit_message_value?: number;
}

export interface ExpectedFile {
  cases: ExpectedCase[];
}

export function expected(): ExpectedFile {
  return JSON.parse(readFileSync(`${REPLAY_FIXTURES}expected.json`, 'utf8')) as ExpectedFile;
}

export function caseById(id: string): ExpectedCase {
  const c = expected().cases.find((x) => x.id === id);
  if (!c) throw new Error(`no expected case ${id}`);
  return c;
}

/** mulberry32: tiny, seedable, for the fuzz tests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
