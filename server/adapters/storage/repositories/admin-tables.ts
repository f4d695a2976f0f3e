/**
 * Tables Akatsuki's admin panel and website manage, read by Hayate for the same purpose instead of
 * keeping copies of its own: `main_menu_icons` (the login's packet 76) and `system_settings`
 * (website-wide switches such as `registrations_enabled`).
 */
import type { MenuIconsRepository, SystemSettingsRepository } from '../../../ports/storage.js';
import type { RepoContext } from './context.js';
import { bool, guard, latin1Text } from './context.js';

export function menuIconsRepository({ db }: RepoContext): MenuIconsRepository {
  return {
    current: () => guard('menuIcons.current', async () => {
      // As Akatsuki's bancho reads it: the first row marked current.
      const r = await db.selectFrom('main_menu_icons').selectAll().where('is_current', '=', 1).orderBy('id').limit(1).executeTakeFirst();
      return r && { id: Number(r.id), name: r.name, fileId: r.file_id, url: r.url, isDefault: bool(r.is_default), isCurrent: bool(r.is_current) };
    }),
    add: (icon) => guard('menuIcons.add', () =>
      db.transaction().execute(async (trx) => {
        if (icon.isCurrent) await trx.updateTable('main_menu_icons').set({ is_current: 0 }).where('is_current', '!=', 0).execute();
        const res = await trx
          .insertInto('main_menu_icons')
          .values({ name: icon.name, file_id: icon.fileId, url: icon.url, is_current: icon.isCurrent ? 1 : 0, is_default: icon.isDefault ? 1 : 0 })
          .executeTakeFirstOrThrow();
        return Number(res.insertId);
      }),
    ),
  };
}

export function systemSettingsRepository({ db }: RepoContext): SystemSettingsRepository {
  const first = (name: string) =>
    db.selectFrom('system_settings').select(['id', 'value_int', 'value_string']).where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
  return {
    getInt: (name) => guard('systemSettings.getInt', async () => {
      const r = await first(name);
      return r ? Number(r.value_int) : undefined;
    }),
    getString: (name) => guard('systemSettings.getString', async () => (await first(name))?.value_string ?? undefined),
    set: (name, valueInt, valueString) => guard('systemSettings.set', () =>
      db.transaction().execute(async (trx) => {
        // `name` is not unique in Akatsuki's table: update the first row by id, or insert.
        const r = await trx.selectFrom('system_settings').select('id').where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
        if (r) await trx.updateTable('system_settings').set({ value_int: valueInt, value_string: latin1Text(valueString) }).where('id', '=', r.id).execute();
        else await trx.insertInto('system_settings').values({ name, value_int: valueInt, value_string: latin1Text(valueString) }).execute();
      }),
    ),
  };
}
