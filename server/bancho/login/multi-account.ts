/**
 * Hardware checks at login, as bancho-service-rs does them (usecases/hardware_logs.rs):
 * - hardware staff approved in `shared_devices` skips every check;
 * - an account pending verification whose hardware matches any other account is refused
 *   ("this computer already has an account") and staff are alerted on the hardware webhook —
 *   nobody is banned or restricted automatically. Without a match the account is verified and
 *   this hardware activated;
 * - a verified account is only refused when it uses hardware of a hidden (restricted or banned)
 *   account: one that activated that hardware, or one that used it for more than 20 % of its
 *   logins. Other matches only alert staff (red when this user's share of the hardware is above
 *   10 %, blue otherwise).
 * `MULTI_ACCOUNT_POLICY` makes the first-login case stricter: `restrict-new` restricts the new
 * account instead of refusing it, `restrict-both` also restricts the accounts it matched. Those
 * automatic actions go through the moderation use-case (rap_logs row with the reason, peppy
 * event, alert).
 * Under Wine (or with a placeholder disk signature WMI reported as "0") only the uninstall id is a
 * usable fingerprint, so matching uses it alone.
 */
import { canLogin, isPubliclyVisible, Privileges } from '../../domain/privileges.js';
import { moderate } from '../../moderation/actions.js';
import { operatorActor, profileUrl, THROUGH } from '../../moderation/deps.js';
import { unixSeconds } from '../../ports/clock.js';
import type { HardwareRow, UserRow } from '../../ports/storage.js';
import type { ClientHashes } from '../../../protocol/bancho/login.js';
import type { BanchoDeps } from '../context.js';

export const WINE_ADAPTERS_MD5 = 'b4ec3c4334a0249dae95c284ec5983df';
export const WINE_DISK_MD5 = 'ffae06fb022871fe9beb58b005c5e21d';
/** md5("0") and md5(md5("0")): what the client reports when WMI gives no disk signature. */
export const PLACEHOLDER_DISK_MD5S: ReadonlySet<string> = new Set(['cfcd208495d565ef66e7dff9f98764da', 'dcfcd07e645d245babe887e5e2daa016']);

export const MULTI_ACCOUNT_REFUSAL = 'This computer already has an account on this server. Multiple accounts are not allowed: log in with your first account, or contact staff if you share this computer.';
export const HIDDEN_OWNER_REFUSAL = 'This computer belongs to a restricted account. Contact staff if you think this is a mistake.';

export type HardwareVerdict =
  | { kind: 'ok'; privileges: number }
  | { kind: 'refused'; reason: string };

/** One other account's use of this hardware, summed over its rows. */
interface Match {
  user: UserRow;
  occurrences: number;
  activated: boolean;
}

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
  const repo = deps.storage.hardware;
  const pending = (user.privileges & Privileges.PendingVerification) !== 0;
  let privileges = user.privileges;

  const shared = await deps.storage.moderation.isSharedDevice(hw);
  const matches = shared ? [] : await matchesOf(deps, await repo.findOthers(user.id, hw, { uniqueOnly }));

  if (pending) {
    if (matches.length > 0) {
      const verdict = await firstLoginMatch(deps, user, matches);
      if (verdict.kind === 'refused') return verdict;
      privileges = verdict.privileges;
    } else {
      privileges = ((privileges & ~Privileges.PendingVerification) | Privileges.PubliclyVisible | Privileges.CanLogin) >>> 0;
      await deps.storage.users.setPrivileges(user.id, privileges);
    }
    await repo.activate(user.id, mac, uniqueId, diskId);
  } else if (matches.length > 0) {
    const refusal = await regularMatch(deps, user, matches);
    if (refusal) return refusal;
  }
  await Promise.all([repo.logHardware(user.id, mac, uniqueId, diskId), repo.logIp(user.id, ip, unixSeconds(deps.clock))]);
  return { kind: 'ok', privileges };
}

async function matchesOf(deps: BanchoDeps, rows: HardwareRow[]): Promise<Match[]> {
  if (rows.length === 0) return [];
  const byUser = new Map<number, { occurrences: number; activated: boolean }>();
  for (const r of rows) {
    const m = byUser.get(r.userId) ?? { occurrences: 0, activated: false };
    m.occurrences += Math.max(1, r.occurencies);
    m.activated ||= r.activated;
    byUser.set(r.userId, m);
  }
  const users = await deps.storage.users.findManyByIds([...byUser.keys()]);
  return users.map((u) => ({ user: u, ...byUser.get(u.id)! }));
}

const named = (deps: BanchoDeps, u: { id: number; username: string }): string => `[${u.username}](${profileUrl(deps.config, u.id)})`;
const hidden = (p: number): boolean => !canLogin(p) || !isPubliclyVisible(p);

/** A new account on hardware another account used: refuse (rs) or restrict, per the policy. */
async function firstLoginMatch(deps: BanchoDeps, user: UserRow, matches: Match[]): Promise<HardwareVerdict> {
  const policy = deps.config.multiAccountPolicy;
  const others = matches.map((m) => `${named(deps, m.user)}${hidden(m.user.privileges) ? ' (restricted)' : ''}${m.activated ? '' : ' (not their verified hardware)'}`).join(', ');
  const outcome = policy === 'refuse' ? 'Login refused; nothing was changed.' : policy === 'restrict-new' ? 'The new account was restricted.' : 'The new account and the matched accounts were restricted.';
  deps.alerts.send({
    channel: 'hardware',
    title: 'User created multiaccount',
    colour: 'red',
    text: `${named(deps, user)} tried to verify on the hardware of ${others}. ${outcome}`,
  });
  deps.log.warn('multi-account at first login', { userId: user.id, matches: matches.map((m) => m.user.id), policy });
  if (policy === 'refuse') return { kind: 'refused', reason: MULTI_ACCOUNT_REFUSAL };

  const actor = operatorActor(deps.config, THROUGH.automatic);
  const names = matches.map((m) => `${m.user.username} (${m.user.id})`).join(', ');
  // Verified, but hidden: CanLogin without PubliclyVisible (Akatsuki's "restricted").
  const restricted = ((user.privileges & ~(Privileges.PendingVerification | Privileges.PubliclyVisible)) | Privileges.CanLogin) >>> 0;
  await deps.storage.users.setPrivileges(user.id, restricted);
  await moderate(deps, actor, { ...user, privileges: restricted }, { kind: 'restrict', reason: `automatic: multi-account of ${names} at first login` });
  if (policy === 'restrict-both') {
    for (const m of matches) {
      if (!m.activated || !isPubliclyVisible(m.user.privileges)) continue;
      await moderate(deps, actor, m.user, { kind: 'restrict', reason: `automatic: created multi-account ${user.username} (${user.id})` });
    }
  }
  return { kind: 'ok', privileges: restricted };
}

/** A verified account on someone else's hardware: alert, and refuse only next to a hidden owner (rs). */
async function regularMatch(deps: BanchoDeps, user: UserRow, matches: Match[]): Promise<HardwareVerdict | null> {
  const own = Math.max(1, await deps.storage.hardware.countForUser(user.id));
  const total = own + matches.reduce((n, m) => n + m.occurrences, 0);
  const share = own / total;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  for (const m of matches) {
    const theirShare = m.occurrences / total;
    const them = named(deps, m.user);
    const me = named(deps, user);
    if (m.activated) {
      if (!hidden(m.user.privileges)) {
        deps.alerts.send(
          share > 0.1
            ? { channel: 'hardware', colour: 'red', title: 'Possible multiaccount', text: `${me} (${pct(share)}) has logged in with ${them} (${pct(theirShare)})'s hardware too often!` }
            : { channel: 'hardware', colour: 'blue', title: "User logged in with another users' hardware", text: `${me} logged in with ${them}'s hardware.` },
        );
        continue;
      }
      deps.alerts.send({ channel: 'logs', colour: 'red', title: 'Login refused (Possible Multiaccount)', text: `${me} logged in with ${them}'s hardware, who is restricted.` });
      return { kind: 'refused', reason: HIDDEN_OWNER_REFUSAL };
    }
    if (hidden(m.user.privileges)) {
      if (theirShare > 0.2) {
        deps.alerts.send({ channel: 'logs', colour: 'red', title: 'Login refused (Possible Multiaccount)', text: `${me} logged in with hardware used more than 20% by ${them}, who is restricted.` });
        return { kind: 'refused', reason: HIDDEN_OWNER_REFUSAL };
      }
      deps.alerts.send({ channel: 'hardware', colour: 'blue', title: 'Possible Multiaccount', text: `${me} has hardware match with ${them}, who is restricted.` });
    } else if (theirShare > share) {
      deps.alerts.send({ channel: 'hardware', colour: 'blue', title: "User logged in with another users' hardware", text: `${me} (${pct(share)}) logged in with hardware used more by ${them} (${pct(theirShare)})` });
    }
  }
  return null;
}
