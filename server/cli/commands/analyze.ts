/**
 * `hayate analyze REPLAY.osr [--map FILE.osu] [--against OTHER.osr]`: the cheat heuristics of
 * compute/cheat on one replay file, printed as one JSON object (issue 13 "operator tools").
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CliCommand } from '../command.js';
import { parseCliArgs, UsageError } from '../command.js';
import { readOsr, ReplayDecodeError, ticksToUnixMs, type OsrHeader } from '../../../protocol/replay/index.js';
import { compareReplays, frametime, snaps, urSummary } from '../../../compute/cheat/analyze.js';
import { BeatmapError, loadCheatBeatmap, type CheatBeatmap } from '../../../compute/cheat/beatmap.js';
import { defaultKernels } from '../../../compute/cheat/kernels/index.js';
import { classify } from '../../../compute/cheat/levels.js';
import { evaluateSignals, reasonNames } from '../../../compute/cheat/signals.js';
import { CHECK_VERSION } from '../../../compute/cheat/task.js';
import { renderAnalysisSvg } from '../../../compute/cheat/svg.js';
import { unstableRate } from '../../../compute/cheat/ur.js';

const USAGE = `Usage: hayate analyze REPLAY.osr [--map FILE.osu] [--against OTHER.osr] [--svg FILE]

Runs the replay heuristics (shared/spec/cheat-detection.md §2) and prints one JSON object:
  header       every .osr header field (timestamp as .NET ticks and ISO time)
  frametime    {cv, ucv}: median frame time, clock-rate adjusted and in song time
  snaps        [{time, angle, distance}]; filtered by hit objects with --map, with "unfiltered" beside
  ur           {adjusted, unadjusted, hits} (with --map; adjusted = divided by the DT/HT rate)
  similarity, correlation   (with --against: same map, another replay)
  flags        {probability, class, reasons, explanation}: what the checks would raise
A truncated or corrupt replay exits 1 with the reason.

Options:
  --map FILE.osu        the beatmap (UR, snap filter)
  --against OTHER.osr   compare with another replay (replay stealing)
  --svg FILE            also draw the cursor path over the hit objects, snaps and the hit-error
                        histogram (with --against: both paths overlaid) into FILE
  --kernels ts|wasm     force the TypeScript or the WASM path (default: WASM when available)`;

function headerJson(h: OsrHeader): Record<string, unknown> {
  return { ...h, timestampTicks: h.timestampTicks.toString(), timestamp: new Date(ticksToUnixMs(h.timestampTicks)).toISOString() };
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCliArgs({
    args, allowPositionals: true,
    options: { map: { type: 'string' }, against: { type: 'string' }, kernels: { type: 'string' }, svg: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one REPLAY.osr');
  if (values.kernels !== undefined && values.kernels !== 'ts' && values.kernels !== 'wasm') throw new UsageError('--kernels must be ts or wasm');
  const { tsKernels, wasmKernels } = await import('../../../compute/cheat/kernels/index.js');
  const k = values.kernels === 'ts' ? tsKernels : values.kernels === 'wasm' ? wasmKernels : defaultKernels();
  const load = async (file: string) => {
    const osr = readOsr(await readFile(file), { lzma: k.lzma });
    return { header: osr.header, timeline: k.timeline(osr.frames) };
  };
  try {
    const r = await load(positionals[0]!);
    let map: CheatBeatmap | null = null;
    if (values.map !== undefined) map = loadCheatBeatmap(await readFile(values.map), r.header.mods);
    const ft = frametime(r.timeline, r.header.mods, k);
    const sn = snaps(r.timeline, map, undefined, undefined, k);
    const ur = map ? urSummary(map, r.timeline, r.header.mods) : null;
    const out: Record<string, unknown> = { header: headerJson(r.header), frames: r.timeline.count, frametime: ft, snaps: sn.snaps };
    if (map) out['unfiltered'] = sn.unfiltered;
    if (ur) out['ur'] = ur;
    let steal: { similarity: number; correlation: number; scoreId: string; userId: number } | null = null;
    let against: Awaited<ReturnType<typeof load>> | null = null;
    if (values.against !== undefined) {
      const o = await load(values.against);
      against = o;
      const c = compareReplays({ timeline: r.timeline, mods: r.header.mods }, { timeline: o.timeline, mods: o.header.mods }, k);
      out['similarity'] = c.similarity;
      out['correlation'] = c.correlation;
      if (o.header.username !== r.header.username) steal = { ...c, scoreId: String(o.header.onlineScoreId ?? ''), userId: 0 };
    }
    const verdict = evaluateSignals({
      mods: r.header.mods, playedAt: Math.floor(ticksToUnixMs(r.header.timestampTicks) / 1000), frametimeCv: ft.cv,
      urAdjusted: ur ? ur.adjusted : null, urHits: ur ? ur.hits : 0, filteredSnaps: map ? sn.snaps.length : null,
      objectCount: map ? map.objects.count : 0, steal,
    });
    out['flags'] = {
      checkVersion: CHECK_VERSION, probability: verdict.probability, class: classify(verdict.probability),
      reasons: reasonNames(verdict.reasons), explanation: verdict.explanation,
    };
    if (values.svg !== undefined) {
      const errors = map ? unstableRate(map, r.timeline, r.header.mods).errors : undefined;
      await writeFile(values.svg, renderAnalysisSvg({
        replay: r.timeline, label: `${r.header.username ?? '?'} +${r.header.mods}`, map, snaps: sn.snaps,
        ...(errors ? { errors } : {}),
        other: against ? { replay: against.timeline, label: `${against.header.username ?? '?'} +${against.header.mods}` } : null,
      }));
    }
    process.stdout.write(JSON.stringify(out, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)) + '\n');
    return 0;
  } catch (err) {
    if (err instanceof ReplayDecodeError || err instanceof BeatmapError) {
      process.stderr.write(`hayate analyze: ${err.message}\n`);
      return 1;
    }
    if (err instanceof Error && 'code' in err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`hayate analyze: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

const command: CliCommand = { summary: 'replay cheat heuristics on an .osr file (JSON)', usage: USAGE, run };
export default command;
