/** Friends, chat channels, DMs and bancho settings. */
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type {
  ChannelRow,
  ChannelsRepository,
  MessageRow,
  MessagesRepository,
  RelationshipsRepository,
  SettingsRepository,
} from '../../../ports/storage.js';
import type { ChannelsTable, MessagesTable } from '../database.js';
import type { RepoContext } from './context.js';
import { bool, fromSqlDatetime, guard, latin1Text, toSqlDatetime } from './context.js';

/** `INSERT … SELECT … WHERE` needs a FROM in MySQL; SQLite has no DUAL. */
const fromDual = (dialect: RepoContext['dialect']) => sql.raw(dialect === 'mysql' ? 'FROM DUAL' : '');

export function relationshipsRepository({ db, dialect }: RepoContext): RelationshipsRepository {
  return {
    friendsOf: (userId) => guard('relationships.friendsOf', async () => {
      const rows = await db.selectFrom('users_relationships').select('user2').distinct().where('user1', '=', userId).orderBy('user2').execute();
      return rows.map((r) => Number(r.user2));
    }),
    isFriend: (userId, friendId) => guard('relationships.isFriend', async () => {
      const r = await db.selectFrom('users_relationships').select('id').where('user1', '=', userId).where('user2', '=', friendId).limit(1).executeTakeFirst();
      return r !== undefined;
    }),
    // Akatsuki has no unique (user1, user2) key, so idempotence is a guarded insert in one statement.
    add: (userId, friendId) => guard('relationships.add', async () => {
      await sql`INSERT INTO users_relationships (user1, user2) SELECT ${userId}, ${friendId} ${fromDual(dialect)}
        WHERE NOT EXISTS (SELECT 1 FROM users_relationships WHERE user1 = ${userId} AND user2 = ${friendId})`.execute(db);
    }),
    remove: (userId, friendId) => guard('relationships.remove', async () => {
      await db.deleteFrom('users_relationships').where('user1', '=', userId).where('user2', '=', friendId).execute();
    }),
  };
}

function toChannel(r: Selectable<ChannelsTable>): ChannelRow {
  return {
    id: Number(r.id),
    name: r.name,
    description: r.description ?? '',
    publicRead: bool(r.public_read),
    publicWrite: bool(r.public_write),
    status: Number(r.status),
    temp: bool(r.temp),
    hidden: bool(r.hidden),
  };
}

export function channelsRepository({ db, dialect }: RepoContext): ChannelsRepository {
  return {
    list: () => guard('channels.list', async () => (await db.selectFrom('bancho_channels').selectAll().orderBy('id').execute()).map(toChannel)),
    findByName: (name) => guard('channels.findByName', async () => {
      const r = await db.selectFrom('bancho_channels').selectAll().where('name', '=', name).executeTakeFirst();
      return r && toChannel(r);
    }),
    ensure: (c) => guard('channels.ensure', async () => {
      const values = {
        name: c.name,
        description: latin1Text(c.description),
        public_read: c.publicRead ? 1 : 0,
        public_write: c.publicWrite ? 1 : 0,
        status: c.status,
        temp: c.temp ? 1 : 0,
        hidden: c.hidden ? 1 : 0,
      };
      // Never overwrite an operator's row: insert only when the name is free.
      await sql`INSERT INTO bancho_channels (name, description, public_read, public_write, status, temp, hidden)
        SELECT ${values.name}, ${values.description}, ${values.public_read}, ${values.public_write}, ${values.status}, ${values.temp}, ${values.hidden} ${fromDual(dialect)}
        WHERE NOT EXISTS (SELECT 1 FROM bancho_channels WHERE name = ${c.name})`.execute(db);
    }),
  };
}

function toMessage(r: Selectable<MessagesTable>): MessageRow {
  return {
    id: Number(r.id),
    senderId: Number(r.sender_id),
    recipientId: r.recipient_id === null ? null : Number(r.recipient_id),
    recipientChannel: r.recipient_channel,
    content: r.content,
    // messages keeps its times in DATETIME columns; the port speaks unix seconds.
    createdAt: fromSqlDatetime(r.created_at) ?? 0,
    readAt: fromSqlDatetime(r.read_at),
    deletedAt: fromSqlDatetime(r.deleted_at),
  };
}

export function messagesRepository({ db }: RepoContext): MessagesRepository {
  return {
    store: (m) => guard('messages.store', async () => {
      const res = await db
        .insertInto('messages')
        .values({
          sender_id: m.senderId,
          recipient_id: m.recipientId,
          recipient_channel: m.recipientChannel,
          content: m.content,
          created_at: toSqlDatetime(m.createdAt),
        })
        .executeTakeFirstOrThrow();
      return Number(res.insertId);
    }),
    unreadFor: (userId) => guard('messages.unreadFor', async () => {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('recipient_id', '=', userId)
        .where('read_at', 'is', null)
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows.map(toMessage);
    }),
    markRead: (ids, at) => guard('messages.markRead', async () => {
      if (ids.length === 0) return;
      await db.updateTable('messages').set({ read_at: toSqlDatetime(at) }).where('id', 'in', [...ids]).where('read_at', 'is', null).execute();
    }),
    countSentSince: (senderId, since) => guard('messages.countSentSince', async () => {
      const r = await db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('sender_id', '=', senderId)
        .where('created_at', '>=', toSqlDatetime(since))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    }),
    softDeleteSince: (senderId, since, at) => guard('messages.softDeleteSince', async () => {
      const res = await db
        .updateTable('messages')
        .set({ deleted_at: toSqlDatetime(at) })
        .where('sender_id', '=', senderId)
        .where('created_at', '>=', toSqlDatetime(since))
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    }),
  };
}

export function settingsRepository({ db }: RepoContext): SettingsRepository {
  const first = (name: string) =>
    db.selectFrom('bancho_settings').select(['id', 'value_int', 'value_string']).where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
  return {
    getInt: (name) => guard('settings.getInt', async () => {
      const r = await first(name);
      return r ? Number(r.value_int) : undefined;
    }),
    getString: (name) => guard('settings.getString', async () => (await first(name))?.value_string ?? undefined),
    set: (name, valueInt, valueString) => guard('settings.set', () =>
      db.transaction().execute(async (trx) => {
        // `name` is not unique in Akatsuki's table, so this is update-by-id or insert, not an upsert.
        const r = await trx.selectFrom('bancho_settings').select('id').where('name', '=', name).orderBy('id').limit(1).executeTakeFirst();
        if (r) await trx.updateTable('bancho_settings').set({ value_int: valueInt, value_string: latin1Text(valueString) }).where('id', '=', r.id).execute();
        else await trx.insertInto('bancho_settings').values({ name, value_int: valueInt, value_string: latin1Text(valueString) }).execute();
      }),
    ),
  };
}
