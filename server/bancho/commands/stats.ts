/** `!stats [user]`: rank, pp, accuracy and play count in the user's current (or std) mode. */
import type { EffectiveModeValue } from '../../../protocol/osu/modes.js';
import { loadStats } from '../presence/load-stats.js';
import { userNamed } from './lookup.js';
import type { Command } from './registry.js';

const MODE_NAMES: Record<EffectiveModeValue, string> = {
  0: 'osu!', 1: 'osu!taiko', 2: 'osu!catch', 3: 'osu!mania', 4: 'osu! relax', 5: 'osu!taiko relax', 6: 'osu!catch relax', 8: 'osu! autopilot',
};

export const statsCommand: Command = {
  name: 'stats',
  usage: 'stats [user]',
  summary: 'rank, pp and accuracy of a player',
  privileges: 0,
  async run({ deps, session, rest }) {
    const user = rest ? await userNamed(deps, rest) : await deps.storage.users.findById(session.userId);
    if (!user) return 'No such user.';
    const presence = await deps.state.getPresence(user.id);
    const mode = presence?.mode ?? 0;
    const s = await loadStats(deps, user.id, mode);
    const rank = s.globalRank > 0 ? `#${s.globalRank}` : 'unranked';
    return `${user.username} (${MODE_NAMES[mode]}): ${rank}, ${Math.round(s.pp)}pp, ${s.accuracy.toFixed(2)}% accuracy, ${s.playcount} plays`;
  },
};
