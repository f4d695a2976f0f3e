/**
 * Password hashing. Akatsuki stores bcrypt(md5 hex of the password) in `users.password_md5`, and
 * the client sends the md5 hex at login. bcrypt costs ~50 ms of CPU, so implementations run it in
 * the compute pool, never on the event loop.
 */
export interface PasswordHasher {
  /** bcrypt of the lowercase md5 hex. */
  hash(md5Hex: string): Promise<string>;
  verify(md5Hex: string, bcryptHash: string): Promise<boolean>;
}
