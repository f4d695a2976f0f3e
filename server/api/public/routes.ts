/**
 * akatsuki-api's public REST routes on the shared app (score-and-web.md §6). Paths that rs's
 * bancho API (/api/v1/isOnline …) and performance-service (/api/v1/calculate, /reworks) own are
 * not touched: every route here is an exact path.
 */
import type { HttpRouter } from '../../http/types.js';
import { methodRunner, ROUTE_OPTIONS, type PublicApiDeps } from './context.js';
import { TokenPrivileges } from './token-privileges.js';
import { beatmapsGet } from './routes/beatmaps.js';
import { hypotheticalRankGet, leaderboardGet } from './routes/leaderboard.js';
import { badgesGet, clansGet, countriesGet, friendsAddPost, friendsDelPost, friendsGet, friendsWithGet, matchGet, pingGet } from './routes/misc.js';
import { pinPost, selfSettingsGet, selfSettingsPost, unpinPost } from './routes/self.js';
import { mapScoresGet, scoreGet, scoresBestGet, scoresFirstGet, scoresPinnedGet, scoresRecentGet } from './routes/scores.js';
import { achievementsGet, fullGet, gradesGet, lookupGet, mostPlayedGet, userpageGet, usersGet, usersSelfGet, whatIdGet } from './routes/users.js';

export function mountPublicApi(router: HttpRouter, deps: PublicApiDeps): void {
  const run = methodRunner(deps);
  const get = (path: string, ...args: Parameters<typeof run>): void => router.route('get', `/api/v1/${path}`, run(...args), ROUTE_OPTIONS);
  const post = (path: string, ...args: Parameters<typeof run>): void =>
    router.route('post', `/api/v1/${path}`, run(...args), { ...ROUTE_OPTIONS, maxBodyBytes: 64 * 1024 });

  get('ping', pingGet);
  get('users', usersGet);
  get('users/self', usersSelfGet);
  get('users/whatid', whatIdGet);
  get('users/full', fullGet);
  get('users/lookup', lookupGet);
  get('users/userpage', userpageGet);
  get('users/achievements', achievementsGet);
  get('users/most_played', mostPlayedGet);
  get('users/scores/best', scoresBestGet);
  get('users/scores/recent', scoresRecentGet);
  get('users/scores/pinned', scoresPinnedGet);
  get('users/scores/first', scoresFirstGet);
  get('leaderboard', leaderboardGet);
  get('hypothetical-rank', hypotheticalRankGet);
  get('beatmaps', beatmapsGet);
  get('score', scoreGet);
  get('scores', mapScoresGet);
  get('grades', gradesGet);
  get('countries', countriesGet);
  get('badges', badgesGet);
  get('clans', clansGet);
  get('match', matchGet);
  get('friends', friendsGet, TokenPrivileges.ReadConfidential);
  get('friends/with', friendsWithGet, TokenPrivileges.ReadConfidential);
  post('friends/add', friendsAddPost, TokenPrivileges.Write);
  post('friends/del', friendsDelPost, TokenPrivileges.Write);
  get('users/self/settings', selfSettingsGet, TokenPrivileges.ReadConfidential);
  post('users/self/settings', selfSettingsPost, TokenPrivileges.Write);
  post('users/scores/pin', pinPost, TokenPrivileges.Write);
  post('users/scores/unpin', unpinPost, TokenPrivileges.Write);
}
