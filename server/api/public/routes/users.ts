/** /api/v1/users…: single and filtered users, whatid, lookup, full, userpage, achievements, most played, grades. */
import type { VanillaMode } from '../../../../protocol/osu/modes.js';
import { Privileges } from '../../../domain/privileges.js';
import type { BoardRef } from '../../../ports/leaderboards.js';
import type { UserSortColumn } from '../../../ports/public-read-model.js';
import type { UserStatsRow } from '../../../ports/storage.js';
import type { Method, PublicApiDeps } from '../context.js';
import { modeExists, PLAYSTYLE_OF_RX, rfc3339, type Rx } from '../format.js';
import { modeParam, rxParam, userKey } from '../params.js';
import { goAtoi, paginate, safeUsername, simple, type ApiBody } from '../request.js';
import { beatmapShape, grades, modeData, orNull, userData, type Ranks } from '../shapes.js';
import { TokenPrivileges } from '../token-privileges.js';

const USER_SORTS: readonly UserSortColumn[] = ['id', 'username', 'privileges', 'donor_expire', 'latest_activity', 'silence_end'];

/** `common.Sort`: every `sort=col[,asc|desc]` whose column is allowed, in order. */
export function sortOf<C extends string>(values: string[], allowed: readonly C[]): Array<{ column: C; desc: boolean }> {
  const out: Array<{ column: C; desc: boolean }> = [];
  for (const v of values) {
    const [col, dir] = v.toLowerCase().split(',');
    if ((allowed as readonly string[]).includes(col!)) out.push({ column: col as C, desc: dir !== 'asc' });
  }
  return out;
}

const ints = (values: string[]): number[] => values.map((v) => goAtoi(v)).filter((n): n is number => n !== undefined);

export const usersGet: Method = async (md, deps) => {
  const { q } = md;
  // No id/name: the filtered list (userPutsMulti).
  if (q.get('id') === '' && q.get('name') === '') {
    const optInt = (name: string): number | undefined => (q.get(name) === '' ? undefined : (goAtoi(q.get(name)) ?? -1));
    const users = await deps.read.listUsers(
      {
        safeName: q.get('nname') === '' ? undefined : safeUsername(q.get('nname')),
        id: optInt('iid'),
        privileges: optInt('privileges'),
        hasPrivileges: optInt('has_privileges'),
        hasNotPrivileges: optInt('has_not_privileges'),
        country: q.get('country') === '' ? undefined : q.get('country'),
        nameAka: q.get('name_aka') === '' ? undefined : q.get('name_aka'),
        ids: ints(q.all('ids')),
        safeNames: q.all('names').map(safeUsername),
        countries: q.all('countries'),
      },
      md.viewer,
      sortOf(q.all('sort'), USER_SORTS),
      paginate(q, 100),
    );
    return { code: 200, users: orNull(users.map(userData)) };
  }
  const user = await deps.read.findUser(userKey(q, md.userId), md.viewer);
  if (!user) return simple(404, 'No such user was found!');
  return { code: 200, ...userData(user) };
};

export const usersSelfGet: Method = async (md, deps) => {
  const user = await deps.read.findUser({ id: md.userId }, md.viewer);
  if (!user) return simple(404, 'No such user was found!');
  return { code: 200, ...userData(user) };
};

export const whatIdGet: Method = async (md, deps) => {
  const user = await deps.read.findUser({ safeName: safeUsername(md.q.get('name')) }, { selfId: 0, seesAll: md.viewer.seesAll });
  if (!user) return simple(404, 'That user could not be found!');
  return { code: 200, id: user.id };
};

export const lookupGet: Method = async (md, deps) => {
  const name = safeUsername(md.q.get('name'));
  if (name === '') return simple(400, 'please provide an username to start searching');
  const raw = md.q.get('name');
  const email = (md.tokenPrivileges & TokenPrivileges.ManageUser) !== 0 && raw.includes('@') ? raw : undefined;
  const users = await deps.read.lookupUsers(name, email, md.viewer);
  return { code: 200, users: orNull(users) };
};

/** Global and country rank from the boards; null when the user is not on them (akatsuki-api's `_position`). */
export async function ranksOf(deps: PublicApiDeps, rx: Rx, mode: VanillaMode, userId: number, country: string, opts: { skipGlobal?: boolean } = {}): Promise<Ranks> {
  const board: BoardRef = { playstyle: PLAYSTYLE_OF_RX[rx], mode };
  const countryBoard = country !== '' && country.toUpperCase() !== 'XX';
  const [g, c] = await Promise.all([
    opts.skipGlobal ? Promise.resolve(0) : deps.leaderboards.rank(board, userId),
    countryBoard ? deps.leaderboards.rank({ ...board, country }, userId) : Promise.resolve(0),
  ]);
  return { global: g > 0 ? g : null, country: c > 0 ? c : null };
}

const MODE_KEYS = ['std', 'taiko', 'ctb', 'mania'] as const;

/** The `stats` array of users/full: [vanilla, relax, autopilot] × {std, taiko, ctb, mania}. */
export async function statsArray(deps: PublicApiDeps, userId: number, country: string, rows: UserStatsRow[]): Promise<Array<Record<string, unknown>>> {
  const byMode = new Map(rows.map((r) => [r.mode as number, r]));
  const out: Array<Record<string, unknown>> = [];
  for (const rx of [0, 1, 2] as const) {
    const entry: Record<string, unknown> = {};
    await Promise.all(
      MODE_KEYS.map(async (key, mode) => {
        const m = mode as VanillaMode;
        const exists = modeExists(rx, m);
        // akatsuki-api fills level and ranks for every vanilla and relax mode, and autopilot std.
        const filled = rx !== 2 || m === 0;
        const ranks = filled ? await ranksOf(deps, rx, m, userId, country) : { global: null, country: null };
        entry[key] = modeData(exists ? byMode.get(mode + 4 * rx) : undefined, ranks, filled);
      }),
    );
    out.push({ std: entry.std, taiko: entry.taiko, ctb: entry.ctb, mania: entry.mania });
  }
  return out;
}

export const fullGet: Method = async (md, deps) => {
  const user = await deps.read.findUser(userKey(md.q, md.userId), md.viewer);
  if (!user) return simple(404, 'That user could not be found!');
  const [rows, followers, badges, tbadges, clan] = await Promise.all([
    deps.storage.stats.getAllModes(user.id),
    deps.read.followers(user.id),
    deps.read.badgesOf(user.id),
    deps.read.tournamentBadgesOf(user.id),
    deps.read.clan(user.clanId),
  ]);
  const stats = await statsArray(deps, user.id, user.country, rows);
  const customOk = user.canCustomBadge && user.showCustomBadge && (user.privileges & Privileges.Donator) !== 0 && (user.customBadgeName !== '' || user.customBadgeIcon !== '');
  const body: ApiBody = {
    code: 200,
    ...userData(user),
    stats,
    play_style: user.playStyle,
    favourite_mode: user.favouriteMode,
    badges: orNull(badges),
    clan: clan ?? { id: 0, name: '', tag: '', description: '', icon: '', owner: 0, status: 0 },
    followers,
    tbadges: orNull(tbadges),
    custom_badge: customOk ? { name: user.customBadgeName, icon: user.customBadgeIcon, colour: '' } : null,
    silence_info: { reason: user.silenceReason, end: rfc3339(user.silenceEnd) },
  };
  if ((md.tokenPrivileges & TokenPrivileges.ManageUser) !== 0) {
    body.cm_notes = user.notes;
    body.ban_date = rfc3339(user.banDatetime);
    if (user.email !== '') body.email = user.email;
  }
  return body;
};

export const userpageGet: Method = async (md, deps) => {
  const user = await deps.read.findUser(userKey(md.q, md.userId), { selfId: md.userId, seesAll: true });
  if (!user) return simple(404, 'No such user!');
  const raw = user.userpageContent ?? '';
  const escaped = md.q.get('de') === '1' ? raw : escapeHtml(raw);
  return { code: 200, userpage: escaped, userpage_compiled: escapeHtml(raw).replaceAll('\n', '<br>') };
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
}

export const achievementsGet: Method = async (md, deps) => {
  const id = md.q.int('id');
  if (id === 0) return simple(400, 'please pass a valid user ID');
  const user = await deps.read.findUser({ id }, md.viewer);
  if (!user) return simple(404, 'That user could not be found!');
  const list = await deps.read.achievements(id, modeParam(md.q));
  const all = md.q.has('all');
  return {
    code: 200,
    achievements: orNull(
      list
        .filter((a) => all || a.achieved)
        .map((a) => ({ id: a.id, name: a.name, description: a.description, icon: a.icon, achieved: a.achieved })),
    ),
  };
};

export const mostPlayedGet: Method = async (md, deps) => {
  const id = md.q.int('id');
  if (id === 0) return simple(401, 'Invalid user id!');
  const rows = await deps.read.mostPlayed(id, rxParam(md.q), modeParam(md.q), paginate(md.q, 100));
  return { code: 200, most_played_beatmaps: orNull(rows.map((r) => ({ playcount: r.count, beatmap: beatmapShape(r.beatmap) }))) };
};

export const gradesGet: Method = async (md, deps) => {
  const id = md.q.int('id');
  const modeValue = md.q.int('mode');
  const user = await deps.read.findUser({ id }, md.viewer);
  const row = user ? await deps.storage.stats.get(id, modeValue as UserStatsRow['mode']) : undefined;
  if (!row) return simple(404, 'User stats not found');
  return { code: 200, grades: grades(row) };
};
