/**
 * Kysely's view of the database. Akatsuki's tables are generated from the schema fixture
 * (`database.generated.ts`, by `akatsuki-schema/generate.ts`): column names and types exactly as
 * in SQL. Read types are what either driver hands back: BIGINT as number | string (mysql2's
 * bigNumberStrings), DATETIME/TIMESTAMP as 'YYYY-MM-DD HH:MM:SS' text (mysql2's dateStrings; the
 * SQLite twin stores the same text), booleans as TINYINT 0/1. Hayate's own tables are added here.
 */
import type { ColumnType } from 'kysely';
import type {
  AkatsukiDatabase,
  BanchoChannelsTable,
  BanchoSettingsTable,
  Big,
  BigIn,
  ScoresTable as VanillaScoresTable,
  UsersRelationshipsTable,
} from './database.generated.js';

export type * from './database.generated.js';

/** Aliases kept for the repositories written before the generated names. */
export type ChannelsTable = BanchoChannelsTable;
export type SettingsTable = BanchoSettingsTable;
export type RelationshipsTable = UsersRelationshipsTable;

/**
 * scores, scores_relax and scores_ap differ only in the id's width (int(11) vs bigint(20)) and
 * beatmap_md5 (char vs varchar): one shape, so a query can take any of the three by name.
 */
export interface ScoresTable extends Omit<VanillaScoresTable, 'id'> {
  id: ColumnType<Big, BigIn | undefined, BigIn>;
}

export interface HayateMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Database extends Omit<AkatsukiDatabase, 'scores' | 'scores_relax' | 'scores_ap'> {
  scores: ScoresTable;
  scores_relax: ScoresTable;
  scores_ap: ScoresTable;
  hayate_migrations: HayateMigrationsTable;
}

export type ScoreTableName = 'scores' | 'scores_relax' | 'scores_ap';
