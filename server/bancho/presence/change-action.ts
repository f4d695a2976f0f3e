/**
 * CHANGE_ACTION (0): store the status, fold RX/AP into the effective mode (§7.1; the meaningless
 * RX on mania and AP outside std are stripped, like bpy), reload stats when the effective mode
 * changed, and broadcast the new 11 to everyone who can see the user.
 */
import { Mods } from '../../../protocol/osu/mods.js';
import { effectiveMode, isVanillaMode } from '../../../protocol/osu/modes.js';
import type { UserAction } from '../../../protocol/bancho/types.js';
import type { Session } from '../../ports/state.js';
import type { BanchoDeps } from '../context.js';
import { broadcastUser } from './broadcast-user.js';
import { loadStats } from './load-stats.js';

export async function changeUserAction(deps: BanchoDeps, session: Session, status: UserAction): Promise<void> {
  const vanilla = isVanillaMode(status.mode) ? status.mode : 0;
  let mods = status.mods >>> 0;
  if (vanilla === 3) mods &= ~Mods.Relax;
  if (vanilla !== 0) mods &= ~Mods.Autopilot;
  mods >>>= 0;
  const mode = effectiveMode(vanilla, mods);
  const current = await deps.state.getPresence(session.userId);
  if (!current) return;
  const unchanged =
    current.action === status.action &&
    current.infoText === status.infoText &&
    current.beatmapMd5 === status.beatmapMd5 &&
    current.mods === mods &&
    current.mode === mode &&
    current.beatmapId === status.beatmapId;
  if (unchanged) return;
  const stats = mode === current.mode ? {} : await loadStats(deps, session.userId, mode);
  const updated = await deps.state.updatePresence(session.userId, {
    action: status.action,
    infoText: status.infoText,
    beatmapMd5: status.beatmapMd5,
    mods,
    mode,
    beatmapId: status.beatmapId,
    ...stats,
  });
  if (updated) await broadcastUser(deps, updated, session.privileges);
}
