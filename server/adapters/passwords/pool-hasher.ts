/**
 * `PasswordHasher` backed by the compute pool: bcrypt (native, ~50 ms at cost 10) runs in a
 * worker thread, never on the event loop. Akatsuki stores bcrypt(md5 hex) and the client sends
 * the md5 hex, so the md5 is what gets hashed and compared.
 */
import type { PasswordHasher } from '../../ports/passwords.js';
import type { ComputePool } from '../../../compute/pool.js';

export class PoolPasswordHasher implements PasswordHasher {
  constructor(private readonly pool: Pick<ComputePool, 'hashPassword' | 'verifyPassword'>) {}

  hash(md5Hex: string): Promise<string> {
    return this.pool.hashPassword(md5Hex.toLowerCase());
  }

  verify(md5Hex: string, bcryptHash: string): Promise<boolean> {
    return this.pool.verifyPassword(md5Hex.toLowerCase(), bcryptHash);
  }
}
