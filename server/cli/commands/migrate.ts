/** `hayate migrate [--dry-run]`: create or complete the schema of the configured database. */
import { loadConfig } from '../../config.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';

const usage = `Usage: hayate migrate [--dry-run]

Creates the Akatsuki tables that are missing in the database selected by DATABASE_URL
(mysql://user:pass@host:3306/db) or, without it, in DATA_DIR/hayate.db (SQLite), and adds
missing columns and indexes to existing ones. Never drops or rewrites data; safe to run
against an existing Akatsuki database. Running it twice is a no-op.

Options:
  --dry-run   print what would be done, change nothing`;

const command: CliCommand = {
  summary: 'create or complete the database schema (--dry-run to preview)',
  usage,
  async run(args) {
    let dryRun = false;
    for (const a of args) {
      if (a === '--dry-run' || a === '-n') dryRun = true;
      else throw new UsageError(`unknown argument ${JSON.stringify(a)}`);
    }
    const config = loadConfig();
    const { openStorageBackend } = await import('../../adapters/storage/open-storage.js');
    const { formatReport, migrate } = await import('../../adapters/storage/migrations/migrator.js');
    const { StorageError } = await import('../../ports/storage.js');
    const storage = openStorageBackend(config, { readonly: dryRun });
    try {
      await storage.ping();
      const report = await migrate(storage.db, storage.dialect, { dryRun });
      const where = storage.dialect === 'mysql' ? 'MySQL' : `SQLite (${config.dataDir})`;
      process.stdout.write(`${where}\n${formatReport(report)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof StorageError) {
        process.stderr.write(`hayate migrate: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      await storage.close();
    }
  },
};
export default command;
