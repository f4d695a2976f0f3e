/**
 * PasswordHasher running bcrypt on the calling thread (libuv pool via the native binding). For the
 * CLI and tests; the server uses the compute pool's implementation so logins never queue behind
 * hashing.
 */
import bcrypt from 'bcrypt';
import type { PasswordHasher } from '../../ports/passwords.js';
import { normaliseBcryptPrefix } from '../../../compute/passwords/bcrypt-prefix.js';

/** bcrypt's default cost, as Akatsuki (Python bcrypt.gensalt()) uses. */
export const BCRYPT_COST = 12;

export function createInlineBcryptHasher(cost = BCRYPT_COST): PasswordHasher {
  return {
    hash: (md5Hex) => bcrypt.hash(md5Hex.toLowerCase(), cost),
    verify: (md5Hex, hash) => (hash.startsWith('$2') ? bcrypt.compare(md5Hex.toLowerCase(), normaliseBcryptPrefix(hash)) : Promise.resolve(false)),
  };
}
