/**
 * Registration rules (score-and-web.md §5.3, hanayo's website rules plus BP's in-game ones),
 * returning every problem keyed by form field so the `/users` endpoint can answer with the
 * client's `form_error` JSON and the CLI can print them.
 */
import type { Storage } from '../ports/storage.js';

/** `country` only from the CLI (the client form has no such field). */
export type RegistrationField = 'username' | 'email' | 'password' | 'country';
export type RegistrationErrors = Partial<Record<RegistrationField, string[]>>;

export interface RegistrationInput {
  username: string;
  email: string;
  /** Plaintext password (the md5 is derived for storage). */
  password: string;
}

export interface NormalizedRegistration {
  username: string;
  usernameSafe: string;
  email: string;
}

/** Akatsuki's safe name: trimmed, lowercase, spaces → `_`. */
export const safeUsername = (name: string): string => name.trim().toLowerCase().replace(/ /g, '_');

const USERNAME_RE = /^[A-Za-z0-9 _[\]-]{2,15}$/;
// Pragmatic syntax check (one @, a dotted domain, no spaces); deliverability is not checked offline.
const EMAIL_RE = /^[^\s@]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Names nobody may register (compared by safe name): server roles, bots, famous players and staff. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set([
  'peppy', 'bancho', 'banchobot', 'aika', 'tillerino', 'admin', 'administrator', 'moderator', 'mod', 'staff', 'system', 'root',
  'server', 'owner', 'support', 'nobody', 'null', 'undefined', 'cookiezi', 'shigetora', 'rrtyui', 'mrekk', 'whitecat', 'vaxei',
  'angelsim', 'hvick225', 'rafis', 'filsdelama', 'idke', 'chocomint', 'akatsuki', 'ripple', 'hayate',
]);

/** The most common leaked passwords of length ≥ 8 (a length rule alone lets these through). */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password123', '12345678', '123456789', '1234567890', '11111111', '00000000', '12341234', '87654321',
  'qwertyui', 'qwerty123', 'qwertyuiop', 'iloveyou', 'sunshine', 'princess', 'football', 'baseball', 'superman', 'welcome1',
  'abc12345', 'abcd1234', 'letmein1', 'trustno1', 'passw0rd', 'starwars', 'whatever', 'asdfghjk', 'asdfasdf', '1q2w3e4r',
  'zaq12wsx', 'qazwsxedc', 'michael1', 'jennifer', 'computer', 'internet', 'minecraft', 'pokemon1', 'dragon12', 'osu!osu!',
  'osuosuosu', 'cookiezi', 'aaaaaaaa', '123123123', 'password!', 'q1w2e3r4', 'qwerty12', '1qaz2wsx', 'monkey12',
]);

export interface ValidationOptions {
  /** Extra forbidden names (e.g. the configured bot name). */
  forbiddenNames?: readonly string[];
}

/** Pure checks (no database): shape of each field. */
export function validateRegistrationShape(input: RegistrationInput, opts: ValidationOptions = {}): { errors: RegistrationErrors; normalized: NormalizedRegistration } {
  const errors: RegistrationErrors = {};
  const add = (f: RegistrationField, msg: string) => (errors[f] ??= []).push(msg);
  const username = input.username.trim();
  const usernameSafe = safeUsername(username);
  const email = input.email.trim().toLowerCase();

  if (!USERNAME_RE.test(username)) {
    add('username', 'Username must be 2 to 15 characters: letters, digits, spaces, _, -, [ and ].');
  } else if (username.includes('_') && username.includes(' ')) {
    add('username', 'Username may contain either underscores or spaces, not both.');
  }
  const forbidden = new Set([...FORBIDDEN_NAMES, ...(opts.forbiddenNames ?? []).map(safeUsername)]);
  if (forbidden.has(usernameSafe)) add('username', 'This username is not allowed.');

  if (email.length > 254 || !EMAIL_RE.test(email)) add('email', 'Please enter a valid email address.');
  // users.email is a latin1 column in Akatsuki's schema: keep it to printable ASCII, as the
  // website's validator effectively does, so the insert cannot fail on MySQL.
  else if (/[^\x21-\x7e]/.test(email)) add('email', 'Please use an email address made of ASCII letters, digits and symbols.');

  const pw = input.password;
  if (pw.length < 8) add('password', 'Password must be at least 8 characters long.');
  else if (pw.length > 128) add('password', 'Password must be at most 128 characters long.');
  else if (new Set(pw).size <= 3) add('password', 'Password must contain more than 3 different characters.');
  else if (COMMON_PASSWORDS.has(pw.toLowerCase())) add('password', 'This password is too common; please choose another.');
  else if (pw.toLowerCase() === username.toLowerCase() || pw.toLowerCase() === usernameSafe) add('password', 'Password must not be your username.');

  return { errors, normalized: { username, usernameSafe, email } };
}

/** Shape checks plus the "already taken" checks against storage. */
export async function validateRegistration(storage: Storage, input: RegistrationInput, opts: ValidationOptions = {}): Promise<{ errors: RegistrationErrors; normalized: NormalizedRegistration }> {
  const result = validateRegistrationShape(input, opts);
  const { errors, normalized } = result;
  if (!errors.username && (await storage.users.findBySafeName(normalized.usernameSafe))) {
    (errors.username ??= []).push('This username is already taken.');
  }
  if (!errors.email && (await storage.users.findByEmail(normalized.email))) {
    (errors.email ??= []).push('This email address is already in use.');
  }
  return result;
}

export const hasErrors = (e: RegistrationErrors): boolean => Object.values(e).some((v) => v !== undefined && v.length > 0);
