/**
 * SQL implementations of the difficulty attribute store, table `hayate_difficulty_cache`
 * (created if missing; Hayate's own table, not part of the Akatsuki schema):
 *
 *   md5 CHAR(32), mode TINYINT, mods INT UNSIGNED, calculator VARCHAR(32),
 *   attributes TEXT (JSON of the plain rosu attributes), created_at INT (unix s)
 *   PRIMARY KEY (md5, mode, mods, calculator)
 *
 * SQLite (better-sqlite3, a file of its own in DATA_DIR so it never contends with the main
 * database's write lock) for the embedded setup, MySQL/MariaDB (mysql2) when DATABASE_URL is set,
 * so several Hayate processes share one store.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import type { DifficultyCache, DifficultyKey } from './difficulty-cache.js';
import type { PlainAttributes } from './rosu-lib.js';

export const DIFFICULTY_TABLE = 'hayate_difficulty_cache';

function decode(json: string): PlainAttributes | undefined {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as PlainAttributes) : undefined;
  } catch {
    return undefined; // a damaged row is a miss: it gets recomputed and overwritten
  }
}

export class SqliteDifficultyCache implements DifficultyCache {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, number, number, string], { attributes: string }>;
  private readonly putStmt: Database.Statement<[string, number, number, string, string, number]>;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${DIFFICULTY_TABLE} (
      md5 TEXT NOT NULL, mode INTEGER NOT NULL, mods INTEGER NOT NULL, calculator TEXT NOT NULL,
      attributes TEXT NOT NULL, created_at INTEGER NOT NULL,
      PRIMARY KEY (md5, mode, mods, calculator))`);
    this.getStmt = this.db.prepare(`SELECT attributes FROM ${DIFFICULTY_TABLE} WHERE md5 = ? AND mode = ? AND mods = ? AND calculator = ?`);
    this.putStmt = this.db.prepare(`INSERT OR REPLACE INTO ${DIFFICULTY_TABLE} (md5, mode, mods, calculator, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  }

  async get(k: DifficultyKey): Promise<PlainAttributes | undefined> {
    const row = this.getStmt.get(k.md5, k.mode, k.mods, k.calculator);
    return row ? decode(row.attributes) : undefined;
  }

  async put(k: DifficultyKey, attributes: PlainAttributes): Promise<void> {
    this.putStmt.run(k.md5, k.mode, k.mods, k.calculator, JSON.stringify(attributes), Math.floor(Date.now() / 1000));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

export class MysqlDifficultyCache implements DifficultyCache {
  private ready: Promise<void> | undefined;

  constructor(private readonly pool: mysql.Pool) {}

  static fromUrl(url: string): MysqlDifficultyCache {
    return new MysqlDifficultyCache(mysql.createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: 4 }));
  }

  private init(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${DIFFICULTY_TABLE} (
          md5 CHAR(32) NOT NULL, mode TINYINT NOT NULL, mods INT UNSIGNED NOT NULL, calculator VARCHAR(32) NOT NULL,
          attributes TEXT NOT NULL, created_at INT NOT NULL,
          PRIMARY KEY (md5, mode, mods, calculator)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      )
      .then(() => undefined);
    return this.ready;
  }

  async get(k: DifficultyKey): Promise<PlainAttributes | undefined> {
    await this.init();
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>(
      `SELECT attributes FROM ${DIFFICULTY_TABLE} WHERE md5 = ? AND mode = ? AND mods = ? AND calculator = ?`,
      [k.md5, k.mode, k.mods, k.calculator],
    );
    const row = rows[0];
    return row ? decode(String(row.attributes)) : undefined;
  }

  async put(k: DifficultyKey, attributes: PlainAttributes): Promise<void> {
    await this.init();
    await this.pool.query(
      `REPLACE INTO ${DIFFICULTY_TABLE} (md5, mode, mods, calculator, attributes, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [k.md5, k.mode, k.mods, k.calculator, JSON.stringify(attributes), Math.floor(Date.now() / 1000)],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The store for a configuration: MySQL when DATABASE_URL is set, else DATA_DIR/difficulty-cache.sqlite. */
export function openDifficultyCache(config: { databaseUrl: string | undefined; dataDir: string }): DifficultyCache {
  if (config.databaseUrl) return MysqlDifficultyCache.fromUrl(config.databaseUrl);
  return new SqliteDifficultyCache(path.join(config.dataDir, 'difficulty-cache.sqlite'));
}
