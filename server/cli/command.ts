import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** What every `hayate <command>` module exports. */
export interface CliCommand {
  /** One line for `hayate --help`. */
  summary: string;
  /** Full help text for `hayate <command> --help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** Thrown for bad command-line arguments: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util `parseArgs`, its errors (unknown option, missing value) turned into UsageError. */
export function parseCliArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
