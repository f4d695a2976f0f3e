/**
 * Map validation. rosu-pp's parser never fails on bad content (empty, garbage or truncated files
 * parse into maps with 0 or fewer objects, §1.6), so we check what it cannot: the md5 the score
 * refers to, that there is something to play, and the abuse heuristic of rosu 3.1.
 */
import { createHash } from 'node:crypto';
import { PpInputError } from './calculator.js';
import { rosu } from './rosu-lib.js';

export interface MapVerdict {
  md5: string;
  /** Mode the file declares (0..3). */
  mode: number;
  nObjects: number;
  /** rosu 3.1 `isSuspicious()`: too many objects, absurd density or sliders; never computed. */
  suspicious: boolean;
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

const MD5_RE = /^[0-9a-f]{32}$/;

export function assertMd5(md5: string): string {
  const m = md5.toLowerCase();
  if (!MD5_RE.test(m)) throw new PpInputError(`not an md5 hex digest: ${JSON.stringify(md5)}`);
  return m;
}

/** Parses the bytes once with rosu 3.1 and throws `PpInputError` for unusable maps. */
export function checkMap(bytes: Uint8Array, expectedMd5?: string): MapVerdict {
  if (!(bytes instanceof Uint8Array)) throw new PpInputError('map must be bytes (Uint8Array)');
  if (bytes.byteLength === 0) throw new PpInputError('map is empty');
  const md5 = md5Hex(bytes);
  if (expectedMd5 !== undefined && assertMd5(expectedMd5) !== md5) {
    throw new PpInputError(`map md5 ${md5} does not match the expected ${expectedMd5.toLowerCase()}`);
  }
  const lib = rosu('3.1');
  const map = new lib.Beatmap(bytes);
  try {
    if (map.nObjects === 0) throw new PpInputError('map has no hit objects (not a .osu file, or truncated)');
    return { md5, mode: map.mode, nObjects: map.nObjects, suspicious: map.isSuspicious?.() === true };
  } finally {
    map.free();
  }
}
