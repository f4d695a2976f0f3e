/**
 * The idle sweep (§5.4): sessions without a request for `sessionIdleSeconds` are claimed (removed
 * atomically, so with several processes each is expired exactly once) and run through the logout
 * procedure. Their channel subscriptions went with them, so the counts of every DB channel are
 * refreshed once per sweep.
 */
import type { BanchoDeps } from '../context.js';
import { dbChannels } from '../chat/channel-list.js';
import { publishChannelInfo } from '../chat/membership.js';
import { endSession } from './end-session.js';

export async function expireIdleSessions(deps: BanchoDeps): Promise<number> {
  const idleBefore = deps.clock.now() - deps.config.sessionIdleSeconds * 1000;
  const claimed = await deps.state.claimIdleSessions(idleBefore);
  if (claimed.length === 0) return 0;
  for (const session of claimed) {
    try {
      await endSession(deps, session, { alreadyRemoved: true });
    } catch (err) {
      deps.log.warn('expiring an idle session failed', { userId: session.userId, err });
    }
  }
  for (const row of (await dbChannels(deps.storage)).values()) await publishChannelInfo(deps, row.name, row);
  deps.log.info('idle sessions expired', { count: claimed.length });
  return claimed.length;
}
