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
import { SCORE_ID_START } from '../../adapters/storage/migrations/akatsuki-tables.js';
import { createMysqlTestDatabase, type TestDatabase } from './services.js';

export interface AkatsukiFixtureOptions {
  /**
   * Start scores at 500,000,000 and scores_ap at 6,148,914,691,236,517,204, as a production
   * database's sequences stand (its rows hold those ranges; the fixture, read from an empty
   * database, says 1). Default true; false leaves the tables exactly as the migrations create them.
   */
  productionScoreIds?: boolean;
}

export async function createAkatsukiFixtureDatabase(prefix = 'hayate_akatsuki', opts: AkatsukiFixtureOptions = {}): Promise<TestDatabase> {
  const db = await createMysqlTestDatabase(prefix);
  try {
    // Akatsuki's migrations run in strict mode on a UTC session; so does this build.
    const conn = await mysql.createConnection({ uri: db.url, multipleStatements: true });
    try {
      await conn.query("SET time_zone = '+00:00', sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
      await conn.query(loadFixture().map((t) => `${fixtureCreateTableSql(t)};`).join('\n'));
      if (opts.productionScoreIds ?? true) {
        await conn.query(`ALTER TABLE scores AUTO_INCREMENT = ${SCORE_ID_START.vanilla}; ALTER TABLE scores_ap AUTO_INCREMENT = ${SCORE_ID_START.autopilot}`);
      }
    } finally {
      await conn.end();
    }
  } catch (err) {
    await db.drop();
    throw err;
  }
  return db;
}
