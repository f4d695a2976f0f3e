#!/usr/bin/env node
/**
 * The `hayate` command line. Each command lives in its own module under ./commands and is
 * loaded only when called, so `hayate decode` never pays for the database drivers.
 */
import { readFileSync } from 'node:fs';
import type { CliCommand } from './command.js';
import { UsageError } from './command.js';
import { ConfigError } from '../config.js';

const COMMANDS: Record<string, () => Promise<{ default: CliCommand }>> = {
  serve: () => import('./commands/serve.js'),
  decode: () => import('./commands/decode.js'),
  migrate: () => import('./commands/migrate.js'),
  user: () => import('./commands/user.js'),
  pp: () => import('./commands/pp.js'),
  'import-maps': () => import('./commands/import-maps.js'),
  recalc: () => import('./commands/recalc.js'),
  analyze: () => import('./commands/analyze.js'),
  cheat: () => import('./commands/cheat.js'),
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function help(): Promise<string> {
  const lines = ['Usage: hayate <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const cmd = (await load()).default;
    lines.push(`  ${name.padEnd(12)} ${cmd.summary}`);
  }
  lines.push('', 'Options:', '  --help       show help (also: hayate <command> --help)', '  --version    print the version');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await help()) + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`hayate: unknown command ${JSON.stringify(name)}\n\n${await help()}\n`);
    return 2;
  }
  const cmd = (await load()).default;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`hayate ${name}: ${err.message}\n\n${cmd.usage}\n`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`hayate: configuration error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hayate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
