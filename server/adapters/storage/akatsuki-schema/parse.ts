/**
 * Reads the Akatsuki schema fixture (tables.tsv, columns.tsv, indexes.tsv in this folder, read
 * back from information_schema of a MariaDB built by Akatsuki's own migrations; see FIXTURE.md)
 * into plain objects. Pure: the generator, the fixture-database test helper and the
 * schema-comparison test all start from this one reading of the facts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export interface FixtureColumn {
  table: string;
  name: string;
  position: number;
  /** Full MySQL column type as information_schema spells it: `int(10) unsigned`, `enum('a','b')`. */
  type: string;
  nullable: boolean;
  /**
   * information_schema's COLUMN_DEFAULT as an SQL expression (`0`, `'XX'`, `current_timestamp()`),
   * or null for none / DEFAULT NULL (the TSV writes both as NULL).
   */
  default: string | null;
  /** `auto_increment`, `on update current_timestamp()` …, or ''. */
  extra: string;
  charset: string | null;
  collation: string | null;
}

export interface FixtureIndex {
  table: string;
  name: string;
  unique: boolean;
  columns: string[];
}

export interface FixtureTable {
  name: string;
  engine: string;
  collation: string;
  /** Next AUTO_INCREMENT value the fixture database reported, or null. */
  autoIncrement: number | null;
  columns: FixtureColumn[];
  indexes: FixtureIndex[];
}

/** Other tools' migration bookkeeping in Akatsuki's database: not data, not Hayate's to create. */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set(['schema_migrations', 'schema_seeds', '_sqlx_migrations', '__EFMigrationsHistory']);

/** The folder holding the TSVs (source tree; the compiled module sits under dist/). */
export function fixtureDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/server/adapters/storage/akatsuki-schema → server/adapters/storage/akatsuki-schema
  const parts = here.split(path.sep);
  const i = parts.lastIndexOf('dist');
  return i >= 0 ? [...parts.slice(0, i), ...parts.slice(i + 1)].join(path.sep) : here;
}

function rows(text: string, file: string, width: number): string[][] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error(`${file}: empty`);
  return lines.slice(1).map((l, i) => {
    const cells = l.split('\t');
    if (cells.length !== width) throw new Error(`${file}:${i + 2}: expected ${width} tab-separated cells, got ${cells.length}`);
    return cells;
  });
}

const nullable = (s: string): string | null => (s === 'NULL' ? null : s);

/** Parses the three TSV texts; tables in the fixture's order, columns by position. */
export function parseFixture(tablesTsv: string, columnsTsv: string, indexesTsv: string): FixtureTable[] {
  const tables = new Map<string, FixtureTable>();
  for (const [name, engine, collation, ai] of rows(tablesTsv, 'tables.tsv', 4)) {
    tables.set(name!, { name: name!, engine: engine!, collation: collation!, autoIncrement: ai === 'NULL' ? null : Number(ai), columns: [], indexes: [] });
  }
  const table = (name: string, file: string): FixtureTable => {
    const t = tables.get(name);
    if (!t) throw new Error(`${file}: table ${name} is not in tables.tsv`);
    return t;
  };
  for (const [t, name, pos, type, isNull, def, extra, charset, collation] of rows(columnsTsv, 'columns.tsv', 9)) {
    table(t!, 'columns.tsv').columns.push({
      table: t!,
      name: name!,
      position: Number(pos),
      type: type!,
      nullable: isNull === 'YES',
      default: nullable(def!),
      extra: extra!,
      charset: nullable(charset!),
      collation: nullable(collation!),
    });
  }
  for (const [t, name, nonUnique, cols] of rows(indexesTsv, 'indexes.tsv', 4)) {
    table(t!, 'indexes.tsv').indexes.push({ table: t!, name: name!, unique: nonUnique === '0', columns: cols!.split(',') });
  }
  for (const t of tables.values()) t.columns.sort((a, b) => a.position - b.position);
  return [...tables.values()];
}

/** The fixture as committed beside this module. */
export function loadFixture(dir = fixtureDir()): FixtureTable[] {
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return parseFixture(read('tables.tsv'), read('columns.tsv'), read('indexes.tsv'));
}

/** Every table Hayate shares with Akatsuki: the fixture minus other tools' bookkeeping. */
export function sharedTables(all: readonly FixtureTable[]): FixtureTable[] {
  return all.filter((t) => !BOOKKEEPING_TABLES.has(t.name));
}

/** `utf8mb4_general_ci` → `utf8mb4`. */
export const charsetOf = (collation: string): string => collation.slice(0, collation.indexOf('_'));

/** MySQL DDL for one fixture table, exactly as Akatsuki's migrations left it (used to build fixture databases). */
export function fixtureCreateTableSql(t: FixtureTable): string {
  const q = (n: string) => `\`${n.replace(/`/g, '``')}\``;
  const lines = t.columns.map((c) => {
    const parts = [q(c.name), c.type];
    if (c.charset && c.collation) parts.push(`CHARACTER SET ${c.charset} COLLATE ${c.collation}`);
    parts.push(c.nullable ? 'NULL' : 'NOT NULL');
    if (c.default !== null) parts.push(`DEFAULT ${c.default}`);
    else if (c.nullable) parts.push('DEFAULT NULL');
    if (c.extra) parts.push(c.extra.replace(/^DEFAULT_GENERATED\s*/i, ''));
    return `  ${parts.join(' ')}`;
  });
  for (const i of t.indexes) {
    const cols = i.columns.map(q).join(', ');
    if (i.name === 'PRIMARY') lines.push(`  PRIMARY KEY (${cols})`);
    else lines.push(`  ${i.unique ? 'UNIQUE KEY' : 'KEY'} ${q(i.name)} (${cols})`);
  }
  return `CREATE TABLE ${q(t.name)} (\n${lines.join(',\n')}\n) ENGINE=${t.engine} DEFAULT CHARSET=${charsetOf(t.collation)} COLLATE=${t.collation}`;
}
