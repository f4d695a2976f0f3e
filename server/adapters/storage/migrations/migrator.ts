/**
 * Versioned, additive migrations. Each version lists tables it ensures; planning inspects the
 * live schema (information_schema / PRAGMA) and emits only what is missing: a whole table, a
 * column, an index. Nothing is ever dropped or altered, so running against a production Akatsuki
 * database only fills gaps. Applied versions are recorded in `hayate_migrations`; a second run has
 * nothing to do. `dryRun` plans without executing.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { StorageError } from '../../../ports/storage.js';
import { AKATSUKI_TABLES, MIGRATIONS_TABLE } from './akatsuki-tables.js';
import type { Dialect, TableSpec } from './table-spec.js';
import { addColumnSql, createIndexSql, createTableSql, indexName, quoteIdent } from './table-spec.js';

export interface Migration {
  version: number;
  name: string;
  /** Tables this version ensures exist with at least these columns and indexes. */
  tables: readonly TableSpec[];
}

/**
 * In order. Add a new version for new tables or columns; never edit an applied one's meaning.
 * Version 1 and 2 both ensure Akatsuki's whole schema (generated from the fixture): on a fresh
 * database 1 creates it and 2 finds nothing to do; a database migrated by an earlier Hayate (whose
 * version 1 covered fewer tables) gets the missing tables from 2.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'akatsuki base schema', tables: AKATSUKI_TABLES },
  { version: 2, name: 'akatsuki schema, every table (mysql-database 912da4a)', tables: AKATSUKI_TABLES },
];

export interface PlannedAction {
  table: string;
  /** Human-readable one-liner for `hayate migrate` output. */
  description: string;
  statements: string[];
}

export interface MigrationPlanStep {
  version: number;
  name: string;
  actions: PlannedAction[];
}

export interface MigrationReport {
  dryRun: boolean;
  /** Versions applied (or that would be, on a dry run), with what each did. */
  steps: MigrationPlanStep[];
  /** Columns of the spec the migrator cannot add to an existing table (e.g. a missing primary key). */
  warnings: string[];
}

export interface TableState {
  columns: Set<string>;
  /** Column lists (lowercase) of every existing index, primary key included. */
  indexes: string[][];
  /** Names (lowercase) of the existing indexes, where known (a new named index must not collide). */
  indexNames?: Set<string>;
}
export type SchemaState = Map<string, TableState>;

// Kysely instance of any database shape: the migrator only runs raw SQL.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Tables, columns and index column lists of the live database (used for planning and by tests). */
export async function inspectSchema(db: AnyDb, dialect: Dialect): Promise<SchemaState> {
  const state: SchemaState = new Map();
  const table = (name: string): TableState => {
    const key = name.toLowerCase();
    let t = state.get(key);
    if (!t) state.set(key, (t = { columns: new Set(), indexes: [] }));
    return t;
  };
  if (dialect === 'mysql') {
    const cols = await sql<{ t: string; c: string }>`SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()`.execute(db);
    for (const r of cols.rows) table(r.t).columns.add(r.c.toLowerCase());
    const idx = await sql<{ t: string; i: string; c: string }>`SELECT TABLE_NAME AS t, INDEX_NAME AS i, COLUMN_NAME AS c FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`.execute(db);
    const grouped = new Map<string, { t: string; cols: string[] }>();
    for (const r of idx.rows) {
      const k = `${r.t}\u0000${r.i}`;
      let g = grouped.get(k);
      if (!g) grouped.set(k, (g = { t: r.t, cols: [] }));
      g.cols.push(r.c.toLowerCase());
    }
    for (const [k, g] of grouped) {
      const t = table(g.t);
      t.indexes.push(g.cols);
      (t.indexNames ??= new Set()).add(k.slice(k.indexOf('\u0000') + 1).toLowerCase());
    }
    return state;
  }
  const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db);
  for (const { name } of tables.rows) {
    const t = table(name);
    const q = quoteIdent('sqlite', name);
    const info = await sql<{ name: string; pk: number }>`${sql.raw(`PRAGMA table_info(${q})`)}`.execute(db);
    const pk: Array<{ name: string; pk: number }> = [];
    for (const col of info.rows) {
      t.columns.add(col.name.toLowerCase());
      if (col.pk > 0) pk.push(col);
    }
    if (pk.length > 0) t.indexes.push(pk.sort((a, b) => a.pk - b.pk).map((p) => p.name.toLowerCase()));
    const list = await sql<{ name: string }>`${sql.raw(`PRAGMA index_list(${q})`)}`.execute(db);
    for (const ix of list.rows) {
      (t.indexNames ??= new Set()).add(String(ix.name).toLowerCase());
      const cols = await sql<{ name: string; seqno: number }>`${sql.raw(`PRAGMA index_info(${quoteIdent('sqlite', ix.name)})`)}`.execute(db);
      t.indexes.push(cols.rows.sort((a, b) => a.seqno - b.seqno).map((r) => String(r.name).toLowerCase()));
    }
  }
  return state;
}

const sameColumns = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]!.toLowerCase());

/** What `spec` needs on top of `state`; updates `state` as if the actions had run. */
function planTable(dialect: Dialect, state: SchemaState, spec: TableSpec, warnings: string[]): PlannedAction[] {
  const actions: PlannedAction[] = [];
  const existing = state.get(spec.name.toLowerCase());
  if (!existing) {
    const statements = [createTableSql(dialect, spec, true)];
    if (dialect === 'sqlite' && spec.autoIncrementStart !== undefined) {
      // SQLite has no AUTO_INCREMENT=N; seeding sqlite_sequence makes the next id the range start.
      const seq = spec.autoIncrementStart - 1n;
      statements.push(
        `INSERT INTO sqlite_sequence (name, seq) SELECT '${spec.name}', ${seq} WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '${spec.name}')`,
      );
    }
    const created: TableState = { columns: new Set(spec.columns.map((c) => c.name.toLowerCase())), indexes: [] };
    const ai = spec.columns.find((c) => c.autoIncrement);
    if (ai) created.indexes.push([ai.name.toLowerCase()]);
    if (spec.primaryKey) created.indexes.push(spec.primaryKey.map((c) => c.toLowerCase()));
    if (dialect === 'mysql') for (const idx of spec.indexes ?? []) created.indexes.push(idx.columns.map((c) => c.toLowerCase()));
    state.set(spec.name.toLowerCase(), created);
    const start = spec.autoIncrementStart !== undefined ? ` (ids from ${spec.autoIncrementStart})` : '';
    actions.push({ table: spec.name, description: `create table ${spec.name}${start}`, statements });
  } else {
    for (const col of spec.columns) {
      if (existing.columns.has(col.name.toLowerCase())) continue;
      if (col.autoIncrement) {
        warnings.push(`${spec.name}.${col.name}: missing auto-increment key, not added (would rewrite the table)`);
        continue;
      }
      existing.columns.add(col.name.toLowerCase());
      actions.push({ table: spec.name, description: `add column ${spec.name}.${col.name}`, statements: [addColumnSql(dialect, spec.name, col)] });
    }
  }
  const t = state.get(spec.name.toLowerCase())!;
  for (const spec0 of spec.indexes ?? []) {
    if (t.indexes.some((have) => sameColumns(spec0.columns, have))) continue;
    // A drifted database may use Akatsuki's index name for other columns: then the new index takes
    // a derived name rather than failing the whole migration.
    const taken = spec0.name !== undefined && t.indexNames?.has(indexName(spec.name, spec0, dialect).toLowerCase());
    const idx = taken ? { columns: spec0.columns, unique: spec0.unique } : spec0;
    t.indexes.push(idx.columns.map((c) => c.toLowerCase()));
    (t.indexNames ??= new Set()).add(indexName(spec.name, idx, dialect).toLowerCase());
    actions.push({
      table: spec.name,
      description: `add ${idx.unique ? 'unique ' : ''}index on ${spec.name}(${idx.columns.join(', ')})`,
      statements: [createIndexSql(dialect, spec.name, idx)],
    });
  }
  return dialect === 'mysql' ? mergeAlters(spec.name, actions) : actions;
}

/**
 * MySQL: every ALTER of an existing table copies or rebuilds it (hours on a large scores table),
 * so all additions to one table go into a single ALTER TABLE … ADD …, ADD … statement.
 */
function mergeAlters(table: string, actions: PlannedAction[]): PlannedAction[] {
  const clauses: string[] = [];
  const prefix = `ALTER TABLE ${quoteIdent('mysql', table)} `;
  for (const a of actions) {
    for (const st of a.statements) {
      if (st.startsWith(prefix)) clauses.push(st.slice(prefix.length));
      else {
        const m = /^CREATE (UNIQUE )?INDEX (\S+) ON \S+ (\(.*\))$/.exec(st);
        if (!m) return actions;
        clauses.push(`ADD ${m[1] ? 'UNIQUE ' : ''}INDEX ${m[2]} ${m[3]}`);
      }
    }
  }
  if (clauses.length < 2) return actions;
  return actions.map((a, i) => ({ ...a, statements: i === 0 ? [prefix + clauses.join(', ')] : [] }));
}

async function appliedVersions(db: AnyDb, state: SchemaState): Promise<Set<number>> {
  if (!state.has(MIGRATIONS_TABLE.name)) return new Set();
  const rows = await sql<{ version: number | string }>`SELECT version FROM hayate_migrations`.execute(db);
  return new Set(rows.rows.map((r) => Number(r.version)));
}

/**
 * Cheap start-up check: every known migration is recorded in `hayate_migrations`. One indexed
 * read instead of inspecting information_schema for every table (which takes hundreds of ms on
 * a database with Akatsuki's 60-odd tables). Any failure (no table yet) answers false, and the
 * caller falls back to the full plan to explain what is missing.
 */
export async function isUpToDate(db: AnyDb, migrations: readonly Migration[] = MIGRATIONS): Promise<boolean> {
  try {
    const rows = await sql<{ version: number | string }>`SELECT version FROM hayate_migrations`.execute(db);
    const done = new Set(rows.rows.map((r) => Number(r.version)));
    return migrations.every((m) => done.has(m.version));
  } catch {
    return false;
  }
}

async function runPlan(db: AnyDb, dialect: Dialect, dryRun: boolean, migrations: readonly Migration[]): Promise<MigrationReport> {
  const state = await inspectSchema(db, dialect);
  const warnings: string[] = [];
  const done = await appliedVersions(db, state);
  const steps: MigrationPlanStep[] = [];
  const bookkeeping = planTable(dialect, state, MIGRATIONS_TABLE, warnings);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    const actions: PlannedAction[] = [];
    if (steps.length === 0) actions.push(...bookkeeping);
    for (const t of m.tables) actions.push(...planTable(dialect, state, t, warnings));
    steps.push({ version: m.version, name: m.name, actions });
  }
  if (dryRun) return { dryRun, steps, warnings };
  const now = Math.floor(Date.now() / 1000);
  for (const step of steps) {
    const apply = async (conn: AnyDb): Promise<void> => {
      for (const a of step.actions) {
        for (const statement of a.statements) {
          try {
            await sql.raw(statement).execute(conn);
          } catch (err) {
            throw new StorageError(`migration ${step.version} (${step.name}): ${a.description} failed: ${(err as Error).message}`, { cause: err });
          }
        }
      }
      await sql`INSERT INTO hayate_migrations (version, name, applied_at) VALUES (${step.version}, ${step.name}, ${now})`.execute(conn);
    };
    // SQLite DDL is transactional, so a failed step leaves nothing half-done; MySQL DDL commits
    // implicitly, which is why every step is additive and re-planned from the live schema.
    if (dialect === 'sqlite') await db.transaction().execute(apply);
    else await apply(db);
  }
  return { dryRun, steps, warnings };
}

/** Plans and (unless dryRun) applies every pending migration. */
export async function migrate(db: AnyDb, dialect: Dialect, opts: { dryRun?: boolean; migrations?: readonly Migration[] } = {}): Promise<MigrationReport> {
  const dryRun = opts.dryRun ?? false;
  const migrations = opts.migrations ?? MIGRATIONS;
  if (dialect === 'sqlite') return runPlan(db, dialect, dryRun, migrations);
  // One migrator at a time per database: a named lock held on one pinned connection.
  return db.connection().execute(async (conn) => {
    const got = await sql<{ ok: number | null }>`SELECT GET_LOCK('hayate_migrate', 60) AS ok`.execute(conn);
    if (Number(got.rows[0]?.ok) !== 1) throw new StorageError('another `hayate migrate` is running on this database (lock hayate_migrate not acquired in 60 s)');
    try {
      return await runPlan(conn, dialect, dryRun, migrations);
    } finally {
      await sql`SELECT RELEASE_LOCK('hayate_migrate')`.execute(conn);
    }
  });
}

/** Formats a report for the CLI. */
export function formatReport(r: MigrationReport): string {
  const lines: string[] = [];
  if (r.steps.length === 0) lines.push('Nothing to do: the schema is up to date.');
  for (const s of r.steps) {
    lines.push(`${r.dryRun ? 'Would apply' : 'Applied'} migration ${s.version} (${s.name}):`);
    if (s.actions.length === 0) lines.push('  (schema already complete; recorded as applied)');
    for (const a of s.actions) lines.push(`  - ${a.description}`);
  }
  if (r.steps.length > 0) {
    // What an operator pointing Hayate at an existing database wants to know first.
    const actions = r.steps.flatMap((s) => s.actions);
    const created = new Set(actions.filter((a) => a.description.startsWith('create table')).map((a) => a.table));
    const touched = [...new Set(actions.filter((a) => !created.has(a.table)).map((a) => a.table))];
    lines.push(
      touched.length === 0
        ? `Existing tables: none ${r.dryRun ? 'would be' : 'was'} altered (nothing is ever dropped or changed; only missing tables are created).`
        : `Existing tables gaining missing columns or indexes (nothing is dropped or changed): ${touched.join(', ')}.`,
    );
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
