/**
 * The bot's map commands (issue 10), all about the caller's last `/np`:
 * - `!with ACC MODS COMBO MISSES` — pp for that score (any order: `98%`/`98.5`, `+HDDT`, `1200x`, `2m`;
 *   bare numbers are taken as accuracy, combo, misses in that order);
 * - `!mirror` / `!maplink` — download links (this server's /d/, the configured mirrors, osu!);
 * - `!map rank|love|unrank|qualify set|map` — nominators set the status: the rows are frozen
 *   against upstream, `rankedby` and a `rap_logs` line are written, `#announce` is told.
 */
import { Privileges } from '../../domain/privileges.js';
import { RankedStatus } from '../../ports/beatmap-store.js';
import { unixSeconds } from '../../ports/clock.js';
import { botSayInChannel } from '../chat/bot-say.js';
import { formatPp, modsText, ppFor, type PpAsk } from './map-pp.js';
import { lastNowPlaying } from './np.js';
import { CommandError, type Command, type CommandContext } from './registry.js';
import type { CommandRegistry } from './registry.js';
import { parseMods } from '../../../compute/pp/mods.js';

async function lastMap(ctx: CommandContext) {
  const np = await lastNowPlaying(ctx.deps, ctx.session.userId);
  const map = await ctx.deps.beatmaps.byId(np.beatmapId);
  if (!map) throw new CommandError(`Beatmap ${np.beatmapId} is no longer known.`);
  return { np, map };
}

/** `!with` arguments → mods (undefined = keep the /np mods) and the score asked. */
export function parseWithArgs(args: readonly string[]): { mods: number | undefined; ask: PpAsk } {
  let mods: number | undefined;
  let accuracy: number | undefined;
  let combo: number | undefined;
  let misses: number | undefined;
  const bare: number[] = [];
  for (const raw of args) {
    const a = raw.toLowerCase();
    let m: RegExpExecArray | null;
    if ((m = /^(\d+(?:\.\d+)?)%$/.exec(a))) accuracy = Number(m[1]);
    else if ((m = /^(\d+)x$/.exec(a))) combo = Number(m[1]);
    else if ((m = /^(\d+)(?:m|miss|misses|xmiss)$/.exec(a))) misses = Number(m[1]);
    else if (/^\d+(\.\d+)?$/.test(a)) bare.push(Number(a));
    else if (/^\+?[a-z]+$/.test(a)) {
      try {
        mods = parseMods(a);
      } catch {
        throw new CommandError(`Unknown mods ${raw}: use acronyms like +HDDT.`);
      }
    } else throw new CommandError(`I do not understand ${raw}. Usage: !with 98% +HDDT 1200x 2m`);
  }
  accuracy ??= bare.shift();
  combo ??= bare.shift();
  misses ??= bare.shift();
  if (accuracy === undefined) accuracy = 100;
  if (accuracy < 0 || accuracy > 100) throw new CommandError('Accuracy must be between 0 and 100 %.');
  return { mods, ask: { accuracy, ...(combo !== undefined ? { combo } : {}), ...(misses !== undefined ? { misses } : {}) } };
}

export const withCommand: Command = {
  name: 'with',
  summary: 'pp of your last /np map for a score: !with 98% +HDDT 1200x 2m',
  usage: '!with ACC MODS COMBO MISSES',
  privileges: 0,
  async run(ctx) {
    const { np, map } = await lastMap(ctx);
    const { mods, ask } = parseWithArgs(ctx.args);
    const useMods = mods ?? np.mods;
    const r = await ppFor(ctx.deps, map, np.mode, useMods, [ask]);
    const parts = [`${ask.accuracy}%`];
    if (ask.combo !== undefined) parts.push(`${ask.combo}x`);
    if (ask.misses !== undefined) parts.push(`${ask.misses} miss`);
    return `${map.songName}${modsText(useMods)} ${parts.join(', ')}: ${formatPp(r.pp[0]!)} | ${r.stars.toFixed(2)}★`;
  },
};

function links(ctx: CommandContext, setId: number): string {
  const out = [`[https://osu.${ctx.deps.config.domain}/d/${setId} ${ctx.deps.config.serverName}]`];
  for (const base of ctx.deps.config.beatmaps.mirrors) out.push(`[${base}/d/${setId} ${new URL(base).host}]`);
  if (setId > 0) out.push(`[https://osu.ppy.sh/beatmapsets/${setId} osu!]`);
  return out.join(' | ');
}

const linkCommand = (name: string): Command => ({
  name,
  summary: 'download links for your last /np map',
  privileges: 0,
  async run(ctx) {
    const { map } = await lastMap(ctx);
    return `${map.songName}: ${links(ctx, map.beatmapsetId)}`;
  },
});

export const mirrorCommand = linkCommand('mirror');
export const maplinkCommand = linkCommand('maplink');

const STATUS_WORDS: Record<string, { status: number; verb: string }> = {
  rank: { status: RankedStatus.Ranked, verb: 'ranked' },
  love: { status: RankedStatus.Loved, verb: 'loved' },
  qualify: { status: RankedStatus.Qualified, verb: 'qualified' },
  unrank: { status: RankedStatus.Pending, verb: 'unranked' },
};

export const mapCommand: Command = {
  name: 'map',
  summary: 'set the status of your last /np map or its set (nominators)',
  usage: '!map rank|love|qualify|unrank set|map',
  privileges: Privileges.AdminManageBeatmaps,
  async run(ctx) {
    const [word, scope] = ctx.args.map((a) => a.toLowerCase());
    const what = word === undefined ? undefined : STATUS_WORDS[word];
    if (!what || (scope !== 'set' && scope !== 'map')) throw new CommandError(`Usage: ${mapCommand.usage}`);
    const { map } = await lastMap(ctx);
    const { deps, session } = ctx;
    const target = scope === 'set' ? { beatmapsetId: map.beatmapsetId } : { beatmapId: map.beatmapId };
    const subject = scope === 'set' ? `set ${map.beatmapsetId}` : `beatmap ${map.beatmapId}`;
    const rows = await deps.storage.beatmaps.setStatusByNominator(target, what.status, {
      userId: session.userId,
      at: unixSeconds(deps.clock),
      logText: `has ${what.verb} ${subject} (${map.songName})`,
      through: deps.config.botName,
    });
    for (const r of rows) deps.beatmaps.invalidate?.(r);
    const title = scope === 'set' ? map.songName.replace(/ \[[^\]]*\]$/, '') : map.songName;
    await botSayInChannel(deps, '#announce', `[https://osu.${deps.config.domain}/b/${map.beatmapId} ${title}] was ${what.verb} by ${session.username}.`).catch((err: unknown) =>
      deps.log.warn('could not announce a status change', { err }),
    );
    return `${rows.length} difficult${rows.length === 1 ? 'y' : 'ies'} of ${subject} ${rows.length === 1 ? 'is' : 'are'} now ${what.verb} (frozen).`;
  },
};

export function registerMapCommands(registry: CommandRegistry): void {
  for (const c of [withCommand, mirrorCommand, maplinkCommand, mapCommand]) registry.register(c);
}

