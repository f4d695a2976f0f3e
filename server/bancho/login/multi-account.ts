/**
 * First-login verification and multi-account detection (score-and-web.md §5.4, bancho-service's
 * rules) on top of `hw_user`:
 * - an account that is pending verification or has no activated hardware row is compared with
 *   every *other* user's activated hardware; a match bans the new account, restricts the original
 *   and refuses the login. Otherwise the account is verified and this hardware activated.
 * - on every login of an unrestricted account, hardware shared with banned or restricted users
 *   restricts it when that user's rows make up ≥ 10 % of this user's hardware history.
 * Under Wine (or with a placeholder disk signature WMI reported as "0") only the uninstall id is a
 * usable fingerprint, so matching uses it alone.
 */
import { canLogin, isPubliclyVisible, isRestricted, Privileges } from '../../domain/privileges.js';
import { PeppyChannel } from '../../ports/events.js';
import { unixSeconds } from '../../ports/clock.js';
import type { UserRow } from '../../ports/storage.js';
import type { ClientHashes } from '../../../protocol/bancho/login.js';
import type { BanchoDeps } from '../context.js';

export const WINE_ADAPTERS_MD5 = 'b4ec3c4334a0249dae95c284ec5983df';
export const WINE_DISK_MD5 = 'ffae06fb022871fe9beb58b005c5e21d';
/** md5("0") and md5(md5("0")): what the client reports when WMI gives no disk signature. */
export const PLACEHOLDER_DISK_MD5S: ReadonlySet<string> = new Set(['cfcd208495d565ef66e7dff9f98764da', 'dcfcd07e645d245babe887e5e2daa016']);

export type HardwareVerdict =
  | { kind: 'ok'; privileges: number }
  | { kind: 'refused'; reason: string };

export async function checkHardware(deps: BanchoDeps, user: UserRow, hashes: ClientHashes, ip: string): Promise<HardwareVerdict> {
  const mac = hashes.adaptersMd5;
  const uniqueId = hashes.uninstallMd5;
  const diskId = hashes.diskSignatureMd5;
  if (!mac || !uniqueId || !diskId || (!hashes.runningUnderWine && hashes.adapterList.length === 0)) {
    return { kind: 'refused', reason: 'Your client did not send its hardware information. Please restart osu!.' };
  }
  const uniqueOnly =
    hashes.runningUnderWine || mac === WINE_ADAPTERS_MD5 || diskId === WINE_DISK_MD5 || PLACEHOLDER_DISK_MD5S.has(diskId);
  const hw = { mac, uniqueId, diskId };
  const now = unixSeconds(deps.clock);
  let privileges = user.privileges;
  const repo = deps.storage.hardware;

  const pending = (privileges & Privileges.PendingVerification) !== 0;
  if (pending || !(await repo.hasActivated(user.id))) {
    const clashes = await repo.findOthers(user.id, hw, { uniqueOnly, activatedOnly: true });
    if (clashes.length > 0) {
      const original = clashes[0]!.userId;
      await banMultiAccount(deps, user, original, now);
      return { kind: 'refused', reason: 'This computer already has an account. Multiple accounts are not allowed; contact staff.' };
    }
    if (pending) {
      privileges = ((privileges & ~Privileges.PendingVerification) | Privileges.PubliclyVisible | Privileges.CanLogin) >>> 0;
      await deps.storage.users.setPrivileges(user.id, privileges);
    }
    await repo.activate(user.id, mac, uniqueId, diskId);
  } else if (isPubliclyVisible(privileges)) {
    const shared = await repo.findOthers(user.id, hw, { uniqueOnly });
    if (shared.length > 0) {
      const others = await deps.storage.users.findManyByIds([...new Set(shared.map((r) => r.userId))]);
      const flagged = new Set(others.filter((o) => !canLogin(o.privileges) || isRestricted(o.privileges)).map((o) => o.id));
      const total = Math.max(1, await repo.countForUser(user.id));
      const hit = shared.find((r) => flagged.has(r.userId) && r.occurencies >= total * 0.1);
      if (hit) {
        privileges = (privileges & ~Privileges.PubliclyVisible) >>> 0;
        await deps.storage.users.setPrivileges(user.id, privileges);
        await deps.storage.users.appendNote(user.id, `restricted at login: hardware shared with banned/restricted user ${hit.userId}`);
        await deps.events.publish(PeppyChannel.ban, String(user.id));
      }
    }
  }
  await Promise.all([repo.logHardware(user.id, mac, uniqueId, diskId), repo.logIp(user.id, ip, now)]);
  return { kind: 'ok', privileges };
}

async function banMultiAccount(deps: BanchoDeps, user: UserRow, originalId: number, now: number): Promise<void> {
  const banned = (user.privileges & ~(Privileges.PubliclyVisible | Privileges.CanLogin | Privileges.PendingVerification)) >>> 0;
  await deps.storage.users.setPrivileges(user.id, banned);
  await deps.storage.users.setBanDatetime(user.id, now);
  await deps.storage.users.appendNote(user.id, `banned at first login: multi-account of user ${originalId}`);
  const original = await deps.storage.users.findById(originalId);
  if (original && isPubliclyVisible(original.privileges)) {
    await deps.storage.users.setPrivileges(originalId, (original.privileges & ~Privileges.PubliclyVisible) >>> 0);
  }
  await deps.storage.users.appendNote(originalId, `restricted: created multi-account ${user.username} (${user.id})`);
  await deps.events.publish(PeppyChannel.ban, String(user.id));
  await deps.events.publish(PeppyChannel.ban, String(originalId));
}
