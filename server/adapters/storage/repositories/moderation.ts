/**
 * rap_logs, reports, shared_devices, badges/user_badges and the moderation columns of users.
 * The tables are Akatsuki's, with column names and meanings as its admin panel and rs use them.
 */
import { sql } from 'kysely';
import type { AuditLogRow, ModerationRepository, ReportRow } from '../../../ports/moderation-storage.js';
import type { RepoContext } from './context.js';
import { guard } from './context.js';

const clampLimit = (n: number | undefined): number => Math.max(1, Math.min(n ?? 50, 1000));

export function moderationRepository(ctx: RepoContext): ModerationRepository {
  const { db } = ctx;
  const badgeId = async (name: string): Promise<number | undefined> => {
    const r = await db.selectFrom('badges').select('id').where('name', '=', name).orderBy('id').executeTakeFirst();
    return r ? Number(r.id) : undefined;
  };
  return {
    appendAuditLog: (row) => guard('moderation.appendAuditLog', async () => {
      const res = await db
        .insertInto('rap_logs')
        .values({ userid: row.userId, text: row.text, datetime: row.datetime, through: row.through })
        .executeTakeFirstOrThrow();
      return Number(res.insertId);
    }),
    auditLogs: (opts = {}) => guard('moderation.auditLogs', async () => {
      let q = db.selectFrom('rap_logs').select(['id', 'userid', 'text', 'datetime', 'through']);
      if (opts.userId !== undefined) q = q.where('userid', '=', opts.userId);
      const rows = await q.orderBy('id', 'desc').limit(clampLimit(opts.limit)).execute();
      return rows.map((r): AuditLogRow => ({ id: Number(r.id), userId: Number(r.userid), text: r.text ?? '', datetime: Number(r.datetime), through: r.through }));
    }),
    setFrozen: (userId, frozen, reason) => guard('moderation.setFrozen', async () => {
      await db.updateTable('users').set({ frozen: frozen ? 1 : 0, freeze_reason: frozen ? reason : null }).where('id', '=', userId).execute();
    }),
    freezeReason: (userId) => guard('moderation.freezeReason', async () => {
      const r = await db.selectFrom('users').select('freeze_reason').where('id', '=', userId).executeTakeFirst();
      return r?.freeze_reason ?? null;
    }),
    setWhitelist: (userId, bits) => guard('moderation.setWhitelist', async () => {
      await db.updateTable('users').set({ whitelist: bits }).where('id', '=', userId).execute();
    }),
    setDonorExpire: (userId, at) => guard('moderation.setDonorExpire', async () => {
      await db.updateTable('users').set({ donor_expire: at }).where('id', '=', userId).execute();
    }),
    createReport: (from, to, reason, at) => guard('moderation.createReport', async () => {
      const res = await db
        .insertInto('reports')
        .values({ reason: reason.slice(0, 1024), time: String(at), from_uid: from, to_uid: to, chatlog: null, response: null })
        .executeTakeFirstOrThrow();
      return Number(res.insertId);
    }),
    reports: (opts = {}) => guard('moderation.reports', async () => {
      let q = db.selectFrom('reports').select(['id', 'from_uid', 'to_uid', 'reason', 'time']);
      if (opts.toUserId !== undefined) q = q.where('to_uid', '=', opts.toUserId);
      const rows = await q.orderBy('id', 'desc').limit(clampLimit(opts.limit)).execute();
      return rows.map((r): ReportRow => ({ id: Number(r.id), fromUserId: Number(r.from_uid), toUserId: Number(r.to_uid), reason: r.reason, time: Number(r.time) || 0 }));
    }),
    isSharedDevice: (hw) => guard('moderation.isSharedDevice', async () => {
      const r = await db
        .selectFrom('shared_devices')
        .select(sql<number>`1`.as('one'))
        .where('mac', '=', hw.mac)
        .where('unique_id', '=', hw.uniqueId)
        .where('disk_id', '=', hw.diskId)
        .limit(1)
        .executeTakeFirst();
      return r !== undefined;
    }),
    addBadgeByName: (userId, name) => guard('moderation.addBadgeByName', async () => {
      const id = await badgeId(name);
      if (id === undefined) return false;
      const has = await db.selectFrom('user_badges').select('id').where('user', '=', userId).where('badge', '=', id).executeTakeFirst();
      if (!has) await db.insertInto('user_badges').values({ user: userId, badge: id }).execute();
      return true;
    }),
    removeBadgeByName: (userId, name) => guard('moderation.removeBadgeByName', async () => {
      const id = await badgeId(name);
      if (id === undefined) return false;
      await db.deleteFrom('user_badges').where('user', '=', userId).where('badge', '=', id).execute();
      return true;
    }),
  };
}
