/**
 * Creating an account: validate, hash bcrypt(md5(password)) through the PasswordHasher port,
 * insert the user and its user_stats rows. Used by `/users` (in-game registration) and
 * `hayate user add`.
 */
import { createHash } from 'node:crypto';
import { Privileges } from '../domain/privileges.js';
import type { PasswordHasher } from '../ports/passwords.js';
import type { Storage } from '../ports/storage.js';
import { StorageError } from '../ports/storage.js';
import type { RegistrationErrors, RegistrationInput, ValidationOptions } from './validate-registration.js';
import { hasErrors, validateRegistration } from './validate-registration.js';

export interface CreateUserDeps {
  storage: Storage;
  hasher: PasswordHasher;
}

export interface CreateUserInput extends RegistrationInput {
  /** Defaults to pending verification (1<<20), as Akatsuki registers; the first login activates. */
  privileges?: number;
  country?: string;
}

export type CreateUserResult = { ok: true; userId: number } | { ok: false; errors: RegistrationErrors };

export const md5Hex = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

export interface CreateUserOptions extends ValidationOptions {
  /** Only validate (in-game `check=1`); nothing is written. */
  validateOnly?: boolean;
}

export async function createUser(deps: CreateUserDeps, input: CreateUserInput, opts: CreateUserOptions = {}): Promise<CreateUserResult> {
  const { errors, normalized } = await validateRegistration(deps.storage, input, opts);
  const country = (input.country ?? 'XX').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) (errors.country ??= []).push('Country must be a two-letter code.');
  if (hasErrors(errors)) return { ok: false, errors };
  if (opts.validateOnly) return { ok: true, userId: 0 };
  const passwordHash = await deps.hasher.hash(md5Hex(input.password));
  try {
    const userId = await deps.storage.users.create({
      username: normalized.username,
      usernameSafe: normalized.usernameSafe,
      email: normalized.email,
      passwordHash,
      privileges: input.privileges ?? Privileges.PendingVerification,
      country,
    });
    return { ok: true, userId };
  } catch (err) {
    // Lost a race with a concurrent registration of the same name/email: report it as taken.
    if (err instanceof StorageError && err.conflict) {
      const taken = (await deps.storage.users.findBySafeName(normalized.usernameSafe))
        ? { username: ['This username is already taken.'] }
        : { email: ['This email address is already in use.'] };
      return { ok: false, errors: taken };
    }
    throw err;
  }
}
