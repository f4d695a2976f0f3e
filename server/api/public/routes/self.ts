/** The caller's own settings and pinned scores (users/self/settings, users/scores/pin|unpin). */
import type { Method } from '../context.js';
import { userTitle } from '../format.js';
import { simple } from '../request.js';

function jsonBody(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const selfSettingsGet: Method = async (md, deps) => {
  const u = await deps.read.findUser({ id: md.userId }, { selfId: md.userId, seesAll: true });
  if (!u) return simple(404, 'No such user was found!');
  return {
    code: 200,
    id: u.id,
    username: u.username,
    email: u.email,
    user_title: userTitle(u.userTitle, u.privileges),
    eligible_titles: [],
    favourite_mode: u.favouriteMode,
    custom_badge: { name: u.customBadgeName, icon: u.customBadgeIcon, colour: '', show: u.showCustomBadge },
    play_style: u.playStyle,
    vanilla_pp_leaderboards: u.vanillaPpLeaderboards,
    leaderboard_size: u.leaderboardSize,
  };
};

/** Only the fields sent are changed; favourite_mode is clamped to 0..3 as akatsuki-api does. */
export const selfSettingsPost: Method = async (md, deps) => {
  const d = jsonBody(md.req.body);
  if (!d) return simple(400, 'Your JSON for this request is invalid.');
  const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
  const fav = int(d.favourite_mode);
  const size = d.leaderboard_size === null ? null : int(d.leaderboard_size);
  if (size !== undefined && size !== null && (size < 1 || size > 500)) return simple(400, 'leaderboard_size must be between 1 and 500');
  await deps.settings.save(md.userId, {
    ...(fav === undefined ? {} : { favouriteMode: Math.min(3, Math.max(0, fav)) }),
    ...(int(d.play_style) === undefined ? {} : { playStyle: int(d.play_style)! }),
    ...(typeof d.vanilla_pp_leaderboards === 'boolean' ? { vanillaPpLeaderboards: d.vanilla_pp_leaderboards } : {}),
    ...(size === undefined ? {} : { leaderboardSize: size }),
  });
  return selfSettingsGet(md, deps);
};

function pin(pinned: boolean): Method {
  return async (md, deps) => {
    const d = jsonBody(md.req.body);
    const id = typeof d?.id === 'string' && /^\d{1,20}$/.test(d.id) ? BigInt(d.id) : undefined;
    if (id === undefined) return simple(400, 'id must be a score id (as a string)');
    const rx = d!.rx === 1 ? 'relax' : d!.rx === 2 ? 'autopilot' : 'vanilla';
    const ok = await deps.settings.setScorePinned(rx, id, md.userId, pinned);
    if (!ok) return simple(404, "I'd also like to pin a score I don't have... but I can't.");
    return { code: 200, score_id: id.toString() };
  };
}

export const pinPost = pin(true);
export const unpinPost = pin(false);
