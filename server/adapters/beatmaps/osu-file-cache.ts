/**
 * Content-addressed `.osu` cache: DATA_DIR/osu/<md5>.osu, the directory the compute pool reads.
 * A file is trusted only when its bytes hash to its name: `get` re-checks a file the first time
 * this process reads it (someone may have copied a wrong file in) and drops a mismatch; `put`
 * refuses bytes that do not hash to the expected md5 and writes through a temporary file and a
 * rename, so a reader never sees half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const isMd5 = (s: string): boolean => /^[0-9a-f]{32}$/.test(s);

export const md5Of = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

export class Md5MismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`.osu file md5 ${actual} does not match the expected ${expected}`);
    this.name = 'Md5MismatchError';
  }
}

export interface OsuFileCache {
  readonly dir: string;
  pathOf(md5: string): string;
  /** Verified bytes, or undefined (absent, unreadable, or not matching its name: then removed). */
  get(md5: string): Promise<Uint8Array | undefined>;
  /** Stores bytes under their md5 (checked against `expectedMd5` when given); returns the md5. */
  put(bytes: Uint8Array, expectedMd5?: string): Promise<string>;
  remove(md5: string): Promise<void>;
}

export function osuFileCache(dir: string): OsuFileCache {
  // md5s whose file this process has already hashed: later reads skip the re-hash. Bounded by
  // clearing (a re-hash is cheap: ~0.2 ms for a typical 100 kB file).
  const verified = new Set<string>();
  let dirReady: Promise<unknown> | undefined;
  const pathOf = (md5: string): string => path.join(dir, `${md5}.osu`);
  return {
    dir,
    pathOf,
    async get(md5) {
      if (!isMd5(md5)) return undefined;
      let bytes: Uint8Array;
      try {
        bytes = await readFile(pathOf(md5));
      } catch {
        return undefined;
      }
      if (verified.has(md5)) return bytes;
      if (md5Of(bytes) !== md5) {
        await rm(pathOf(md5), { force: true });
        return undefined;
      }
      if (verified.size >= 100_000) verified.clear();
      verified.add(md5);
      return bytes;
    },
    async put(bytes, expectedMd5) {
      const actual = md5Of(bytes);
      if (expectedMd5 !== undefined && expectedMd5 !== actual) throw new Md5MismatchError(expectedMd5, actual);
      dirReady ??= mkdir(dir, { recursive: true });
      await dirReady;
      const tmp = path.join(dir, `.${actual}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(tmp, bytes);
      await rename(tmp, pathOf(actual));
      verified.add(actual);
      return actual;
    },
    async remove(md5) {
      if (!isMd5(md5)) return;
      verified.delete(md5);
      await rm(pathOf(md5), { force: true });
    },
  };
}
