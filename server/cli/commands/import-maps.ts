/**
 * `hayate import-maps DIR`: files every `.osu` and `.osz` under DIR into the beatmap store so the
 * PP API, leaderboards and recalculations work offline (server/beatmaps/import.ts does the work:
 * DATA_DIR/osu/<md5>.osu, stars and max combo from the compute pool, a `beatmaps` row).
 */
import { readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command.js';
import { parseCliArgs, UsageError } from '../command.js';
import { loadConfig } from '../../config.js';
import { listMapFiles } from '../../beatmaps/import.js';

export { syntheticBeatmapId } from '../../beatmaps/import.js';

const USAGE = `Usage: hayate import-maps DIR [--status N]

Imports every .osu file and .osz archive under DIR (recursively): copies each .osu to
DATA_DIR/osu/<md5>.osu, computes stars and max combo in the compute pool, and upserts its
beatmaps row.

Options:
  --status N   ranked status for new rows (client codes: 0 pending, 2 ranked, 3 approved,
               4 qualified, 5 loved; default 2). Existing rows keep theirs.`;

const command: CliCommand = {
  summary: 'import .osu files and .osz archives from a directory into the beatmap store',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCliArgs({ args, allowPositionals: true, strict: true, options: { status: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one DIR argument');
    const status = values.status === undefined ? 2 : Number(values.status);
    if (!Number.isInteger(status) || status < -1 || status > 5) throw new UsageError('--status must be a client status code -1..5');
    const dir = path.resolve(positionals[0]!);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
    const config = loadConfig();
    const files = listMapFiles(dir);

    // Loaded only here: `--help` never pays for the database drivers or worker threads.
    const { openComputePool } = await import('../../open-compute.js');
    const { openStorage } = await import('../../adapters/storage/open-storage.js');
    const { osuFileCache } = await import('../../adapters/beatmaps/osu-file-cache.js');
    const { importFile } = await import('../../beatmaps/import.js');
    const { poolDifficulty } = await import('../../beatmaps/pool-difficulty.js');
    const { osuDirOf } = await import('../../beatmaps/open-store.js');
    const pool = openComputePool(config, { passwordThreads: 0 });
    const storage = await openStorage(config);
    let imported = 0;
    let failed = 0;
    try {
      const deps = { storage, files: osuFileCache(osuDirOf(config)), difficulty: poolDifficulty(pool, config.ppProfile), status, nowSeconds: Math.floor(Date.now() / 1000) };
      // Bounded concurrency keeps every worker busy without queueing the whole directory.
      const queue = [...files];
      const workers = Array.from({ length: Math.max(1, pool.threads * 2) }, async () => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          const r = await importFile(deps, file, readFileSync(file));
          for (const m of r.imported) {
            imported++;
            process.stdout.write(`imported ${m.row.beatmapId} ${m.row.beatmapMd5} ${JSON.stringify(m.row.songName)} mode=${m.row.mode} stars=${m.stars.toFixed(4)} maxCombo=${m.row.maxCombo}\n`);
          }
          for (const e of r.failed) {
            failed++;
            process.stderr.write(`skipped ${e.message}\n`);
          }
        }
      });
      await Promise.all(workers);
    } finally {
      await pool.close();
      await storage.close();
    }
    process.stdout.write(`${imported} imported, ${failed} skipped, ${files.length} files\n`);
    return failed > 0 ? 1 : 0;
  },
};
export default command;
