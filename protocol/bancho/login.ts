/**
 * The login request body (shared/spec/bancho-protocol.md §3.1): three `\n`-terminated lines —
 * username, password md5, and `version|utc offset|display city|client hashes|block DMs`.
 *
 * Style: `parseLoginBody` returns a LoginRequest or throws a LoginParseError (never anything
 * else), naming the field that was wrong, so the login use-case can answer with packet 5 (-1)
 * and a notification without guessing. Decisions:
 * - exactly one trailing `\n` (and a `\r` before it) is dropped; a missing trailing newline is
 *   accepted; more than 3 lines is an error (the third line would otherwise hide garbage).
 * - the password md5 must be 32 hex digits; it is returned lower-cased.
 * - the client-hash fields are returned as sent (they are client-reported fingerprints; rs's
 *   32-char check is left to the multi-account policy), but all five must be present; the
 *   trailing `:` after them is optional (rs splits on `:` and accepts both).
 * - the version is parsed (`osuVersion`) so a bad version fails here, with the raw string kept.
 */
import { OsuVersionError, parseOsuVersion } from './version.js';
import type { OsuVersion } from './version.js';

export interface ClientHashes {
  osuPathMd5: string;
  /** As sent: MAC addresses joined by `.` with a trailing `.`, or `runningunderwine`. */
  adapters: string;
  /** `adapters` split on `.` without the empty trailing entry; [] under Wine. */
  adapterList: string[];
  adaptersMd5: string;
  uninstallMd5: string;
  diskSignatureMd5: string;
  runningUnderWine: boolean;
  /** The whole hash field as sent (what bpy/rs store in the hardware log). */
  raw: string;
}

export interface LoginRequest {
  username: string;
  /** Lower-case hex md5 of the plaintext password. */
  passwordMd5: string;
  osuVersion: OsuVersion;
  /** Hours east of UTC, as the client reports it. */
  utcOffset: number;
  displayCity: boolean;
  clientHashes: ClientHashes;
  blockNonFriendDms: boolean;
}

export type LoginField =
  | 'body'
  | 'username'
  | 'passwordMd5'
  | 'clientInfo'
  | 'osuVersion'
  | 'utcOffset'
  | 'displayCity'
  | 'clientHashes'
  | 'blockNonFriendDms';

export class LoginParseError extends Error {
  readonly field: LoginField;
  constructor(field: LoginField, message: string) {
    super(`login body: ${field}: ${message}`);
    this.name = 'LoginParseError';
    this.field = field;
  }
}

const MD5_RE = /^[0-9a-fA-F]{32}$/;
const INT_RE = /^[+-]?\d{1,3}$/;
/** Offsets outside ±24 h cannot be carried in the presence byte (offset + 24 as u8 must stay sane). */
const MAX_UTC_OFFSET = 24;
const WINE_ADAPTERS = 'runningunderwine';
/** Longest username the client lets anyone type, with room to spare; longer is garbage. */
const MAX_USERNAME_LENGTH = 64;

function flag(value: string, field: LoginField): boolean {
  if (value === '1') return true;
  if (value === '0') return false;
  throw new LoginParseError(field, `expected 0 or 1, got ${JSON.stringify(value.slice(0, 16))}`);
}

function parseHashes(field: string): ClientHashes {
  // Five fields, usually with a trailing colon. bancho-service-rs splits on ':' and accepts the
  // field with or without it, so both are accepted here: drop at most that one colon, then split.
  const parts = (field.endsWith(':') ? field.slice(0, -1) : field).split(':');
  if (parts.length !== 5) {
    throw new LoginParseError('clientHashes', `expected 5 ":"-separated fields, got ${parts.length}`);
  }
  const [osuPathMd5, adapters, adaptersMd5, uninstallMd5, diskSignatureMd5] = parts as [string, string, string, string, string];
  const runningUnderWine = adapters === WINE_ADAPTERS;
  const adapterList = runningUnderWine ? [] : adapters.split('.').filter((a, i, all) => !(i === all.length - 1 && a === ''));
  return { osuPathMd5, adapters, adapterList, adaptersMd5, uninstallMd5, diskSignatureMd5, runningUnderWine, raw: field };
}

/** Parses a login body (bytes are decoded as UTF-8). Throws LoginParseError, nothing else. */
export function parseLoginBody(body: Uint8Array | string): LoginRequest {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  else throw new LoginParseError('body', 'not a string or byte array');

  if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
  const lines = text.split('\n');
  if (lines.length < 3) throw new LoginParseError('body', `expected 3 lines, got ${lines.length}`);
  if (lines.length > 3) throw new LoginParseError('body', `expected 3 lines, got ${lines.length}`);
  const [username, password, info] = (lines as [string, string, string]).map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)) as [
    string,
    string,
    string,
  ];

  if (username.length === 0) throw new LoginParseError('username', 'empty');
  if (username.length > MAX_USERNAME_LENGTH) throw new LoginParseError('username', `longer than ${MAX_USERNAME_LENGTH} characters`);
  if (!MD5_RE.test(password)) throw new LoginParseError('passwordMd5', 'expected 32 hexadecimal digits');

  const fields = info.split('|');
  if (fields.length !== 5) throw new LoginParseError('clientInfo', `expected 5 "|"-separated fields, got ${fields.length}`);
  const [version, offset, city, hashes, blockDms] = fields as [string, string, string, string, string];

  let osuVersion: OsuVersion;
  try {
    osuVersion = parseOsuVersion(version);
  } catch (err) {
    throw new LoginParseError('osuVersion', err instanceof OsuVersionError ? err.message : 'unparsable');
  }
  if (!INT_RE.test(offset)) throw new LoginParseError('utcOffset', `expected an integer, got ${JSON.stringify(offset.slice(0, 16))}`);
  const utcOffset = Number(offset);
  if (Math.abs(utcOffset) > MAX_UTC_OFFSET) throw new LoginParseError('utcOffset', `${utcOffset} is outside ±${MAX_UTC_OFFSET} hours`);

  return {
    username,
    passwordMd5: password.toLowerCase(),
    osuVersion,
    utcOffset,
    displayCity: flag(city, 'displayCity'),
    clientHashes: parseHashes(hashes),
    blockNonFriendDms: flag(blockDms, 'blockNonFriendDms'),
  };
}
