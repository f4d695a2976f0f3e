/**
 * `hayate import-maps DIR`: files every `.osu` under DIR into the beatmap store so the PP API and
 * recalculations work offline: the file goes to DATA_DIR/osu/<md5>.osu, stars and max combo come
 * from the compute pool (and the difficulty attributes land in the difficulty store), and a
 * `beatmaps` row is upserted through the Storage port.
 *
 * Ids: BeatmapID/BeatmapSetID from the file. A file without BeatmapID (unsubmitted map) gets a
 * negative synthetic id, -(first 28 bits of its md5) - 1, stable across imports and never clashing
 * with osu!'s positive ids; if another md5 already holds that id, the next lower free id is taken.
 * A missing BeatmapSetID gets the same synthetic value.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command.js';
import { parseCliArgs, UsageError } from '../command.js';
import { loadConfig, type Config } from '../../config.js';
import type { BeatmapRow, Storage } from '../../ports/storage.js';
import { readOsuMetadata, songName } from '../../../compute/maps/read-osu-metadata.js';

const USAGE = `Usage: hayate import-maps DIR [--status N]

Imports every .osu file under DIR (recursively): copies it to DATA_DIR/osu/<md5>.osu, computes
stars and max combo in the compute pool, and upserts its beatmaps row.

Options:
  --status N   ranked status for new rows (client codes: 0 pending, 2 ranked, 3 approved,
               4 qualified, 5 loved; default 2). Existing rows keep theirs.`;

const FILENAME_STRIP = /[:\\/*<>?"|]/g;

function listOsuFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listOsuFiles(p));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.osu')) out.push(p);
  }
  return out.sort();
}

/** -(first 28 bits of the md5) - 1: deterministic, negative, far below any osu! id. */
export function syntheticBeatmapId(md5: string): number {
  return -(Number.parseInt(md5.slice(0, 7), 16) + 1);
}

async function openStorageFor(config: Config): Promise<Storage> {
  // Loaded only here: `hayate pp` and `--help` never pay for the database drivers.
  const { openStorage } = await import('../../adapters/storage/open-storage.js');
  return openStorage(config);
}

const command: CliCommand = {
  summary: 'import .osu files from a directory into the beatmap store',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCliArgs({ args, allowPositionals: true, strict: true, options: { status: { type: 'string' } } });
    if (positionals.length !== 1) throw new UsageError('expected exactly one DIR argument');
    const status = values.status === undefined ? 2 : Number(values.status);
    if (!Number.isInteger(status) || status < -1 || status > 5) throw new UsageError('--status must be a client status code -1..5');
    const dir = path.resolve(positionals[0]!);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
    const config = loadConfig();
    const files = listOsuFiles(dir);
    const osuDir = path.join(config.dataDir, 'osu');
    mkdirSync(osuDir, { recursive: true });

    const { openComputePool } = await import('../../../compute/open-compute.js');
    const { selectCalculator } = await import('../../../compute/pp/select.js');
    const pool = openComputePool(config, { passwordThreads: 0 });
    const storage = await openStorageFor(config);
    let imported = 0;
    let failed = 0;
    try {
      const now = Math.floor(Date.now() / 1000);
      // Bounded concurrency keeps every worker busy without queueing the whole directory.
      const queue = [...files];
      const workers = Array.from({ length: Math.max(1, pool.threads * 2) }, async () => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          try {
            const bytes = readFileSync(file);
            const md5 = createHash('md5').update(bytes).digest('hex');
            const meta = readOsuMetadata(bytes);
            if (meta.formatVersion === null || meta.nObjects === 0) throw new Error('not a playable .osu file (no header or no hit objects)');
            const calculator = selectCalculator(config.ppProfile, meta.mode, 0);
            const d = await pool.difficulty({ map: { bytes, md5 }, mode: meta.mode, mods: 0, calculator: calculator === 'akatsuki-rx-2019' ? 'rosu-2.0' : calculator });
            if (d.suspicious) throw new Error('map looks abusive (rosu isSuspicious); not imported');
            const target = path.join(osuDir, `${md5}.osu`);
            if (!existsSync(target)) writeFileSync(target, bytes);
            const existing = await storage.beatmaps.findByMd5(md5);
            let beatmapId = existing?.beatmapId ?? (meta.beatmapId > 0 ? meta.beatmapId : syntheticBeatmapId(md5));
            if (!existing && beatmapId < 0) {
              for (let other = await storage.beatmaps.findById(beatmapId); other && other.beatmapMd5 !== md5; other = await storage.beatmaps.findById(beatmapId)) {
                beatmapId--;
              }
            }
            const row: BeatmapRow = {
              beatmapId,
              beatmapsetId: meta.beatmapSetId > 0 ? meta.beatmapSetId : syntheticBeatmapId(md5),
              beatmapMd5: md5,
              songName: songName(meta).replace(FILENAME_STRIP, ''),
              fileName: `${meta.artist} - ${meta.title} (${meta.creator}) [${meta.version}]`.replace(FILENAME_STRIP, '') + '.osu',
              ar: meta.ar,
              od: meta.od,
              mode: meta.mode,
              maxCombo: d.maxCombo,
              hitLength: Math.round(meta.lengthMs / 1000),
              bpm: Math.round(meta.bpm),
              ranked: existing?.ranked ?? status,
              latestUpdate: now,
              rankedStatusFreezed: existing?.rankedStatusFreezed ?? false,
              playcount: existing?.playcount ?? 0,
              passcount: existing?.passcount ?? 0,
              countCircles: meta.nCircles + meta.nHolds,
              countSliders: meta.nSliders,
              countSpinners: meta.nSpinners,
            };
            await storage.beatmaps.upsert(row);
            imported++;
            process.stdout.write(
              `imported ${row.beatmapId} ${md5} ${JSON.stringify(row.songName)} mode=${meta.mode} stars=${d.stars.toFixed(4)} maxCombo=${d.maxCombo}\n`,
            );
          } catch (err) {
            failed++;
            process.stderr.write(`skipped ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
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
