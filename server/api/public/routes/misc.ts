/** ping, countries, badges, clans, friends, match. */
import { COUNTRY_CODES } from '../../../../protocol/bancho/countries.js';
import { Privileges } from '../../../domain/privileges.js';
import type { Method } from '../context.js';
import { rfc3339 } from '../format.js';
import { goAtoi, paginate, simple } from '../request.js';
import { orNull, userData } from '../shapes.js';
import { tokenPrivilegeNames, userPrivilegeNames } from '../token-privileges.js';

export const pingGet: Method = (md) => ({
  code: 200,
  message: md.userId === 0 ? "You have not given us a token, so we don't know who you are! But you can still login with POST /tokens" : 'pong',
  user_id: md.userId,
  privileges: md.tokenPrivileges,
  user_privileges: md.userPrivileges,
  privileges_string: tokenPrivilegeNames(md.tokenPrivileges),
  user_privileges_string: userPrivilegePrivilegesString(md.userPrivileges),
});

function userPrivilegePrivilegesString(p: number): string {
  return userPrivilegeNames(p);
}

let countries: Array<{ name: string; code: string }> | undefined;
/** ISO 3166 names from ICU for every country code the client knows (no `XX`, `A1`, `O1` …). */
export function countryList(): Array<{ name: string; code: string }> {
  if (!countries) {
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    countries = [];
    for (const code of COUNTRY_CODES) {
      if (!/^[A-Z]{2}$/.test(code) || code === 'XX') continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code) countries.push({ name, code });
    }
    countries.sort((a, b) => a.code.localeCompare(b.code));
  }
  return countries;
}

export const countriesGet: Method = () => ({ code: 200, countries: countryList() });

export const badgesGet: Method = async (md, deps) => {
  const all = await deps.read.badges();
  if (md.q.get('id') !== '') {
    const id = goAtoi(md.q.get('id'));
    return { code: 200, badges: orNull(all.filter((b) => b.id === id)) };
  }
  const { offset, limit } = paginate(md.q, 50);
  return { code: 200, badges: orNull(all.slice(offset, offset + limit)) };
};

export const clansGet: Method = async (md, deps) => {
  if (md.q.get('id') !== '') {
    const clan = await deps.read.clan(md.q.int('id'));
    if (!clan) return simple(404, 'Clan not found');
    return { code: 200, clan };
  }
  return { code: 200, clans: orNull(await deps.read.clans(paginate(md.q, 50))) };
};

export const friendsGet: Method = async (md, deps) => {
  const friends = await deps.read.friendsOf(md.userId);
  const visible = friends.filter((f) => (f.privileges & 1) === 1 || md.viewer.seesAll);
  const { offset, limit } = paginate(md.q, 100);
  return { code: 200, friends: orNull(visible.slice(offset, offset + limit).map((f) => ({ ...userData(f), is_mutual: f.isMutual }))) };
};

export const friendsWithGet: Method = async (md, deps) => {
  const id = md.q.int('id');
  const friend = await deps.storage.relationships.isFriend(md.userId, id);
  const back = friend && (await deps.storage.relationships.isFriend(id, md.userId));
  return { code: 200, friend, mutual: back };
};

function bodyUser(body: Buffer): number | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as { user?: unknown };
    return typeof v.user === 'number' && Number.isInteger(v.user) ? v.user : undefined;
  } catch {
    return undefined;
  }
}

export const friendsAddPost: Method = async (md, deps) => {
  const u = bodyUser(md.req.body);
  if (u === undefined) return simple(400, 'Your JSON for this request is invalid.');
  if (u === md.userId) return simple(406, "Just so you know: you can't add yourself to your friends.");
  const target = await deps.read.findUser({ id: u }, md.viewer);
  if (!target) return simple(404, "I'd also like to be friends with someone who doesn't even exist (???), however that's NOT POSSIBLE.");
  const mutual = await deps.storage.relationships.isFriend(u, md.userId);
  await deps.storage.relationships.add(md.userId, u);
  return { code: 200, friend: true, mutual };
};

export const friendsDelPost: Method = async (md, deps) => {
  const u = bodyUser(md.req.body);
  if (u === undefined) return simple(400, 'Your JSON for this request is invalid.');
  await deps.storage.relationships.remove(md.userId, u);
  return { code: 200, friend: false, mutual: false };
};

export const matchGet: Method = async (md, deps) => {
  const match = await deps.read.match(md.q.int('id'));
  if (!match) return simple(404, 'That match could not be found!');
  const events = await deps.read.matchEvents(match.id);
  if (match.private) {
    const joined = events.some((e) => e.type === 'MATCH_USER_JOIN' && e.user?.id === md.userId);
    if (!joined || (md.userPrivileges & Privileges.AdminTournamentStaff) === 0) return simple(404, 'That match could not be found!');
  }
  const games = new Map(match.games.map((g) => [g.id, g]));
  const running = match.games.filter((g) => g.endTime === null).at(-1);
  return {
    code: 200,
    match: { id: match.id, name: match.name, start_time: rfc3339(match.startTime), end_time: match.endTime === null ? null : rfc3339(match.endTime) },
    events: events.map((e) => {
      const g = e.gameId === null ? undefined : games.get(e.gameId);
      return {
        id: e.id,
        type: e.type,
        timestamp: rfc3339(e.timestamp),
        user: e.user,
        game: g
          ? { id: g.id, beatmap: { id: g.beatmapId }, mode: g.mode, mods: g.mods, start_time: rfc3339(g.startTime), end_time: g.endTime === null ? null : rfc3339(g.endTime), scores: null }
          : null,
      };
    }),
    first_event_id: events[0]?.id ?? 0,
    latest_event_id: events.at(-1)?.id ?? 0,
    current_game_id: running?.id ?? null,
  };
};
