/**
 * Byte storage for what is too big for the database: replays (`replays/<score id>.osr`, the
 * uploaded compressed frames exactly as the client sent them) and screenshots
 * (`screenshots/<name>`). Keys are Akatsuki's object-storage keys, so an S3 bucket shared with
 * score-service stays readable by both. Two adapters: a directory (embedded default,
 * `DATA_DIR/<key>`) and S3-compatible object storage (server/adapters/blobs/).
 */

export interface BlobStore {
  /**
   * Stores the bytes under `key`, replacing what was there. Resolves only once the bytes are
   * durable (fsync'd file, or the object store's 200): callers acknowledge after it.
   */
  put(key: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  /** The stored bytes, or undefined when the key was never stored. */
  get(key: string): Promise<Buffer | undefined>;
  exists(key: string): Promise<boolean>;
  /** Removes the key; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** Releases connections (S3 adapter). */
  close?(): Promise<void>;
}

/** Thrown for a key that is not a safe relative path (the directory adapter would escape its root). */
export class BlobKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid blob key ${JSON.stringify(key)}`);
    this.name = 'BlobKeyError';
  }
}

/**
 * Keys are `/`-separated segments of [A-Za-z0-9._-], no empty, `.` or `..` segment, at most 512
 * characters: safe as a file path below a root and as an S3 key, whatever a client sends.
 */
export function checkBlobKey(key: string): string {
  if (key.length === 0 || key.length > 512) throw new BlobKeyError(key);
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || !/^[A-Za-z0-9._-]+$/.test(segment)) throw new BlobKeyError(key);
  }
  return key;
}

/** `replays/<score id>.osr`, the key Akatsuki's score-service uses. */
export const replayKey = (scoreId: number | bigint): string => `replays/${scoreId}.osr`;

/** `screenshots/<name>`; the name is checked like any key segment. */
export const screenshotKey = (name: string): string => checkBlobKey(`screenshots/${name}`);
