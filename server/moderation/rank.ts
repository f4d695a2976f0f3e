/**
 * "A staff member cannot act on a user of equal or higher privileges." Privilege bits are not
 * ordered by value (AdminManageNominators is bit 25, above AdminCaker's 22), so each account gets
 * the rank of its strongest staff role and the actor's rank must be strictly greater.
 */
import { Privileges as P } from '../domain/privileges.js';

const RANKS: ReadonlyArray<readonly [number, number]> = [
  [P.AdminCaker, 5],
  [P.AdminManagePrivileges, 4],
  [P.AdminManageUsers | P.AdminManageBans | P.AdminWipeUsers, 3],
  [P.AdminChatMod | P.AdminSilenceUsers | P.AdminKickUsers | P.AdminFreezeUsers | P.AdminManageNominators | P.AdminSendAlerts, 2],
  [
    P.AdminAccessPanel | P.AdminManageBeatmaps | P.AdminManageServers | P.AdminManageSettings | P.AdminManageBetakeys |
      P.AdminManageReports | P.AdminManageDocs | P.AdminManageBadges | P.AdminViewAuditLogs | P.AdminTournamentStaff,
    1,
  ],
];

export function staffRank(privileges: number): number {
  for (const [bits, rank] of RANKS) if ((privileges & bits) !== 0) return rank;
  return 0;
}

/** True when `actor` (null = operator) may act on an account with `target` privileges. */
export function outranks(actor: number | null, target: number): boolean {
  return actor === null || staffRank(actor) > staffRank(target);
}
