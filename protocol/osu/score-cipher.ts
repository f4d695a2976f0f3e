/**
 * The score submission cipher (score-and-web.md §2.2): Rijndael with a 256-bit block and a 256-bit
 * key in CBC mode, PKCS#7 padded to 32 bytes. Key = `osu!-scoreburgr---------` + the client's
 * 8-character `osuver`; the IV is the form's base64 `iv` (32 bytes). The `score` and `s` fields are
 * each decrypted from the same IV. Node's crypto only has AES (128-bit blocks), hence rijndael-js.
 *
 * Total: every failure is a ScoreCipherError, never another exception.
 */
import Rijndael from 'rijndael-js';

const BLOCK = 32;
const KEY_PREFIX = 'osu!-scoreburgr---------';

export class ScoreCipherError extends Error {
  constructor(
    readonly reason: 'key' | 'iv' | 'base64' | 'length' | 'padding',
    message: string,
  ) {
    super(message);
    this.name = 'ScoreCipherError';
  }
}

/** The 32-byte key for a client build date (`osuver`, e.g. `20240101`). */
export function scoreKey(osuVersion: string): Buffer {
  const key = Buffer.from(KEY_PREFIX + osuVersion, 'latin1');
  if (key.length !== 32 || !/^\d{8}$/.test(osuVersion)) throw new ScoreCipherError('key', `osuver must be 8 digits, got ${JSON.stringify(osuVersion.slice(0, 40))}`);
  return key;
}

/** Strict base64: the client's alphabet only, whole quanta, so garbage is refused rather than skipped. */
export function decodeBase64(text: string, what: string): Buffer {
  const t = text.trim();
  if (t.length === 0 || t.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) throw new ScoreCipherError('base64', `${what} is not base64`);
  return Buffer.from(t, 'base64');
}

export function decodeIv(ivBase64: string): Buffer {
  const iv = decodeBase64(ivBase64, 'iv');
  if (iv.length !== BLOCK) throw new ScoreCipherError('iv', `iv must be ${BLOCK} bytes, got ${iv.length}`);
  return iv;
}

/** Decrypts one field and checks and strips its PKCS#7 padding. */
export function decryptField(ciphertext: Uint8Array, key: Buffer, iv: Buffer): Buffer {
  if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) {
    throw new ScoreCipherError('length', `ciphertext must be a positive multiple of ${BLOCK} bytes, got ${ciphertext.length}`);
  }
  // A fresh cipher per field: CBC chaining state must not carry from `score` into `s`.
  let plain: Buffer;
  try {
    plain = Buffer.from(new Rijndael(key, 'cbc').decrypt(ciphertext, 256, iv));
  } catch (err) {
    throw new ScoreCipherError('length', `rijndael: ${err instanceof Error ? err.message : String(err)}`);
  }
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK) throw new ScoreCipherError('padding', 'bad PKCS#7 padding');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new ScoreCipherError('padding', 'bad PKCS#7 padding');
  }
  return plain.subarray(0, plain.length - pad);
}

/** Encrypts with PKCS#7 padding (tests and tools build client submissions with it). */
export function encryptField(plaintext: Uint8Array, key: Buffer, iv: Buffer): Buffer {
  const pad = BLOCK - (plaintext.length % BLOCK);
  const padded = Buffer.concat([Buffer.from(plaintext), Buffer.alloc(pad, pad)]);
  return Buffer.from(new Rijndael(key, 'cbc').encrypt(padded, 256, iv));
}
