/**
 * `$2a$`, `$2b$` and `$2y$` bcrypt hashes all verify, with both hashers (inline and the compute
 * pool's worker). The hashes are real ones made by the implementations that write each prefix:
 *   - `$2y$`: Apache htpasswd 2.4.71 (`htpasswd -bnBC 4 x <md5>`, crypt_blowfish as in PHP), and the
 *     PHP manual's own password_verify example hash (password "rasmuslerdorf");
 *   - `$2a$` and `$2b$`: node `bcrypt` 5 (`genSaltSync(4, 'a' | 'b')`).
 * The md5 hex is what the osu! client sends for the password "correct horse".
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ComputePool } from '../../../../compute/pool.js';
import { normaliseBcryptPrefix } from '../../../../compute/passwords/bcrypt-prefix.js';
import type { PasswordHasher } from '../../../ports/passwords.js';
import { createInlineBcryptHasher } from '../bcrypt-inline.js';
import { PoolPasswordHasher } from '../pool-hasher.js';
import { CORRECT_HORSE_MD5, REAL_HASHES } from './real-hashes.js';

const PHP_MANUAL_HASH = '$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a';

test('normaliseBcryptPrefix reads $2y$ as $2b$ and leaves everything else alone', () => {
  assert.equal(normaliseBcryptPrefix('$2y$10$abc'), '$2b$10$abc');
  assert.equal(normaliseBcryptPrefix('$2a$10$abc'), '$2a$10$abc');
  assert.equal(normaliseBcryptPrefix('$2b$10$abc'), '$2b$10$abc');
  assert.equal(normaliseBcryptPrefix('md5-not-bcrypt'), 'md5-not-bcrypt');
  assert.equal(normaliseBcryptPrefix(''), '');
});

let pool: ComputePool;
before(() => { pool = new ComputePool({ threads: 1 }); });
after(async () => { await pool.close(); });

const hashers: Array<[string, () => PasswordHasher]> = [
  ['inline bcrypt', () => createInlineBcryptHasher(4)],
  ['compute pool', () => new PoolPasswordHasher(pool)],
];

for (const [name, make] of hashers) {
  describe(`${name} hasher`, () => {
    for (const [prefix, hash] of Object.entries(REAL_HASHES)) {
      test(`a real ${prefix} hash verifies the right password and refuses a wrong one`, async () => {
        const h = make();
        assert.equal(await h.verify(CORRECT_HORSE_MD5, hash), true);
        assert.equal(await h.verify(CORRECT_HORSE_MD5.toUpperCase(), hash), true, 'md5 hex case does not matter');
        assert.equal(await h.verify(createHash('md5').update('wrong horse').digest('hex'), hash), false);
      });
    }
    test("the PHP manual's $2y$ example hash verifies its password", async () => {
      // Not an md5: the hasher compares whatever it is given, lower-cased.
      assert.equal(await make().verify('rasmuslerdorf', PHP_MANUAL_HASH), true);
      assert.equal(await make().verify('rasmus', PHP_MANUAL_HASH), false);
    });
    test('a malformed stored hash is "no match", not an error', async () => {
      assert.equal(await make().verify(CORRECT_HORSE_MD5, '$2y$'), false);
      assert.equal(await make().verify(CORRECT_HORSE_MD5, 'plain'), false);
    });
  });
}
