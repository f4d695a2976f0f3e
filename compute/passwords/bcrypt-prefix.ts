/**
 * bcrypt hashes come with three prefixes in an Akatsuki database: `$2b$` (Python bcrypt, Hayate,
 * rs), `$2a$` (older libraries) and `$2y$` (PHP's password_hash, which the admin panel uses). They
 * are the same algorithm with the same output for every password a client can send (the prefixes
 * mark fixes to bugs in other implementations' handling of 8-bit characters; the md5 hex the osu!
 * client sends is plain ASCII). The `bcrypt` package understands `$2a$` and `$2b$` but answers
 * false for `$2y$`, so `$2y$` is read as `$2b$` before comparing. The stored hash is never rewritten.
 */
export function normaliseBcryptPrefix(hash: string): string {
  return hash.startsWith('$2y$') ? `$2b$${hash.slice(4)}` : hash;
}
