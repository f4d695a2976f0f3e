/** hw_user / ip_user: login hardware fingerprints for multi-account detection (score-and-web.md §5.4). */
import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { HardwareRepository, HardwareRow } from '../../../ports/storage.js';
import type { Database, HwUserTable } from '../database.js';
import type { RepoContext } from './context.js';
import { bool, guard, toSqlDatetime, retryDeadlocks } from './context.js';

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

/** One user's row for one hardware triple (no unique key on it in the Akatsuki schema). */
interface HwKey {
  userid: number;
  mac: string;
  unique_id: string;
  disk_id: string;
}

/**
 * Counts a login on (`count`) or activates (`activate`) the user's row for this hardware,
 * inserting the row when there is none: an update first, since the table has no unique key to
 * upsert on.
 */
async function updateElseInsert(db: Kysely<Database>, key: HwKey, change: 'count' | 'activate'): Promise<void> {
  const res = await db
    .updateTable('hw_user')
    .set(change === 'count' ? { occurencies: sql`occurencies + 1` } : { activated: 1 })
    .where('userid', '=', key.userid)
    .where('mac', '=', key.mac)
    .where('unique_id', '=', key.unique_id)
    .where('disk_id', '=', key.disk_id)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) {
    const fresh = change === 'count' ? { occurencies: 1, activated: 0 } : { occurencies: 0, activated: 1 };
    await db.insertInto('hw_user').values({ ...key, ...fresh }).execute();
  }
}

export function hardwareRepository(ctx: RepoContext): HardwareRepository {
  const { db } = ctx;
  return {
    // Concurrent logins deadlock on hw_user's index gaps under InnoDB (seen with 16 parallel logins).
    logHardware: (userId, mac, uniqueId, diskId) => guard('hardware.logHardware', () =>
      retryDeadlocks(() => db.transaction().execute((trx) => updateElseInsert(trx, { userid: userId, mac, unique_id: uniqueId, disk_id: diskId }, 'count'))),
    ),
    logIp: (userId, ip, atSeconds) => guard('hardware.logIp', async () => {
      // ip_user.last_used_at is a DATETIME in Akatsuki's schema.
      const at = toSqlDatetime(atSeconds);
      const q = db.insertInto('ip_user').values({ userid: userId, ip, occurencies: 1, last_used_at: at });
      await (ctx.dialect === 'mysql'
        ? q.onDuplicateKeyUpdate({ occurencies: sql`occurencies + 1`, last_used_at: at })
        : q.onConflict((oc) => oc.columns(['userid', 'ip']).doUpdateSet({ occurencies: sql`occurencies + 1`, last_used_at: at }))
      ).execute();
    }),
    activate: (userId, mac, uniqueId, diskId) => guard('hardware.activate', () =>
      retryDeadlocks(() => updateElseInsert(db, { userid: userId, mac, unique_id: uniqueId, disk_id: diskId }, 'activate')),
    ),
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
