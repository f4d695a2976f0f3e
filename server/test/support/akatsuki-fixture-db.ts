/**
 * A MariaDB database built from the Akatsuki schema fixture ALONE (server/adapters/storage/
 * akatsuki-schema/*.tsv): every table, column, default and index exactly as Akatsuki's own
 * migrations leave them, bookkeeping tables included, and no Hayate table. Nothing of Hayate's
 * migrator is involved in building it, so a test on it proves Hayate runs on Akatsuki as it is.
 *
 *   const db = await createAkatsukiFixtureDatabase('my_test');   // { url, name, drop() }
 *   // then `hayate migrate` (or migrateDatabase) and use db.url as DATABASE_URL
 *
 * `startTestServer({ mode: 'redis', database: 'akatsuki-fixture' })` does all of that.
 */
import mysql from 'mysql2/promise';
import { fixtureCreateTableSql, loadFixture } from '../../adapters/storage/akatsuki-schema/parse.js';
import { createMysqlTestDatabase, type TestDatabase } from './services.js';

export async function createAkatsukiFixtureDatabase(prefix = 'hayate_akatsuki'): Promise<TestDatabase> {
  const db = await createMysqlTestDatabase(prefix);
  try {
    // Akatsuki's migrations run in strict mode on a UTC session; so does this build.
    const conn = await mysql.createConnection({ uri: db.url, multipleStatements: true });
    try {
      await conn.query("SET time_zone = '+00:00', sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
      await conn.query(loadFixture().map((t) => `${fixtureCreateTableSql(t)};`).join('\n'));
    } finally {
      await conn.end();
    }
  } catch (err) {
    await db.drop();
    throw err;
  }
  return db;
}
