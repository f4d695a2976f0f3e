/** hw_user / ip_user: login hardware fingerprints for multi-account detection (score-and-web.md §5.4). */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { HardwareRepository, HardwareRow } from '../../../ports/storage.js';
import type { HwUserTable } from '../database.js';
import type { RepoContext } from './context.js';
import { bool, guard } from './context.js';

function toHw(r: Pick<Selectable<HwUserTable>, 'userid' | 'mac' | 'unique_id' | 'disk_id' | 'occurencies' | 'activated'>): HardwareRow {
  return {
    userId: Number(r.userid),
    mac: r.mac,
    uniqueId: r.unique_id,
    diskId: r.disk_id,
    occurencies: Number(r.occurencies),
    activated: bool(r.activated),
  };
}

export function hardwareRepository(ctx: RepoContext): HardwareRepository {
  const { db } = ctx;
  return {
    logHardware: (userId, mac, uniqueId, diskId) => guard('hardware.logHardware', () =>
      db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('hw_user')
          .set({ occurencies: sql`occurencies + 1` })
          .where('userid', '=', userId)
          .where('mac', '=', mac)
          .where('unique_id', '=', uniqueId)
          .where('disk_id', '=', diskId)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) {
          await trx.insertInto('hw_user').values({ userid: userId, mac, unique_id: uniqueId, disk_id: diskId, occurencies: 1, activated: 0 }).execute();
        }
      }),
    ),
    logIp: (userId, ip, at) => guard('hardware.logIp', async () => {
      const q = db.insertInto('ip_user').values({ userid: userId, ip, occurencies: 1, last_used_at: at });
      await (ctx.dialect === 'mysql'
        ? q.onDuplicateKeyUpdate({ occurencies: sql`occurencies + 1`, last_used_at: at })
        : q.onConflict((oc) => oc.columns(['userid', 'ip']).doUpdateSet({ occurencies: sql`occurencies + 1`, last_used_at: at }))
      ).execute();
    }),
    activate: (userId, mac, uniqueId, diskId) => guard('hardware.activate', async () => {
      const res = await db
        .updateTable('hw_user')
        .set({ activated: 1 })
        .where('userid', '=', userId)
        .where('mac', '=', mac)
        .where('unique_id', '=', uniqueId)
        .where('disk_id', '=', diskId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        await db.insertInto('hw_user').values({ userid: userId, mac, unique_id: uniqueId, disk_id: diskId, occurencies: 0, activated: 1 }).execute();
      }
    }),
    hasActivated: (userId) => guard('hardware.hasActivated', async () => {
      const r = await db.selectFrom('hw_user').select('id').where('userid', '=', userId).where('activated', '=', 1).limit(1).executeTakeFirst();
      return r !== undefined;
    }),
    findOthers: (userId, hw, opts) => guard('hardware.findOthers', async () => {
      let q = db
        .selectFrom('hw_user')
        .select(['userid', 'mac', 'unique_id', 'disk_id', 'occurencies', 'activated'])
        .where('userid', '!=', userId)
        .where('unique_id', '=', hw.uniqueId);
      if (!opts.uniqueOnly) q = q.where('mac', '=', hw.mac).where('disk_id', '=', hw.diskId);
      if (opts.activatedOnly) q = q.where('activated', '=', 1);
      return (await q.orderBy('id').execute()).map(toHw);
    }),
    countForUser: (userId) => guard('hardware.countForUser', async () => {
      // Akatsuki appends a row per login; we count the same logins as the sum of occurencies.
      const r = await db
        .selectFrom('hw_user')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('occurencies'), eb.lit(0)).as('n'))
        .where('userid', '=', userId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    }),
  };
}
