/**
 * The Akatsuki tables, exactly as Akatsuki's production schema declares them: generated from the
 * fixture in `../akatsuki-schema/` (see its FIXTURE.md for provenance) into
 * `akatsuki-tables.generated.ts`. What this file adds is what the fixture cannot say: the first
 * ids of a freshly created score table (the fixture was read from an empty database).
 */
import { AKATSUKI_SCHEMA } from './akatsuki-tables.generated.js';
import type { TableSpec } from './table-spec.js';

/** First ids of the score tables (production ranges: relax < 500M, vanilla ≥ 500M, AP ≥ 6.1e18). */
export const SCORE_ID_START = {
  relax: 1n,
  vanilla: 500_000_000n,
  autopilot: 6_148_914_691_236_517_204n,
} as const;

const ID_START: Readonly<Record<string, bigint>> = { scores: SCORE_ID_START.vanilla, scores_ap: SCORE_ID_START.autopilot };

/** Every shared table, in the fixture's order. */
export const AKATSUKI_TABLES: readonly TableSpec[] = AKATSUKI_SCHEMA.map((t) =>
  ID_START[t.name] !== undefined ? { ...t, autoIncrementStart: ID_START[t.name] } : t,
);

/** Hayate's own bookkeeping: which migration versions ran. */
export const MIGRATIONS_TABLE: TableSpec = {
  name: 'hayate_migrations',
  columns: [
    { name: 'version', type: 'int', default: 0 },
    { name: 'name', type: 'varchar(128)', default: '' },
    { name: 'applied_at', type: 'int', default: 0 },
  ],
  primaryKey: ['version'],
};
