/**
 * Akatsuki/Ripple server privileges (`users.privileges`) and their mapping to the client's
 * privilege bits (shared/spec/bancho-protocol.md §7.3, score-and-web.md §5.1).
 */
import { ClientPrivileges } from '../../protocol/bancho/types.js';

export const Privileges = {
  PubliclyVisible: 1 << 0,
  CanLogin: 1 << 1,
  Donator: 1 << 2,
  AdminAccessPanel: 1 << 3,
  AdminManageUsers: 1 << 4,
  AdminManageBans: 1 << 5,
  AdminSilenceUsers: 1 << 6,
  AdminWipeUsers: 1 << 7,
  AdminManageBeatmaps: 1 << 8,
  AdminManageServers: 1 << 9,
  AdminManageSettings: 1 << 10,
  AdminManageBetakeys: 1 << 11,
  AdminManageReports: 1 << 12,
  AdminManageDocs: 1 << 13,
  AdminManageBadges: 1 << 14,
  AdminViewAuditLogs: 1 << 15,
  AdminManagePrivileges: 1 << 16,
  AdminSendAlerts: 1 << 17,
  AdminChatMod: 1 << 18,
  AdminKickUsers: 1 << 19,
  PendingVerification: 1 << 20,
  AdminTournamentStaff: 1 << 21,
  AdminCaker: 1 << 22,
  AkatsukiPlus: 1 << 23,
  AdminFreezeUsers: 1 << 24,
  AdminManageNominators: 1 << 25,
} as const;

/** A normal, verified, unrestricted player. */
export const NORMAL_USER = Privileges.PubliclyVisible | Privileges.CanLogin;

export const isPubliclyVisible = (p: number): boolean => (p & Privileges.PubliclyVisible) !== 0;
export const canLogin = (p: number): boolean =>
  (p & (Privileges.CanLogin | Privileges.PendingVerification)) !== 0;
/** Restricted: may log in, hidden from everyone else. */
export const isRestricted = (p: number): boolean =>
  (p & Privileges.CanLogin) !== 0 && (p & Privileges.PubliclyVisible) === 0;
export const isDonor = (p: number): boolean =>
  (p & (Privileges.Donator | Privileges.AkatsukiPlus)) !== 0;
export const isStaff = (p: number): boolean => (p & Privileges.AdminChatMod) !== 0;
export const isAdmin = (p: number): boolean => (p & Privileges.AdminCaker) !== 0;
export const isDeveloper = (p: number): boolean => (p & Privileges.AdminManagePrivileges) !== 0;
export const isTournamentStaff = (p: number): boolean =>
  (p & Privileges.AdminTournamentStaff) !== 0;

/** Client privileges shown in presences (rs mapping): the real supporter bit. */
export function clientPrivilegesOf(p: number): number {
  let c = 0;
  if (isPubliclyVisible(p)) c |= ClientPrivileges.Player;
  if (isDonor(p)) c |= ClientPrivileges.Supporter;
  if (isStaff(p)) c |= ClientPrivileges.Moderator;
  if (isAdmin(p)) c |= ClientPrivileges.Owner;
  else if (isDeveloper(p)) c |= ClientPrivileges.Developer;
  if (isTournamentStaff(p)) c |= ClientPrivileges.Tournament;
  return c;
}

/** Packet 71: always OR Supporter in so every player gets osu!direct. */
export function loginPrivilegesOf(p: number): number {
  return clientPrivilegesOf(p) | ClientPrivileges.Supporter;
}
