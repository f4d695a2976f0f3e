/**
 * API-token privileges (akatsuki-api's `common.Privileges`, distinct from users.privileges) and
 * the rule that masks a token's bits by what its owner's user privileges allow (`CanOnly`).
 */
import { Privileges as User } from '../../domain/privileges.js';

export const TokenPrivileges = {
  Read: 1 << 0,
  ReadConfidential: 1 << 1,
  Write: 1 << 2,
  ManageBadges: 1 << 3,
  BetaKeys: 1 << 4,
  ManageSettings: 1 << 5,
  ViewUserAdvanced: 1 << 6,
  ManageUser: 1 << 7,
  ManageRoles: 1 << 8,
  ManageAPIKeys: 1 << 9,
  Blog: 1 << 10,
  APIMeta: 1 << 11,
  Beatmap: 1 << 12,
} as const;

const NAMES = ['Read', 'ReadConfidential', 'Write', 'ManageBadges', 'BetaKeys', 'ManageSettings', 'ViewUserAdvanced', 'ManageUser', 'ManageRoles', 'ManageAPIKeys', 'Blog', 'APIMeta', 'Beatmap'];

/** The user privileges each token bit requires (index = bit). Read is deprecated: nobody gets it. */
const REQUIRED: readonly number[] = [
  2 ** 30,
  User.CanLogin,
  User.CanLogin,
  User.AdminAccessPanel | User.AdminManageBadges,
  User.AdminAccessPanel | User.AdminManageBetakeys,
  User.AdminAccessPanel | User.AdminManageSettings,
  User.AdminAccessPanel,
  User.AdminAccessPanel | User.AdminManageUsers | User.AdminManageBans,
  User.AdminAccessPanel | User.AdminManageUsers | User.AdminManagePrivileges,
  User.AdminAccessPanel | User.AdminManageUsers | User.AdminManageServers,
  User.AdminChatMod,
  User.AdminManageServers,
  User.AdminAccessPanel | User.AdminManageBeatmaps,
];

/** A private token asks for every bit; `canOnly` then removes what the user may not hold. */
export const ALL_TOKEN_PRIVILEGES = (TokenPrivileges.Beatmap << 1) - 1;

export function canOnly(tokenPrivileges: number, userPrivileges: number): number {
  let out = 0;
  REQUIRED.forEach((need, bit) => {
    const wants = Math.floor(tokenPrivileges / 2 ** bit) % 2 === 1;
    if (wants && (userPrivileges & need) === need) out |= 1 << bit;
  });
  return out;
}

export function tokenPrivilegeNames(p: number): string {
  return NAMES.filter((_, i) => (p & (1 << i)) !== 0).join(', ');
}

const USER_NAMES = [
  'UserPublic', 'UserNormal', 'UserDonor', 'AdminAccessRAP', 'AdminManageUsers', 'AdminBanUsers', 'AdminSilenceUsers', 'AdminWipeUsers',
  'AdminManageBeatmap', 'AdminManageServer', 'AdminManageSetting', 'AdminManageBetaKey', 'AdminManageReport', 'AdminManageDocs',
  'AdminManageBadges', 'AdminViewRAPLogs', 'AdminManagePrivilege', 'AdminSendAlerts', 'AdminChatMod', 'AdminKickUsers',
  'UserPendingVerification', 'UserTournamentStaff', 'AdminCaker', 'UserPremium', 'AdminFreezeUsers', 'AdminManageNominators',
];

export function userPrivilegeNames(p: number): string {
  return USER_NAMES.filter((_, i) => (p & (1 << i)) !== 0).join(', ');
}
