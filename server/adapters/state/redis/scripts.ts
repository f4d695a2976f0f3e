/**
 * Lua scripts of the Redis LiveState. Each multi-key operation is one script, so it is atomic and
 * one round trip. Keys are built inside the scripts from the prefix in ARGV[1] (the set of keys a
 * publish touches is only known after reading the stream's members); this needs a single Redis
 * (or a primary with replicas), not Redis Cluster — see README.md.
 *
 * Key layout under P = `<keyPrefix>hayate:`:
 *   session:<token>  hash   the Session (record-codec fields) + `_qb` queued bytes, `_drop` dropped bytes,
 *                           `_h` holders: comma-separated ids of the processes serving it from memory
 *   q:<token>        list   queued packet chunks, oldest first
 *   subs:<token>     set    streams the session is subscribed to
 *   stream:<name>    set    member tokens
 *   user:<id>        set    tokens of a user;  users  set  online user ids
 *   name:<safe>      set    tokens by safe username
 *   idle             zset   token → lastSeenAt (unix ms)
 *   presence:<id>    hash   the Presence
 *   match:<id>       hash   `v` version, `data` JSON;  matches  set  live ids
 *   kv:<key>         string
 * Pub/sub channel `P proc:<process id>`: notifications to one process (see README.md, "Held
 * sessions"): a JSON array `["d", token…]` (data was queued for these tokens) or `["x", token]`
 * (the session is gone).
 */

/** Shared Lua helpers, prepended to the scripts that need them. */
const HELPERS = `
local function field_of(fields, name)
  for i = 1, #fields, 2 do
    if fields[i] == name then return fields[i + 1] end
  end
  return nil
end

-- Notifications to holders (processes that serve a session's idle polls from memory). Tokens
-- queued for the calling process are returned to it (it marks them itself, synchronously); the
-- others get one PUBLISH per holder process at the end of the script.
local mine, others = {}, {}
local function note(me, token, holders)
  if not holders then return end
  for h in string.gmatch(holders, '[^,]+') do
    if h == me then
      mine[#mine + 1] = token
    else
      local l = others[h]
      if not l then
        l = {'d'}
        others[h] = l
      end
      l[#l + 1] = token
    end
  end
end
local function notify(P)
  for h, l in pairs(others) do redis.call('PUBLISH', P .. 'proc:' .. h, cjson.encode(l)) end
  return mine
end

local function del_session(P, token)
  local skey = P .. 'session:' .. token
  local fields = redis.call('HGETALL', skey)
  local holders = field_of(fields, '_h')
  if holders then
    local gone = cjson.encode({'x', token})
    for h in string.gmatch(holders, '[^,]+') do redis.call('PUBLISH', P .. 'proc:' .. h, gone) end
  end
  local subs = redis.call('SMEMBERS', P .. 'subs:' .. token)
  for _, s in ipairs(subs) do redis.call('SREM', P .. 'stream:' .. s, token) end
  redis.call('DEL', skey, P .. 'q:' .. token, P .. 'subs:' .. token)
  redis.call('ZREM', P .. 'idle', token)
  local uid = field_of(fields, 'userId')
  if uid then
    local ukey = P .. 'user:' .. uid
    redis.call('SREM', ukey, token)
    if redis.call('SCARD', ukey) == 0 then redis.call('SREM', P .. 'users', uid) end
  end
  local name = field_of(fields, 'usernameSafe')
  if name then redis.call('SREM', P .. 'name:' .. name, token) end
  return fields
end

-- Appends one chunk to a session's queue, dropping the oldest chunks past the byte cap
-- (the newest chunk is always kept whole).
local function push(P, token, data, cap, ttl)
  local qkey = P .. 'q:' .. token
  local skey = P .. 'session:' .. token
  local n = redis.call('RPUSH', qkey, data)
  if n == 1 then redis.call('PEXPIRE', qkey, ttl) end
  local qb = redis.call('HINCRBY', skey, '_qb', #data)
  if qb > cap and n > 1 then
    local dropped = 0
    while qb > cap and n > 1 do
      local old = redis.call('LPOP', qkey)
      qb = qb - #old
      dropped = dropped + #old
      n = n - 1
    end
    redis.call('HSET', skey, '_qb', qb)
    redis.call('HINCRBY', skey, '_drop', dropped)
  end
end

-- The session hashes of some tokens; tokens whose session is gone are removed from the index.
local function sessions_of(P, index, tokens)
  local out = {}
  for _, t in ipairs(tokens) do
    local f = redis.call('HGETALL', P .. 'session:' .. t)
    if #f > 0 then out[#out + 1] = f elseif index then redis.call('SREM', index, t) end
  end
  return out
end
`;

/** ARGV: P, token, ttl, lastSeenAt, userId, usernameSafe, field, value, … */
export const CREATE_SESSION = `${HELPERS}
local P, token, ttl = ARGV[1], ARGV[2], ARGV[3]
local skey = P .. 'session:' .. token
if redis.call('EXISTS', skey) == 1 then del_session(P, token) end
local pairs_ = {}
for i = 7, #ARGV do pairs_[#pairs_ + 1] = ARGV[i] end
redis.call('HSET', skey, unpack(pairs_))
redis.call('PEXPIRE', skey, ttl)
local ukey = P .. 'user:' .. ARGV[5]
local nkey = P .. 'name:' .. ARGV[6]
redis.call('SADD', ukey, token)
redis.call('PEXPIRE', ukey, ttl)
redis.call('SADD', P .. 'users', ARGV[5])
redis.call('SADD', nkey, token)
redis.call('PEXPIRE', nkey, ttl)
redis.call('ZADD', P .. 'idle', ARGV[4], token)
return 1
`;

/**
 * ARGV: P, token, now, ttl, me (calling process id) → session fields or {}. Makes the caller a
 * holder; when it was not one yet, the pair `_new`, `1` is appended to the fields.
 */
export const TOUCH_SESSION = `${HELPERS}
local P, token, now, ttl, me = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local skey = P .. 'session:' .. token
local fields = redis.call('HGETALL', skey)
if #fields == 0 then return fields end
local holders = field_of(fields, '_h')
if holders and string.find(',' .. holders .. ',', ',' .. me .. ',', 1, true) then
  redis.call('HSET', skey, 'lastSeenAt', now)
else
  -- At most 8 holders, newest last: a restarted process comes back under a new id, and a
  -- process dropped here re-registers (and re-reads the queue) on its next touch.
  local list = {}
  if holders then for h in string.gmatch(holders, '[^,]+') do list[#list + 1] = h end end
  while #list >= 8 do table.remove(list, 1) end
  list[#list + 1] = me
  redis.call('HSET', skey, 'lastSeenAt', now, '_h', table.concat(list, ','))
  fields[#fields + 1] = '_new'
  fields[#fields + 1] = '1'
end
redis.call('ZADD', P .. 'idle', now, token)
redis.call('PEXPIRE', skey, ttl)
redis.call('PEXPIRE', P .. 'subs:' .. token, ttl)
redis.call('PEXPIRE', P .. 'q:' .. token, ttl)
for i = 1, #fields, 2 do
  local f = fields[i]
  if f == 'lastSeenAt' then fields[i + 1] = now
  elseif f == 'userId' then redis.call('PEXPIRE', P .. 'user:' .. fields[i + 1], ttl)
  elseif f == 'usernameSafe' then redis.call('PEXPIRE', P .. 'name:' .. fields[i + 1], ttl) end
end
return fields
`;

/**
 * ARGV: P, ttl, token, now, token, now, … : the batched form of a touch for sessions a process
 * holds (no reply, no holder change); sessions deleted meanwhile are skipped, never re-created.
 */
export const TOUCH_MANY = `
local P, ttl = ARGV[1], ARGV[2]
for i = 3, #ARGV, 2 do
  local token, now = ARGV[i], ARGV[i + 1]
  local skey = P .. 'session:' .. token
  local f = redis.call('HMGET', skey, 'userId', 'usernameSafe')
  if f[1] then
    redis.call('HSET', skey, 'lastSeenAt', now)
    redis.call('ZADD', P .. 'idle', now, token)
    redis.call('PEXPIRE', skey, ttl)
    redis.call('PEXPIRE', P .. 'subs:' .. token, ttl)
    redis.call('PEXPIRE', P .. 'q:' .. token, ttl)
    redis.call('PEXPIRE', P .. 'user:' .. f[1], ttl)
    if f[2] then redis.call('PEXPIRE', P .. 'name:' .. f[2], ttl) end
  end
end
return 1
`;

/** ARGV: P, token, nSet (field count × 2), field, value, …, delField, … → new fields or {} */
export const UPDATE_SESSION = `${HELPERS}
local P, token, nset = ARGV[1], ARGV[2], tonumber(ARGV[3])
local skey = P .. 'session:' .. token
if redis.call('EXISTS', skey) == 0 then return {} end
local set = {}
for i = 4, 3 + nset, 2 do
  local f, v = ARGV[i], ARGV[i + 1]
  if f == 'usernameSafe' then
    local old = redis.call('HGET', skey, 'usernameSafe')
    if old and old ~= v then
      redis.call('SREM', P .. 'name:' .. old, token)
      redis.call('SADD', P .. 'name:' .. v, token)
      local ttl = redis.call('PTTL', skey)
      if ttl > 0 then redis.call('PEXPIRE', P .. 'name:' .. v, ttl) end
    end
  end
  set[#set + 1] = f
  set[#set + 1] = v
end
if #set > 0 then redis.call('HSET', skey, unpack(set)) end
for i = 4 + nset, #ARGV do redis.call('HDEL', skey, ARGV[i]) end
return redis.call('HGETALL', skey)
`;

/** ARGV: P, token → old fields or {} */
export const DELETE_SESSION = `${HELPERS}
return del_session(ARGV[1], ARGV[2])
`;

/** ARGV: P, which ('user' | 'name' | 'all'), id → array of session field arrays */
export const LIST_SESSIONS = `${HELPERS}
local P, which, id = ARGV[1], ARGV[2], ARGV[3]
if which == 'all' then
  return sessions_of(P, nil, redis.call('ZRANGE', P .. 'idle', 0, -1))
end
local index = P .. which .. ':' .. id
return sessions_of(P, index, redis.call('SMEMBERS', index))
`;

/** ARGV: P → online user ids; ids whose user index expired (no logout ran) are dropped. */
export const ONLINE_USERS = `
local P = ARGV[1]
local out = {}
for _, uid in ipairs(redis.call('SMEMBERS', P .. 'users')) do
  if redis.call('EXISTS', P .. 'user:' .. uid) == 1 then out[#out + 1] = uid
  else redis.call('SREM', P .. 'users', uid) end
end
return out
`;

/** ARGV: P, idleBefore (exclusive), batch → claimed session field arrays (each claimed once). */
export const CLAIM_IDLE = `${HELPERS}
local P = ARGV[1]
local tokens = redis.call('ZRANGEBYSCORE', P .. 'idle', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, t in ipairs(tokens) do
  local f = del_session(P, t)
  if #f > 0 then out[#out + 1] = f end
end
return {#tokens, out}
`;

/** ARGV: P, token, stream, ttl → 1 if subscribed, 0 if the session does not exist */
export const SUBSCRIBE = `
local P, token, stream, ttl = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', P .. 'session:' .. token) == 0 then return 0 end
redis.call('SADD', P .. 'stream:' .. stream, token)
redis.call('SADD', P .. 'subs:' .. token, stream)
redis.call('PEXPIRE', P .. 'subs:' .. token, ttl)
return 1
`;

/**
 * ARGV: P, stream, data, cap, ttl, me, anyPrivileges ('' = any), nExclude, excluded tokens…,
 * excluded user ids… → the written tokens the caller holds.
 */
export const PUBLISH = `${HELPERS}
local P, stream, data, cap, ttl, me = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6]
local anyp = tonumber(ARGV[7])
local nex = tonumber(ARGV[8])
local excl, exu = {}, {}
for i = 9, 8 + nex do excl[ARGV[i]] = true end
for i = 9 + nex, #ARGV do exu[ARGV[i]] = true end
local skey_stream = P .. 'stream:' .. stream
local members = redis.call('SMEMBERS', skey_stream)
for _, t in ipairs(members) do
  if not excl[t] then
    local f = redis.call('HMGET', P .. 'session:' .. t, 'privileges', 'userId', '_h')
    if not f[2] then
      -- Session expired without a logout (crashed cluster): heal the stream.
      redis.call('SREM', skey_stream, t)
    elseif (anyp == nil or bit.band(tonumber(f[1]), anyp) ~= 0) and not exu[f[2]] then
      push(P, t, data, cap, ttl)
      note(me, t, f[3])
    end
  end
end
return notify(P)
`;

/** ARGV: P, token, data, cap, ttl, me → the token if the caller holds it */
export const SEND = `${HELPERS}
local P, token = ARGV[1], ARGV[2]
local f = redis.call('HMGET', P .. 'session:' .. token, 'userId', '_h')
if not f[1] then return {} end
push(P, token, ARGV[3], tonumber(ARGV[4]), ARGV[5])
note(ARGV[6], token, f[2])
return notify(P)
`;

/** ARGV: P, userId, data, cap, ttl, me → the queued tokens the caller holds */
export const SEND_TO_USER = `${HELPERS}
local P, uid = ARGV[1], ARGV[2]
local ukey = P .. 'user:' .. uid
for _, t in ipairs(redis.call('SMEMBERS', ukey)) do
  local f = redis.call('HMGET', P .. 'session:' .. t, 'userId', '_h')
  if f[1] then
    push(P, t, ARGV[3], tonumber(ARGV[4]), ARGV[5])
    note(ARGV[6], t, f[2])
  else
    redis.call('SREM', ukey, t)
  end
end
return notify(P)
`;

/** ARGV: P, token → everything queued, concatenated (binary-safe), queue emptied */
export const DRAIN = `
local P, token = ARGV[1], ARGV[2]
local qkey = P .. 'q:' .. token
local items = redis.call('LRANGE', qkey, 0, -1)
if #items == 0 then return '' end
redis.call('DEL', qkey)
redis.call('HDEL', P .. 'session:' .. token, '_qb', '_drop')
if #items == 1 then return items[1] end
return table.concat(items)
`;

/** ARGV: P, userId, field, value, … → fields after the update, or {} if absent */
export const UPDATE_PRESENCE = `
local key = ARGV[1] .. 'presence:' .. ARGV[2]
if redis.call('EXISTS', key) == 0 then return {} end
local set = {}
for i = 3, #ARGV do set[#set + 1] = ARGV[i] end
if #set > 0 then redis.call('HSET', key, unpack(set)) end
return redis.call('HGETALL', key)
`;

/** ARGV: P, userId, field, value, … : replaces the whole presence */
export const PUT_PRESENCE = `
local key = ARGV[1] .. 'presence:' .. ARGV[2]
local set = {}
for i = 3, #ARGV do set[#set + 1] = ARGV[i] end
redis.call('DEL', key)
redis.call('HSET', key, unpack(set))
return 1
`;

/** ARGV: P, dataJson, maxId → allocated id (smallest free), or 0 when all are taken */
export const CREATE_MATCH = `
local P, data, maxid = ARGV[1], ARGV[2], tonumber(ARGV[3])
local ids = P .. 'matches'
for id = 1, maxid do
  if redis.call('SISMEMBER', ids, id) == 0 then
    redis.call('SADD', ids, id)
    redis.call('HSET', P .. 'match:' .. id, 'v', 1, 'data', data)
    return id
  end
end
return 0
`;

/**
 * Compare-and-set: ARGV: P, id, expectedVersion, newJson ('' = delete)
 * → 1 applied, 0 version conflict (caller re-reads and retries), -1 match gone.
 */
export const CAS_MATCH = `
local P, id, expected, data = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local key = P .. 'match:' .. id
local v = redis.call('HGET', key, 'v')
if not v then return -1 end
if v ~= expected then return 0 end
if data == '' then
  redis.call('DEL', key)
  redis.call('SREM', P .. 'matches', id)
else
  redis.call('HSET', key, 'data', data)
  redis.call('HINCRBY', key, 'v', 1)
end
return 1
`;

/** ARGV: P → {id, json, id, json, …} */
export const LIST_MATCHES = `
local P = ARGV[1]
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', P .. 'matches')) do
  local d = redis.call('HGET', P .. 'match:' .. id, 'data')
  if d then
    out[#out + 1] = id
    out[#out + 1] = d
  end
end
return out
`;

/** ARGV: P, key, ttl → counter value (expiry set when created) */
export const KV_INCR = `
local key = ARGV[1] .. 'kv:' .. ARGV[2]
local n = redis.call('INCR', key)
if n == 1 then redis.call('PEXPIRE', key, ARGV[3]) end
return n
`;

export const SCRIPTS = {
  hyCreateSession: CREATE_SESSION,
  hyTouchSession: TOUCH_SESSION,
  hyTouchMany: TOUCH_MANY,
  hyUpdateSession: UPDATE_SESSION,
  hyDeleteSession: DELETE_SESSION,
  hyListSessions: LIST_SESSIONS,
  hyOnlineUsers: ONLINE_USERS,
  hyClaimIdle: CLAIM_IDLE,
  hySubscribe: SUBSCRIBE,
  hyPublish: PUBLISH,
  hySend: SEND,
  hySendToUser: SEND_TO_USER,
  hyDrain: DRAIN,
  hyUpdatePresence: UPDATE_PRESENCE,
  hyPutPresence: PUT_PRESENCE,
  hyCreateMatch: CREATE_MATCH,
  hyCasMatch: CAS_MATCH,
  hyListMatches: LIST_MATCHES,
  hyKvIncr: KV_INCR,
} as const;
export type ScriptName = keyof typeof SCRIPTS;
