/**
 * A tiny declarative description of a table, rendered to DDL for either dialect. The migrator
 * compares it with what the database already has, so the same description both creates a fresh
 * schema and fills the gaps of an existing Akatsuki database (never dropping or altering
 * what is there).
 */
export type Dialect = 'sqlite' | 'mysql';

/** Abstract column types; each maps to Akatsuki's MySQL type and to a SQLite storage class. */
export type ColumnType =
  | 'tinyint'
  | 'smallint'
  | 'mediumint'
  | 'int'
  | 'uint'
  | 'bigint'
  | 'ubigint'
  | 'float'
  | 'float63'
  | 'double'
  | `varchar(${number})`
  | `char(${number})`
  | 'text'
  | 'longtext'
  | 'blob'
  | 'json'
  | 'datetime';

/**
 * A column exactly as Akatsuki's MySQL schema declares it (generated from the fixture): rendered
 * verbatim on MySQL, so a fresh Hayate database and an Akatsuki one read back the same from
 * information_schema.
 */
export interface MysqlColumnDef {
  /** Full type: `int(10) unsigned`, `datetime`, `enum('a','b')`. */
  type: string;
  /** SQL default expression (`0`, `'XX'`, `current_timestamp()`), or null for none / NULL. */
  default: string | null;
  /** `auto_increment`, `on update current_timestamp()` …, or ''. */
  extra: string;
  charset: string | null;
  collation: string | null;
}

export interface ColumnSpec {
  name: string;
  /** Storage class on SQLite (and the MySQL type when `mysql` is absent). */
  type: ColumnType;
  /** The exact MySQL definition; when present it wins over `type`/`default` on MySQL. */
  mysql?: MysqlColumnDef;
  /** DEFAULT CURRENT_TIMESTAMP (a datetime text in UTC on SQLite, current_timestamp() on MySQL). */
  defaultNow?: boolean;
  /** Nullable columns default to NULL unless `default` says otherwise. */
  nullable?: boolean;
  /** Literal default (numbers or strings). Every NOT NULL column has one, so ADD COLUMN works on tables with rows. */
  default?: number | string;
  /** The table's AUTO_INCREMENT primary key (at most one per table). */
  autoIncrement?: boolean;
}

export interface IndexSpec {
  /** Akatsuki's index name (generated specs); otherwise derived from table and columns. */
  name?: string;
  columns: readonly string[];
  unique?: boolean;
}

export interface TableSpec {
  name: string;
  columns: readonly ColumnSpec[];
  /** Composite or plain primary key (omit when a column has autoIncrement). */
  primaryKey?: readonly string[];
  indexes?: readonly IndexSpec[];
  /** First id handed out on a freshly created table (Akatsuki's score-id ranges). */
  autoIncrementStart?: bigint;
  /** MySQL table collation (charset derived from it); default utf8mb4. */
  collation?: string;
}

export function quoteIdent(dialect: Dialect, name: string): string {
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

function mysqlType(t: ColumnType): string {
  switch (t) {
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'mediumint':
      return 'MEDIUMINT';
    case 'int':
      return 'INT';
    case 'uint':
      return 'INT UNSIGNED';
    case 'bigint':
      return 'BIGINT';
    case 'ubigint':
      return 'BIGINT UNSIGNED';
    case 'float':
      return 'FLOAT';
    case 'float63':
      return 'FLOAT(6,3)';
    case 'double':
      return 'DOUBLE';
    case 'text':
      return 'TEXT';
    case 'longtext':
      return 'LONGTEXT';
    case 'blob':
      return 'BLOB';
    case 'json':
      return 'LONGTEXT';
    case 'datetime':
      return 'DATETIME';
    default:
      return t.toUpperCase();
  }
}

function sqliteType(t: ColumnType): string {
  if (t === 'float' || t === 'float63' || t === 'double') return 'REAL';
  if (t === 'blob') return 'BLOB';
  if (t.includes('int')) return 'INTEGER';
  return 'TEXT';
}

function literal(v: number | string): string {
  return typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`;
}

/** The implicit value MySQL fills a NOT NULL column with; SQLite needs it spelled out to ADD such a column. */
function implicitDefault(t: ColumnType): number | string {
  if (t === 'datetime') return '1970-01-01 00:00:00';
  return sqliteType(t) === 'TEXT' ? '' : 0;
}

/**
 * The column definition after the name (type, nullability, default). `forAdd`: for ALTER TABLE
 * ADD COLUMN, where SQLite refuses a NOT NULL column without a constant default.
 */
export function columnDefinition(dialect: Dialect, c: ColumnSpec, forAdd = false): string {
  if (dialect === 'mysql' && c.mysql) {
    const m = c.mysql;
    const parts = [m.type];
    if (m.charset && m.collation) parts.push(`CHARACTER SET ${m.charset} COLLATE ${m.collation}`);
    parts.push(c.nullable ? 'NULL' : 'NOT NULL');
    if (m.default !== null) parts.push(`DEFAULT ${m.default}`);
    else if (c.nullable) parts.push('DEFAULT NULL');
    if (m.extra) parts.push(m.extra);
    return parts.join(' ');
  }
  if (c.autoIncrement) {
    return dialect === 'mysql'
      ? `${mysqlType(c.type)} NOT NULL AUTO_INCREMENT PRIMARY KEY`
      : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  }
  const type = dialect === 'mysql' ? mysqlType(c.type) : sqliteType(c.type);
  const parts = [type, c.nullable ? 'NULL' : 'NOT NULL'];
  if (c.defaultNow) {
    // SQLite cannot ADD COLUMN with a non-constant default.
    if (dialect === 'mysql') parts.push('DEFAULT current_timestamp()');
    else if (!forAdd) parts.push('DEFAULT CURRENT_TIMESTAMP');
    else if (!c.nullable) parts.push(`DEFAULT ${literal(implicitDefault(c.type))}`);
  } else if (c.default !== undefined) parts.push(`DEFAULT ${literal(c.default)}`);
  else if (forAdd && dialect === 'sqlite' && !c.nullable) parts.push(`DEFAULT ${literal(implicitDefault(c.type))}`);
  return parts.join(' ');
}

export function indexName(table: string, idx: IndexSpec, dialect: Dialect = 'mysql'): string {
  // MySQL index names are per table; SQLite's are per database, so they carry the table's name.
  if (idx.name !== undefined) return dialect === 'mysql' ? idx.name : `${table}__${idx.name}`;
  // Deterministic and short enough for MySQL's 64-character limit.
  const base = `${table}_${idx.columns.join('_')}${idx.unique ? '_uq' : '_idx'}`.replace(/[^A-Za-z0-9_]/g, '');
  return base.length <= 64 ? base : base.slice(0, 55) + '_' + simpleHash(base);
}

function simpleHash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** With `withIndexes`, MySQL gets the table's indexes inline (SQLite has no inline index syntax). */
export function createTableSql(dialect: Dialect, t: TableSpec, withIndexes = false): string {
  const q = (n: string) => quoteIdent(dialect, n);
  const lines = t.columns.map((c) => `  ${q(c.name)} ${columnDefinition(dialect, c)}`);
  const ai = t.columns.find((c) => c.autoIncrement);
  // An auto-increment column is the primary key inline on SQLite (and on MySQL without an exact definition).
  const pkInline = ai !== undefined && (dialect === 'sqlite' || !ai.mysql);
  if (t.primaryKey && !(pkInline && t.primaryKey.length === 1 && t.primaryKey[0] === ai.name)) {
    lines.push(`  PRIMARY KEY (${t.primaryKey.map(q).join(', ')})`);
  }
  if (withIndexes && dialect === 'mysql') {
    // One DDL statement per new table: each separate CREATE INDEX is a table rebuild step in InnoDB.
    for (const idx of t.indexes ?? []) {
      lines.push(`  ${idx.unique ? 'UNIQUE KEY' : 'KEY'} ${q(indexName(t.name, idx))} (${idx.columns.map(q).join(', ')})`);
    }
  }
  let sql = `CREATE TABLE IF NOT EXISTS ${q(t.name)} (\n${lines.join(',\n')}\n)`;
  if (dialect === 'mysql') {
    const collation = t.collation ?? 'utf8mb4_general_ci';
    sql += ` ENGINE=InnoDB DEFAULT CHARSET=${collation.slice(0, collation.indexOf('_'))} COLLATE=${collation}`;
    if (t.autoIncrementStart !== undefined) sql += ` AUTO_INCREMENT=${t.autoIncrementStart}`;
  }
  return sql;
}

export function addColumnSql(dialect: Dialect, table: string, c: ColumnSpec): string {
  return `ALTER TABLE ${quoteIdent(dialect, table)} ADD COLUMN ${quoteIdent(dialect, c.name)} ${columnDefinition(dialect, c, true)}`;
}

export function createIndexSql(dialect: Dialect, table: string, idx: IndexSpec): string {
  const q = (n: string) => quoteIdent(dialect, n);
  return `CREATE ${idx.unique ? 'UNIQUE ' : ''}INDEX ${q(indexName(table, idx, dialect))} ON ${q(table)} (${idx.columns.map(q).join(', ')})`;
}
