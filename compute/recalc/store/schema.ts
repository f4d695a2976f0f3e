/**
 * Hayate's own tables for recalculation and the rework calculator column, applied through the
 * storage migrator with a separate version (1001) so the base schema's version list stays as the
 * storage engineer wrote it. Additive only, like every migration: `reworks` gains
 * `hayate_calculator` (the calculator id a rework runs; '' = Akatsuki's std-relax `osu_2019`).
 *
 *   hayate_recalc_jobs   one row per `hayate recalc` run: its parameters (JSON) and phase
 *   hayate_recalc_units  one row per finished unit (phase 1: md5 × playstyle, phase 2: user ×
 *                        playstyle × mode); a restarted run skips these
 */
import type { TableSpec } from '../../../server/adapters/storage/migrations/table-spec.js';
import type { Migration } from '../../../server/adapters/storage/migrations/migrator.js';

const reworks: TableSpec = {
  name: 'reworks',
  columns: [
    { name: 'rework_id', type: 'int', autoIncrement: true },
    { name: 'rework_name', type: 'varchar(64)', default: '' },
    { name: 'mode', type: 'tinyint', default: 0 },
    { name: 'rx', type: 'tinyint', default: 0 },
    { name: 'updated_at', type: 'datetime', nullable: true },
    { name: 'hayate_calculator', type: 'varchar(32)', default: '' },
  ],
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

export const RECALC_MIGRATION: Migration = { version: 1001, name: 'hayate recalc jobs and rework calculators', tables: [reworks, jobs, units] };
