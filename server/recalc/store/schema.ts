/**
 * Hayate's own tables for recalculation, applied through the storage migrator with separate
 * versions (1001, 1002) so the base schema's version list stays the storage adapter's. Additive
 * only, like every migration, and Akatsuki's own tables are never altered: which calculator a
 * rework runs lives beside `reworks`, in Hayate's table, not in a column added to Akatsuki's.
 *
 *   hayate_rework_calculators  rework_id → calculator id ('' = Akatsuki's std-relax `osu_2019`)
 *   hayate_recalc_jobs   one row per `hayate recalc` run: its parameters (JSON) and phase
 *   hayate_recalc_units  one row per finished unit (phase 1: md5 × playstyle, phase 2: user ×
 *                        playstyle × mode); a restarted run skips these
 */
import type { TableSpec } from '../../adapters/storage/migrations/table-spec.js';
import type { Migration } from '../../adapters/storage/migrations/migrator.js';

const calculators: TableSpec = {
  name: 'hayate_rework_calculators',
  columns: [
    { name: 'rework_id', type: 'int', default: 0 },
    { name: 'calculator', type: 'varchar(32)', default: '' },
  ],
  primaryKey: ['rework_id'],
};

const jobs: TableSpec = {
  name: 'hayate_recalc_jobs',
  columns: [
    { name: 'job_id', type: 'varchar(64)', default: '' },
    { name: 'params', type: 'text', nullable: true },
    { name: 'phase', type: 'tinyint', default: 1 },
    { name: 'state', type: 'varchar(16)', default: 'running' },
    { name: 'units_1', type: 'int', default: 0 },
    { name: 'units_2', type: 'int', default: 0 },
    { name: 'created_at', type: 'int', default: 0 },
    { name: 'updated_at', type: 'int', default: 0 },
  ],
  primaryKey: ['job_id'],
};

const units: TableSpec = {
  name: 'hayate_recalc_units',
  columns: [
    { name: 'job_id', type: 'varchar(64)', default: '' },
    { name: 'phase', type: 'tinyint', default: 1 },
    { name: 'unit', type: 'varchar(128)', default: '' },
    { name: 'done_at', type: 'int', default: 0 },
  ],
  primaryKey: ['job_id', 'phase', 'unit'],
};

export const RECALC_MIGRATIONS: readonly Migration[] = [
  { version: 1001, name: 'hayate recalc jobs', tables: [jobs, units] },
  { version: 1002, name: 'hayate rework calculators (beside reworks, not in it)', tables: [calculators] },
];
