/**
 * Persistence of staff tools (server/moderation/): Akatsuki's own tables, as its admin panel and
 * bancho-service-rs use them — `rap_logs` (the admin panel's audit log), `reports`,
 * `shared_devices`, `badges`/`user_badges`, and the moderation columns of `users`
 * (`frozen`, `freeze_reason`, `whitelist`, `donor_expire`).
 */

/** One `rap_logs` row: `userid` is the staff member (the bot for automatic actions). */
export interface AuditLogRow {
  id: number;
  userId: number;
  /** Without the staff member's name: the panel shows `<name> <text>` (e.g. `has banned alice (5) for cheating`). */
  text: string;
  /** Unix seconds. */
  datetime: number;
  /** What did it: `Aika` (chat), `hayate CLI`, `hayate admin API`, `hayate (automatic)`. */
  through: string;
}

export interface ReportRow {
  id: number;
  fromUserId: number;
  toUserId: number;
  reason: string;
  /** Unix seconds (Akatsuki stores them as text). */
  time: number;
}

export interface ModerationRepository {
  appendAuditLog(row: Omit<AuditLogRow, 'id'>): Promise<number>;
  /** Newest first (admin tools, tests). */
  auditLogs(opts?: { userId?: number; limit?: number }): Promise<AuditLogRow[]>;
  /** rs's `!freeze`: frozen = 1 with the reason; `!unfreeze`: 0 and NULL. */
  setFrozen(userId: number, frozen: boolean, reason: string | null): Promise<void>;
  freezeReason(userId: number): Promise<string | null>;
  setWhitelist(userId: number, bits: number): Promise<void>;
  setDonorExpire(userId: number, at: number): Promise<void>;
  /** rs's `!report`: a `reports` row, time as unix seconds text. */
  createReport(fromUserId: number, toUserId: number, reason: string, at: number): Promise<number>;
  reports(opts?: { toUserId?: number; limit?: number }): Promise<ReportRow[]>;
  /** Hardware staff approved for several accounts (`shared_devices`): exempt from multi-account checks. */
  isSharedDevice(hw: { mac: string; uniqueId: string; diskId: string }): Promise<boolean>;
  /** Gives / takes the badge of that name (`badges.name`); false when no such badge exists. */
  addBadgeByName(userId: number, badgeName: string): Promise<boolean>;
  removeBadgeByName(userId: number, badgeName: string): Promise<boolean>;
}
