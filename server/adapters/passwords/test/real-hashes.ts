/**
 * Real bcrypt hashes of md5("correct horse") (what the osu! client sends for that password), one
 * per prefix, made by the implementations that write each: `$2y$` by Apache htpasswd 2.4.71
 * (`htpasswd -bnBC 4 x <md5>`, crypt_blowfish as in PHP's password_hash), `$2a$` and `$2b$` by
 * node `bcrypt` 5 (`genSaltSync(4, 'a' | 'b')`). Shared by the hasher tests and the scenario tests
 * on the Akatsuki fixture database. Not a test file.
 */
import { createHash } from 'node:crypto';

export const CORRECT_HORSE_MD5 = createHash('md5').update('correct horse').digest('hex');

/** Real hashes of md5("correct horse"), one per prefix (provenance above). */
export const REAL_HASHES = {
  '$2y$': '$2y$04$IJh9C2uOCfOvLE6hdJGTYOeHCZY9SXpdII8K7u54O4UpEy5MN8fdS',
  '$2a$': '$2a$04$sfI5FBK2ZAYlN9xh2C.5GOLdbWb11IduK/ChYa1QQJvskWOb/xdMW',
  '$2b$': '$2b$04$Lp.KvHP7XS.li0/P5mUFQeEr4dSkjaQTS5vslRmqpon0zTcsfBsqe',
} as const;
