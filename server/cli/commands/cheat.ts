/**
 * `hayate cheat level USER | clear --reason BIT | recheck --since DATE`: operator tools of the
 * cheat checks (issue 13). Works on the configured database (DATABASE_URL or the embedded SQLite).
 */
import { readFile } from 'node:fs/promises';
import type { CliCommand } from '../command.js';
import { parseCliArgs, UsageError } from '../command.js';
import { loadConfig } from '../../config.js';
import { accountPrior, computeLevel, cumulativeCounts, DEFAULT_LEVEL_CONFIG } from '../../../compute/cheat/levels.js';
import { Reason, REASON_NAMES, reasonNames, type ReasonName } from '../../../compute/cheat/signals.js';
import { analyzeForCheatSafe, CHECK_VERSION } from '../../../compute/cheat/task.js';

const USAGE = `Usage:
  hayate cheat level USER                 explain a player's cheat level (id or name)
  hayate cheat clear --reason BIT [--user USER] [--all-versions]
                                          clear flags carrying a reason bit written by an older
                                          check version (--all-versions: every version)
  hayate cheat recheck --since YYYY-MM-DD [--relax 0|1|2]
                                          re-run the checks (version ${CHECK_VERSION}) over stored scores

Reason bits: ${REASON_NAMES.join(', ')} (name or number).`;

function parseReason(v: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const name = v.toUpperCase() as ReasonName;
  if (!(name in Reason)) throw new UsageError(`unknown reason ${JSON.stringify(v)}`);
  return Reason[name];
}

async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'level' && sub !== 'clear' && sub !== 'recheck') throw new UsageError('give a sub-command: level, clear or recheck');
  const { values, positionals } = parseCliArgs({
    args: rest, allowPositionals: true,
    options: { reason: { type: 'string' }, user: { type: 'string' }, 'all-versions': { type: 'boolean' }, since: { type: 'string' }, relax: { type: 'string' } },
  });
  const config = loadConfig();
  const { openStorage } = await import('../../adapters/storage/open-storage.js');
  const { createKyselyCheatStore } = await import('../../adapters/cheat/kysely-cheat-store.js');
  const storage = await openStorage(config);
  try {
    if (!('db' in storage)) throw new Error('storage has no SQL database');
    const cheat = createKyselyCheatStore((storage as import('../../adapters/storage/kysely-storage.js').KyselyStorage).db);
    await cheat.ensureSchema();
    const now = Math.floor(Date.now() / 1000);
    const findUser = async (who: string) => (/^\d+$/.test(who) ? storage.users.findById(Number(who)) : storage.users.findBySafeName(who.trim().toLowerCase().replace(/ /g, '_')));
    if (sub === 'level') {
      if (positionals.length !== 1) throw new UsageError('give one USER');
      const user = await findUser(positionals[0]!);
      if (!user) {
        process.stderr.write(`hayate cheat: no user ${positionals[0]}\n`);
        return 1;
      }
      const c = DEFAULT_LEVEL_CONFIG;
      const flags = await cheat.activeFlags(user.id, now - c.windowDays * 86400);
      const counts = cumulativeCounts(flags.map((f) => f.flagClass));
      const playcount = (await storage.stats.getAllModes(user.id)).reduce((n, r) => n + r.playcount, 0);
      const prior = accountPrior({ accountAgeDays: (now - user.registerDatetime) / 86400, playcount, whitelisted: user.whitelist !== 0 });
      const stored = await cheat.getLevel(user.id);
      process.stdout.write(JSON.stringify({
        user: { id: user.id, username: user.username }, level: stored?.level ?? 0, levelReason: stored?.reason ?? null,
        computedNow: computeLevel(counts, prior, c), counts, prior, windowDays: c.windowDays,
        flags: flags.map((f) => ({ scoreId: f.scoreId, relax: f.relax, class: f.flagClass, probability: f.probability, reasons: reasonNames(f.reasons), checkVersion: f.checkVersion, at: f.createdAt, blacklisted: f.blacklisted, explanation: f.explanation.split('\n') })),
      }, null, 2) + '\n');
      return 0;
    }
    if (sub === 'clear') {
      if (values.reason === undefined) throw new UsageError('--reason is required');
      const user = values.user !== undefined ? await findUser(values.user) : undefined;
      if (values.user !== undefined && !user) throw new UsageError(`no user ${values.user}`);
      const n = await cheat.clearFlags({
        reasonBits: parseReason(values.reason), ...(user ? { userId: user.id } : {}),
        ...(values['all-versions'] ? {} : { notCheckVersion: CHECK_VERSION }),
      }, `cleared by operator (hayate cheat clear --reason ${values.reason})`, now);
      process.stdout.write(`cleared ${n} flag(s)\n`);
      return 0;
    }
    // recheck
    if (values.since === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(values.since)) throw new UsageError('--since YYYY-MM-DD is required');
    const since = Math.floor(Date.parse(`${values.since}T00:00:00Z`) / 1000);
    const relax = values.relax === undefined ? 0 : Number(values.relax);
    if (![0, 1, 2].includes(relax)) throw new UsageError('--relax must be 0, 1 or 2');
    const { openBlobStore } = await import('../../adapters/blobs/open-blob-store.js');
    const { restrictForGate } = await import('../../moderation/restrict-automatic.js');
    const { WebhookStaffAlerts } = await import('../../adapters/discord/webhook-alerts.js');
    const { openEventBus } = await import('../../adapters/state/open-state.js');
    const { checkSubmittedScore } = await import('../../cheat/check-score.js');
    const { replayKey } = await import('../../ports/blob-store.js');
    const { createLogger } = await import('../../log.js');
    const cliProgress = (await import('cli-progress')).default;
    const log = createLogger('warn');
    const blobs = openBlobStore(config);
    const events = await openEventBus(config, { logger: log });
    const alerts = new WebhookStaffAlerts({ urls: config.discordWebhooks, log, username: config.botName });
    const clock = { now: () => Date.now() };
    const bar = new cliProgress.SingleBar({ format: 'recheck [{bar}] {value} scores | {flagged} flagged' }, cliProgress.Presets.shades_classic);
    bar.start(0, 0, { flagged: 0 });
    let flagged = 0;
    let seen = 0;
    try {
      for (let after = 0; ;) {
        const batch = await cheat.scoresSince(relax, since, after, 200);
        if (batch.length === 0) break;
        bar.setTotal(seen + batch.length);
        for (const s of batch) {
          after = Number(s.scoreId);
          const r = await checkSubmittedScore({
            cheat, clock, analyze: async (req) => analyzeForCheatSafe(req),
            getReplay: (k) => blobs.get(k),
            getBeatmap: async (md5) => readFile(`${config.dataDir}/osu/${md5}.osu`).catch(() => undefined),
            findUser: (id) => storage.users.findById(id),
            playcount: async (id) => (await storage.stats.getAllModes(id)).reduce((n, x) => n + x.playcount, 0),
            restrict: (user, reason) => restrictForGate({ storage, events, clock, log, config, alerts }, user, reason),
            report: async (text) => log.warn('cheat report', { text }),
          }, { scoreId: s.scoreId, userId: s.userId, relax, beatmapMd5: s.beatmapMd5, replayKey: replayKey(BigInt(s.scoreId)) });
          if (r.status === 'flagged') flagged++;
          bar.update(++seen, { flagged });
        }
      }
    } finally {
      bar.stop();
      await blobs.close?.();
      await events.close();
      await alerts.close();
    }
    process.stdout.write(`rechecked ${seen} score(s) since ${values.since} with ${CHECK_VERSION}: ${flagged} flagged\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

const command: CliCommand = { summary: 'cheat levels, flag clearing and re-checks', usage: USAGE, run };
export default command;
