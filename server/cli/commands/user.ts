/**
 * `hayate user add|list|set-privileges`: account administration from the shell, through the same
 * create-user use-case as in-game registration (validation, bcrypt(md5), user_stats rows).
 */
import { loadConfig } from '../../config.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import type { Storage } from '../../ports/storage.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { MODERATION_SUBCOMMANDS, moderationUsage, runModeration, type ModerationSubcommand } from './user-moderation.js';

const usage = `Usage:
  hayate user add NAME --password P [--email E] [--privileges N|normal|pending|restricted|admin|developer|staff] [--country CC]
  hayate user list [--limit N] [--after ID]
${moderationUsage}

The database comes from DATABASE_URL (MySQL) or DATA_DIR (SQLite; migrated automatically).
Staff actions write an audit row (rap_logs, through "hayate CLI"), publish the peppy:* event
(live on every process with REDIS_URL) and alert the DISCORD_WEBHOOK_LOGS webhook.
'add' defaults to --privileges normal (the account can log in at once) and an email of
<safe name>@users.invalid. Names containing spaces need quoting.`;

/** Named privilege sets an operator can type instead of a number. */
export const PRIVILEGE_PRESETS: Record<string, number> = {
  normal: NORMAL_USER,
  pending: Privileges.PendingVerification,
  restricted: Privileges.CanLogin,
  banned: 0,
  staff: NORMAL_USER | Privileges.AdminChatMod | Privileges.AdminSilenceUsers | Privileges.AdminKickUsers,
  developer: NORMAL_USER | Privileges.AdminManagePrivileges | Privileges.AdminChatMod,
  // Every privilege bit (0..25): the server owner.
  admin: (1 << 26) - 1,
};

export function parsePrivileges(v: string): number {
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n > 0x7fffffff) throw new UsageError(`privileges ${v} out of range`);
    return n;
  }
  const p = PRIVILEGE_PRESETS[v.toLowerCase()];
  if (p === undefined) throw new UsageError(`unknown privileges ${JSON.stringify(v)} (a number or one of ${Object.keys(PRIVILEGE_PRESETS).join(', ')})`);
  return p;
}

/** `--flag value` / `--flag=value` parser; positional arguments are returned in order. */
function parseArgs(args: string[], known: readonly string[]): { flags: Map<string, string>; positional: string[] } {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
    let value: string | undefined = eq === -1 ? args[++i] : a.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    flags.set(name, value);
    value = undefined;
  }
  return { flags, positional };
}

async function withStorage<T>(fn: (s: Storage) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { openStorage } = await import('../../adapters/storage/open-storage.js');
  const storage = await openStorage(config);
  try {
    return await fn(storage);
  } finally {
    await storage.close();
  }
}

async function add(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, ['password', 'email', 'privileges', 'country']);
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'missing NAME' : `expected one NAME, got ${positional.length} (quote names with spaces)`);
  const password = flags.get('password');
  if (password === undefined) throw new UsageError('--password is required');
  const privileges = parsePrivileges(flags.get('privileges') ?? 'normal');
  const name = positional[0]!;
  const { createUser } = await import('../../users/create-user.js');
  const { safeUsername } = await import('../../users/validate-registration.js');
  const { createInlineBcryptHasher } = await import('../../adapters/passwords/bcrypt-inline.js');
  const config = loadConfig();
  return withStorage(async (storage) => {
    const result = await createUser(
      { storage, hasher: createInlineBcryptHasher() },
      {
        username: name,
        email: flags.get('email') ?? `${safeUsername(name)}@users.invalid`,
        password,
        privileges,
        country: flags.get('country'),
      },
      { forbiddenNames: [config.botName] },
    );
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.errors)) {
        for (const m of messages ?? []) process.stderr.write(`hayate user add: ${field}: ${m}\n`);
      }
      return 1;
    }
    process.stdout.write(`created user ${result.userId} ${JSON.stringify(name.trim())} (privileges ${privileges})\n`);
    return 0;
  });
}

async function list(args: string[]): Promise<number> {
  const { flags, positional } = parseArgs(args, ['limit', 'after']);
  if (positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positional[0])}`);
  const num = (name: string, def: number) => {
    const v = flags.get(name);
    if (v === undefined) return def;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
    return Number(v);
  };
  const limit = num('limit', 100);
  const afterId = num('after', 0);
  return withStorage(async (storage) => {
    const users = await storage.users.list({ afterId, limit });
    process.stdout.write(`${'id'.padStart(8)}  ${'username'.padEnd(16)} ${'privileges'.padStart(10)}  country  email\n`);
    for (const u of users) {
      process.stdout.write(`${String(u.id).padStart(8)}  ${u.username.padEnd(16)} ${String(u.privileges).padStart(10)}  ${u.country.padEnd(7)}  ${u.email}\n`);
    }
    return 0;
  });
}

const command: CliCommand = {
  summary: 'add, list and change user accounts',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    const { StorageError } = await import('../../ports/storage.js');
    try {
      switch (sub) {
        case 'add':
          return await add(rest);
        case 'list':
          return await list(rest);
        case undefined:
          throw new UsageError(`missing subcommand (add, list, ${MODERATION_SUBCOMMANDS.join(', ')})`);
        default:
          if ((MODERATION_SUBCOMMANDS as readonly string[]).includes(sub)) return await runModeration(sub as ModerationSubcommand, rest, parsePrivileges);
          throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}`);
      }
    } catch (err) {
      if (err instanceof StorageError) {
        process.stderr.write(`hayate user: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  },
};
export default command;
