/**
 * The login use-case (§3). Checks in the order of §3.3 — maintenance flag, body, client age,
 * user, password (bcrypt in the compute pool behind a verified-hash cache), CanLogin/pending,
 * frozen, multi-account rules, session cap — then the session, presence, channel joins and the
 * response in the recommended order of §3.2:
 *   75, 5, 71, 24 (welcome), 65 per readable channel, 89, 64 per server-joined channel, 72, 92,
 *   own 83+11, bot 83+11, 96 bundle, offline DMs (then marked read), [104 when restricted].
 * The newcomer's 83+11 goes to everyone who can see them.
 */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION } from '../../../protocol/bancho/ids.js';
import { LoginParseError, parseLoginBody, type LoginRequest } from '../../../protocol/bancho/login.js';
import { encodeServer } from '../../../protocol/bancho/writer.js';
import {
  canLogin,
  clientPrivilegesOf,
  isPubliclyVisible,
  isTournamentStaff,
  loginPrivilegesOf,
  Privileges,
} from '../../domain/privileges.js';
import { unixSeconds } from '../../ports/clock.js';
import { Streams, type Presence, type Session } from '../../ports/state.js';
import type { UserRow } from '../../ports/storage.js';
import type { GeoLocation } from '../../ports/geolocation.js';
import type { BanchoDeps } from '../context.js';
import { autoJoinNames, canRead } from '../chat/channel-access.js';
import { dbChannels } from '../chat/channel-list.js';
import { enterChannel } from '../chat/membership.js';
import { offlineMessagesFor } from '../chat/send-private-message.js';
import { botMessage } from '../chat/bot-say.js';
import { STATS_ALL_STREAM } from '../presence/broadcast-user.js';
import { botPresence, safeName } from '../presence/bot.js';
import { presencePacket, statsPacket, userPackets } from '../presence/encode-user.js';
import { loadStats } from '../presence/load-stats.js';
import { isClientTooOld } from './client-age.js';
import { LoginCode, loginFailure, type LoginAnswer } from './login-failure.js';
import { clearPendingRename, pendingRename } from '../../users/pending-rename.js';
import { checkHardware } from './multi-account.js';
import { isKnownGood, rememberGood } from './verified-hash-cache.js';

export const MAX_SESSIONS_PER_USER = 20;
export const MAX_SESSIONS_TOURNAMENT_STAFF = 40;

export async function handleLogin(deps: BanchoDeps, body: Uint8Array, ip: string, countryHint?: string): Promise<LoginAnswer> {
  try {
    return await login(deps, body, ip, countryHint);
  } catch (err) {
    deps.log.error('login failed with an internal error', { err });
    return loginFailure(LoginCode.ServerError, 'The server had a problem logging you in. Please try again in a moment.');
  }
}

async function login(deps: BanchoDeps, body: Uint8Array, ip: string, countryHint: string | undefined): Promise<LoginAnswer> {
  if (((await deps.storage.settings.getInt('bancho_maintenance')) ?? 0) !== 0) {
    return loginFailure(LoginCode.ServerError, `${deps.config.serverName} is in maintenance mode. Please try again later.`);
  }
  let req: LoginRequest;
  try {
    req = parseLoginBody(body);
  } catch (err) {
    if (err instanceof LoginParseError) return loginFailure(LoginCode.AuthenticationFailed, `Your client sent an invalid login request (${err.field}).`);
    throw err;
  }
  const now = deps.clock.now();
  if (isClientTooOld(req.osuVersion, now)) {
    return loginFailure(LoginCode.ClientTooOld, 'Your osu! client is too old. Please update it to log in.');
  }

  const user = await deps.storage.users.findBySafeName(safeName(req.username));
  if (!user || user.id === deps.config.botUserId || !(await passwordMatches(deps, user, req.passwordMd5))) {
    return loginFailure(LoginCode.AuthenticationFailed, 'Incorrect username or password.');
  }
  if (!canLogin(user.privileges)) {
    return loginFailure(LoginCode.AuthenticationFailed, 'Your account is banned.');
  }

  // `users.frozen` is rs's flag (`!freeze`: 1 with freeze_reason): it marks the account for staff
  // review and changes nothing at login, exactly as rs ignores it there.
  const verdict = await checkHardware(deps, user, req.clientHashes, ip);
  if (verdict.kind === 'refused') return loginFailure(LoginCode.AuthenticationFailed, verdict.reason);
  const privileges = verdict.privileges;

  const existing = await deps.state.sessionsOfUser(user.id);
  const cap = isTournamentStaff(privileges) ? MAX_SESSIONS_TOURNAMENT_STAFF : MAX_SESSIONS_PER_USER;
  if (existing.length >= cap) {
    return loginFailure(LoginCode.AuthenticationFailed, `You already have ${existing.length} sessions open; close one and try again.`);
  }

  // Geolocation (issue 10): coordinates for the presence; an account still at `XX` gets its
  // real country stored (registration may have happened before geolocation was configured).
  const geo = await deps.geo?.locate(ip, countryHint);
  let located = user;
  if (geo && (user.country === '' || user.country === 'XX')) {
    await deps.storage.users.setCountry(user.id, geo.country);
    located = { ...user, country: geo.country };
  }
  return startSession(deps, located, privileges, req, ip, now, geo);
}

async function passwordMatches(deps: BanchoDeps, user: UserRow, md5: string): Promise<boolean> {
  if (isKnownGood(user.id, md5, user.passwordHash)) return true;
  if (!user.passwordHash) return false;
  const ok = await deps.passwords.verify(md5, user.passwordHash);
  if (ok) rememberGood(user.id, md5, user.passwordHash);
  return ok;
}

async function startSession(deps: BanchoDeps, user: UserRow, privileges: number, req: LoginRequest, ip: string, now: number, geo?: GeoLocation): Promise<LoginAnswer> {
  user = await applyPendingRename(deps, user);
  const token = randomUUID();
  const session: Session = {
    token,
    userId: user.id,
    username: user.username,
    usernameSafe: user.usernameSafe,
    privileges,
    utcOffset: req.utcOffset,
    country: user.country || 'XX',
    latitude: geo?.latitude ?? 0,
    longitude: geo?.longitude ?? 0,
    clientVersion: req.osuVersion.raw,
    clientStream: req.osuVersion.stream,
    blockNonFriendDms: req.blockNonFriendDms,
    silenceEnd: user.silenceEnd > unixSeconds(deps.clock) ? user.silenceEnd : 0,
    awayMessage: null,
    presenceFilter: 1,
    ip,
    loginAt: now,
    lastSeenAt: now,
    spectating: null,
    matchId: null,
    inLobby: false,
  };
  await deps.state.createSession(session);
  const [existing] = await Promise.all([
    deps.state.getPresence(user.id),
    deps.state.subscribe(token, Streams.main),
    deps.state.subscribe(token, STATS_ALL_STREAM),
    deps.state.subscribe(token, Streams.session(token)),
  ]);

  // One presence per user, shared by their sessions: keep the current one when already online.
  let presence = existing;
  if (!presence) {
    presence = newPresence(user, privileges, req, await loadStats(deps, user.id, 0), geo);
    await deps.state.putPresence(presence);
  } else if (presence.clientPrivileges !== clientPrivilegesOf(privileges)) {
    presence = (await deps.state.updatePresence(user.id, { clientPrivileges: clientPrivilegesOf(privileges) })) ?? presence;
  }

  const out: Uint8Array[] = [
    encodeServer.PROTOCOL_VERSION(PROTOCOL_VERSION),
    encodeServer.USER_ID(user.id),
    encodeServer.PRIVILEGES(loginPrivilegesOf(privileges)),
  ];
  const [notification, menuIcon] = await Promise.all([
    deps.storage.settings.getString('login_notification'),
    // Akatsuki's main_menu_icons (admin panel), as its bancho reads it: `file_id|url` of the current icon.
    deps.storage.menuIcons.current().then((i) => i && `${i.fileId}|${i.url}`),
  ]);
  out.push(encodeServer.NOTIFICATION(notification || `Welcome to ${deps.config.serverName}!`));
  // 76 takes `image_url|click_url`; anything without both halves would show a broken icon.
  const icon = menuIconOf(menuIcon);
  if (icon !== null) out.push(encodeServer.MAIN_MENU_ICON(icon));

  // Server-side joins first so the 65 counts below include this session.
  const channels = await dbChannels(deps.storage);
  const joinRows = autoJoinNames(privileges)
    .map((name) => channels.get(name))
    .filter((row): row is NonNullable<typeof row> => row !== undefined && canRead(row, privileges));
  await Promise.all(joinRows.map((row) => enterChannel(deps, session, row.name, row)));
  const joined = joinRows.map((row) => row.name);
  // Independent reads, issued together (one round trip each backend instead of a chain).
  const listed = [...channels.values()].filter((row) => !row.hidden && canRead(row, privileges) && row.name !== '#lobby');
  const [counts, friends, botNow, online, offline] = await Promise.all([
    Promise.all(listed.map((row) => deps.state.streamSize(Streams.channel(row.name)))),
    deps.storage.relationships.friendsOf(user.id),
    deps.state.getPresence(deps.config.botUserId),
    visibleOnlineIds(deps, user.id),
    offlineMessagesFor(deps, user.id, user.username),
  ]);
  listed.forEach((row, i) => out.push(encodeServer.CHANNEL_INFO({ name: row.name, topic: row.description, userCount: counts[i]! })));
  out.push(encodeServer.CHANNEL_INFO_END());
  for (const name of joined) out.push(encodeServer.CHANNEL_JOIN_SUCCESS(name));

  out.push(encodeServer.FRIENDS_LIST(friends));
  out.push(encodeServer.SILENCE_END(Math.max(0, session.silenceEnd - unixSeconds(deps.clock))));
  out.push(userPackets(presence));
  const bot = botNow ?? botPresence(deps);
  out.push(presencePacket(bot), statsPacket(bot));
  out.push(encodeServer.USER_PRESENCE_BUNDLE(online));
  out.push(...offline);
  if (isFirstLogin(user, privileges)) {
    out.push(botMessage(deps, `Welcome to ${deps.config.serverName}, ${user.username}! Type !help to see what I can do.`, user.username));
  }

  const activity = deps.storage.users.setLatestActivity(user.id, unixSeconds(deps.clock));
  if (isPubliclyVisible(privileges)) {
    await deps.state.publish(Streams.main, userPackets(presence), { exclude: [token] });
  } else {
    out.push(encodeServer.ACCOUNT_RESTRICTED());
    out.push(encodeServer.NOTIFICATION('Your account is restricted: other players cannot see you and your scores are hidden.'));
  }
  await activity;
  deps.log.info('login', { userId: user.id, username: user.username, stream: req.osuVersion.stream });
  return { token, body: Buffer.concat(out), userId: user.id };
}

/**
 * The account's first login (bpy sends a welcome DM then): the login that just lifted
 * PendingVerification, or an account that never had any activity recorded.
 */
function isFirstLogin(user: UserRow, privileges: number): boolean {
  const wasPending = (user.privileges & Privileges.PendingVerification) !== 0;
  const nowVerified = (privileges & Privileges.PendingVerification) === 0;
  return (wasPending && nowVerified) || user.latestActivity === 0;
}

/** The current main-menu icon as the 76 payload, or null when unset or not `image_url|click_url`. */
export function menuIconOf(setting: string | undefined): string | null {
  const value = setting?.trim() ?? '';
  const bar = value.indexOf('|');
  if (bar <= 0 || bar === value.length - 1) return null;
  return value;
}

/** A `peppy:change_username` that arrived while the user was playing is applied now. */
async function applyPendingRename(deps: BanchoDeps, user: UserRow): Promise<UserRow> {
  const pending = await pendingRename(deps.sharedKeys, user.id);
  if (pending === undefined) return user;
  await clearPendingRename(deps.sharedKeys, user.id);
  if (pending === user.username) return user;
  const usernameSafe = safeName(pending);
  const taken = await deps.storage.users.findBySafeName(usernameSafe);
  if (taken && taken.id !== user.id) return user;
  await deps.storage.users.rename(user.id, pending, usernameSafe);
  // Other sessions of the user (and the shared presence) take the new name too.
  for (const s of await deps.state.sessionsOfUser(user.id)) await deps.state.updateSession(s.token, { username: pending, usernameSafe });
  await deps.state.updatePresence(user.id, { username: pending });
  return { ...user, username: pending, usernameSafe };
}

function newPresence(user: UserRow, privileges: number, req: LoginRequest, stats: Awaited<ReturnType<typeof loadStats>>, geo: GeoLocation | undefined): Presence {
  return {
    userId: user.id,
    username: user.username,
    clientPrivileges: clientPrivilegesOf(privileges),
    country: user.country || 'XX',
    latitude: geo?.latitude ?? 0,
    longitude: geo?.longitude ?? 0,
    utcOffset: req.utcOffset,
    action: 0,
    infoText: '',
    beatmapMd5: '',
    beatmapId: 0,
    mods: 0,
    mode: 0,
    ...stats,
  };
}

/**
 * Ids for the 96 bundle: every online user (rs), the bot, and oneself. Loading every presence to
 * drop restricted users made each login O(online users) in decoded records (15 ms at 150 online
 * with Redis); a restricted id in the bundle is harmless: the client asks for its presence (97)
 * and is answered 12 USER_LOGOUT, so it never shows.
 */
async function visibleOnlineIds(deps: BanchoDeps, self: number): Promise<number[]> {
  const ids = await deps.state.onlineUserIds();
  if (!ids.includes(self)) ids.push(self);
  if (!ids.includes(deps.config.botUserId)) ids.push(deps.config.botUserId);
  return ids;
}
