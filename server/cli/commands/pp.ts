/**
 * `hayate pp MAP.osu [...]`: one calculation through the compute pool, printed as one JSON
 * object (unrounded). Without --calc the configured profile (PP_PROFILE) picks the calculator by
 * mode and mods, exactly as score submission does.
 */
import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.js';
import { parseCliArgs, UsageError } from '../command.js';
import { loadConfig } from '../../config.js';
import { CALCULATOR_IDS, PpInputError, type CalculatorId } from '../../../compute/pp/calculator.js';
import { normaliseMods, parseMods } from '../../../compute/pp/mods.js';
import { readOsuMetadata } from '../../../compute/maps/read-osu-metadata.js';
import { md5Hex } from '../../../compute/pp/map-check.js';
import type { ScoreInput } from '../../../compute/pool.js';

const USAGE = `Usage: hayate pp MAP.osu [options]

Computes stars and pp of one score and prints one JSON object (raw, unrounded values).

Options:
  --mode 0-3            mode to calculate in (default: the map's; osu!std maps convert)
  --mods HDDT|72        mods as acronyms or stable bits (default: none)
  --acc PERCENT         accuracy, e.g. 98.5 (default: SS)
  --counts N300,N100,N50[,NGEKI,NKATU]
                        hit counts instead of --acc
  --misses N            misses (default 0)
  --combo N             max combo reached (default: the map's max combo)
  --calc ID             ${CALCULATOR_IDS.join(' | ')}
                        (default: chosen by PP_PROFILE=${'akatsuki|official'} from mode and mods)

Exit codes: 0 ok, 1 unusable map or score, 2 usage error.`;

function intArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

const command: CliCommand = {
  summary: 'compute stars and pp of a score on a .osu file',
  usage: USAGE,
  async run(args) {
    const { values: o, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        mode: { type: 'string' },
        mods: { type: 'string' },
        acc: { type: 'string' },
        counts: { type: 'string' },
        misses: { type: 'string' },
        combo: { type: 'string' },
        calc: { type: 'string' },
      },
    });
    if (positionals.length !== 1) throw new UsageError('expected exactly one MAP.osu argument');
    if (o.acc !== undefined && o.counts !== undefined) throw new UsageError('give --acc or --counts, not both');
    if (o.calc !== undefined && !(CALCULATOR_IDS as readonly string[]).includes(o.calc)) {
      throw new UsageError(`--calc must be one of ${CALCULATOR_IDS.join(', ')}`);
    }
    const modeArg = intArg('mode', o.mode);
    if (modeArg !== undefined && modeArg > 3) throw new UsageError('--mode must be 0, 1, 2 or 3');
    let accuracy: number | undefined;
    if (o.acc !== undefined) {
      accuracy = Number(o.acc);
      if (!/^\d+(\.\d+)?$/.test(o.acc) || accuracy > 100) throw new UsageError(`--acc must be a percentage 0..100, got ${JSON.stringify(o.acc)}`);
    }
    let counts: number[] | undefined;
    if (o.counts !== undefined) {
      counts = o.counts.split(',').map((c) => intArg('counts', c.trim()) ?? 0);
      if (counts.length < 3 || counts.length > 5) throw new UsageError('--counts takes 3 to 5 comma-separated numbers: N300,N100,N50[,NGEKI,NKATU]');
    }
    const config = loadConfig();

    let bytes: Uint8Array;
    try {
      bytes = readFileSync(positionals[0]!);
    } catch (err) {
      process.stderr.write(`hayate pp: cannot read ${positionals[0]}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return 1;
    }
    const meta = readOsuMetadata(bytes);
    const mode = (modeArg ?? meta.mode) as 0 | 1 | 2 | 3;
    let mods: number;
    try {
      mods = normaliseMods(parseMods(o.mods ?? 0), mode);
    } catch (err) {
      if (err instanceof PpInputError) throw new UsageError(`--mods: ${err.message}`);
      throw err;
    }
    const score: ScoreInput = { mode, mods };
    if (accuracy !== undefined) score.accuracy = accuracy;
    if (counts) {
      [score.n300, score.n100, score.n50] = counts as [number, number, number];
      if (counts[3] !== undefined) score.nGeki = counts[3];
      if (counts[4] !== undefined) score.nKatu = counts[4];
    }
    const misses = intArg('misses', o.misses);
    if (misses !== undefined) score.misses = misses;
    const combo = intArg('combo', o.combo);
    if (combo !== undefined) score.combo = combo;

    const { ComputePool } = await import('../../../compute/pool.js');
    const pool = new ComputePool({ threads: 1, passwordThreads: 0, profile: config.ppProfile });
    try {
      const r = await pool.calculate({ map: { bytes }, score, ...(o.calc ? { calculator: o.calc as CalculatorId } : {}) });
      const out = {
        calculator: r.calculator,
        profile: config.ppProfile,
        md5: md5Hex(bytes),
        mode,
        mods,
        stars: r.stars,
        pp: r.pp,
        maxCombo: r.maxCombo,
        ...r.components,
        components: r.components,
        attributes: r.attributes,
        ...(r.state ? { state: r.state } : {}),
        ...(r.suspicious ? { suspicious: true } : {}),
      };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return 0;
    } catch (err) {
      if (err instanceof PpInputError) {
        process.stderr.write(`hayate pp: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      await pool.close();
    }
  },
};
export default command;
