/**
 * `!last` / `!recent` (the caller's newest score) and `!top [user]` (best scores in the player's
 * current mode). Both read the score tables themselves (`scores`, `scores_relax`, `scores_ap`),
 * so they see every submission — score-service's and Hayate's — and need no cache key.
 * `!last` answers in rs's layout: `name | [map link] +mods | combo/max acc% pp`.
 */
import { MOD_ACRONYMS } from '../../../protocol/osu/mods.js';
import { playstyleOf, vanillaOf, type EffectiveModeValue } from '../../../protocol/osu/modes.js';
import type { ScoreRow } from '../../ports/storage.js';
import type { BanchoDeps } from '../context.js';
import { userNamed } from './lookup.js';
import type { Command } from './registry.js';

const PLAYSTYLE_TAG = { vanilla: '', relax: ' (RX)', autopilot: ' (AP)' } as const;

export function modString(mods: number): string {
  const names = MOD_ACRONYMS.filter(([bit]) => (mods & bit) !== 0).map(([, a]) => a);
  return names.length === 0 ? 'NM' : `+${names.join('')}`;
}

async function describe(deps: BanchoDeps, score: ScoreRow): Promise<string> {
  const map = await deps.storage.beatmaps.findByMd5(score.beatmapMd5);
  const title = map ? `[https://osu.${deps.config.domain}/b/${map.beatmapId} ${map.songName}]` : score.beatmapMd5;
  const combo = map && map.maxCombo > 0 ? `${score.maxCombo}/${map.maxCombo}x` : `${score.maxCombo}x`;
  return `${title} ${modString(score.mods)} | ${combo} ${score.accuracy.toFixed(2)}% ${score.pp.toFixed(2)}pp`;
}

function recentCommand(name: 'last' | 'recent'): Command {
  return {
    name,
    summary: 'your most recent score',
    privileges: 0,
    async run({ deps, session }) {
      const [ref] = await deps.storage.scoreLookups.recentOfUser(session.userId, 1);
      if (!ref) return 'No recent score known for you yet: play a map first.';
      const score = await deps.storage.scores.findById(ref.playstyle, ref.id);
      if (!score) return 'Your last score is no longer available.';
      return `${session.username}${PLAYSTYLE_TAG[ref.playstyle]} | ${await describe(deps, score)}`;
    },
  };
}

export const lastCommand = recentCommand('last');
export const recentAliasCommand = recentCommand('recent');

export const topCommand: Command = {
  name: 'top',
  usage: 'top [user]',
  summary: 'the best 5 scores of a player in their current mode',
  privileges: 0,
  async run({ deps, session, rest }) {
    const user = rest ? await userNamed(deps, rest) : await deps.storage.users.findById(session.userId);
    if (!user) return 'No such user.';
    const mode: EffectiveModeValue = (await deps.state.getPresence(user.id))?.mode ?? 0;
    const best = await deps.storage.scores.bestOfUser(playstyleOf(mode), user.id, vanillaOf(mode), { limit: 5 });
    if (best.length === 0) return `${user.username} has no best scores in this mode yet.`;
    const lines = await Promise.all(best.map(async (s, i) => `${i + 1}. ${await describe(deps, s)}`));
    return [`Top scores of ${user.username}${PLAYSTYLE_TAG[playstyleOf(mode)]}:`, ...lines].join('\n');
  },
};
