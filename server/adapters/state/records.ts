/**
 * Schemas of the flat records (sessions, presences): both adapters validate input with them, so
 * bad input gets the same clear StateError everywhere and nothing half-written.
 *
 * The Redis adapter stores them as hashes, one field per property, stored raw so Lua can
 * read them directly (`privileges`, `userId`, `usernameSafe` are used by the scripts):
 * numbers as decimal text (`String(n)` round-trips every double), bigints as decimal text,
 * booleans as `1`/`0`, null as an absent field. Fields starting with `_` are the adapter's own
 * bookkeeping (queued/dropped bytes) and are ignored by `decode`.
 */
import { StateError } from '../../ports/state.js';
import type { Presence, Session } from '../../ports/state.js';

export type FieldKind = 'str' | 'num' | 'bool' | 'bigint' | 'str?' | 'num?';
export type Schema<T> = { readonly [K in keyof T]-?: FieldKind };

export const SESSION_SCHEMA: Schema<Session> = {
  token: 'str',
  userId: 'num',
  username: 'str',
  usernameSafe: 'str',
  privileges: 'num',
  utcOffset: 'num',
  country: 'str',
  latitude: 'num',
  longitude: 'num',
  clientVersion: 'str',
  clientStream: 'str',
  blockNonFriendDms: 'bool',
  silenceEnd: 'num',
  awayMessage: 'str?',
  presenceFilter: 'num',
  ip: 'str',
  loginAt: 'num',
  lastSeenAt: 'num',
  spectating: 'str?',
  matchId: 'num?',
  inLobby: 'bool',
};

export const PRESENCE_SCHEMA: Schema<Presence> = {
  userId: 'num',
  username: 'str',
  clientPrivileges: 'num',
  country: 'str',
  latitude: 'num',
  longitude: 'num',
  utcOffset: 'num',
  action: 'num',
  infoText: 'str',
  beatmapMd5: 'str',
  beatmapId: 'num',
  mods: 'num',
  mode: 'num',
  rankedScore: 'bigint',
  totalScore: 'bigint',
  accuracy: 'num',
  playcount: 'num',
  pp: 'num',
  globalRank: 'num',
};

export interface EncodedPatch {
  /** field, value, field, value … */
  set: string[];
  /** Fields whose new value is null. */
  del: string[];
}

function encodeValue(field: string, kind: FieldKind, value: unknown): string {
  switch (kind) {
    case 'str':
    case 'str?':
      if (typeof value !== 'string') break;
      return value;
    case 'num':
    case 'num?':
      if (typeof value !== 'number' || !Number.isFinite(value)) break;
      return String(value);
    case 'bool':
      if (typeof value !== 'boolean') break;
      return value ? '1' : '0';
    case 'bigint':
      if (typeof value !== 'bigint') break;
      return value.toString();
  }
  throw new StateError(`field ${field}: expected ${kind}, got ${typeof value === 'number' ? value : typeof value}`);
}

/** Encodes the defined properties of `patch` (undefined = leave as is; null = clear). */
export function encodePatch<T>(schema: Schema<T>, patch: Partial<T>): EncodedPatch {
  const set: string[] = [];
  const del: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const kind = (schema as Record<string, FieldKind | undefined>)[field];
    if (kind === undefined || value === undefined) continue;
    if (value === null) {
      if (!kind.endsWith('?')) throw new StateError(`field ${field} cannot be null`);
      del.push(field);
      continue;
    }
    set.push(field, encodeValue(field, kind, value));
  }
  return { set, del };
}

/** A schema's [field, kind] pairs, listed once per schema instead of on every decode. */
const FIELD_LISTS = new WeakMap<object, ReadonlyArray<readonly [string, FieldKind]>>();

function fieldsOf<T>(schema: Schema<T>): ReadonlyArray<readonly [string, FieldKind]> {
  let fields = FIELD_LISTS.get(schema);
  if (fields === undefined) FIELD_LISTS.set(schema, (fields = Object.entries(schema) as Array<[string, FieldKind]>));
  return fields;
}

/**
 * Decodes an HGETALL-style flat array; undefined for an empty reply (no such record). On the
 * Redis poll path (every touchSession), hence the cached field list.
 */
export function decodeRecord<T>(schema: Schema<T>, flat: readonly string[], what: string): T | undefined {
  if (flat.length === 0) return undefined;
  const raw = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) raw.set(flat[i]!, flat[i + 1]!);
  const out: Record<string, unknown> = {};
  for (const [field, kind] of fieldsOf(schema)) {
    const v = raw.get(field);
    if (v === undefined) {
      if (kind.endsWith('?')) {
        out[field] = null;
        continue;
      }
      throw new StateError(`corrupt ${what} record: field ${field} missing`);
    }
    switch (kind) {
      case 'str':
      case 'str?':
        out[field] = v;
        break;
      case 'num':
      case 'num?':
        out[field] = Number(v);
        break;
      case 'bool':
        out[field] = v === '1';
        break;
      case 'bigint':
        out[field] = BigInt(v);
        break;
    }
  }
  return out as T;
}

/**
 * Checks a whole record (every field present with the right type, `null` only where allowed);
 * throws StateError naming the first bad field. Returns the encoding the type check produced, so
 * a writer that stores it does not encode the record a second time.
 */
export function validateRecord<T>(schema: Schema<T>, record: T, what: string): EncodedPatch {
  if (record === null || typeof record !== 'object') throw new StateError(`${what}: expected an object`);
  for (const field of Object.keys(schema)) {
    if ((record as Record<string, unknown>)[field] === undefined) throw new StateError(`${what}: field ${field} missing`);
  }
  return encodePatch(schema, record as Partial<T>);
}

export function validateSession(session: Session): EncodedPatch {
  const encoded = validateRecord(SESSION_SCHEMA, session, 'session');
  if (session.token === '') throw new StateError('session: empty token');
  if (!Number.isSafeInteger(session.userId)) throw new StateError(`session: bad userId ${session.userId}`);
  return encoded;
}
