/**
 * `hayate decode`: prints the packets of a bancho body as JSON lines, for debugging captures
 * (e.g. bpy's tools/proxy.py dumps) and checking what the server sends.
 */
import { readFile } from 'node:fs/promises';
import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { readClientPackets, readServerPackets } from '../../../protocol/bancho/reader.js';
import type { DecodeResult } from '../../../protocol/bancho/reader.js';

const USAGE = `Usage: hayate decode [FILE|-] [--hex HEX] [--direction client|server]

Decodes a bancho packet body (shared/spec/bancho-protocol.md §1.2) and prints one JSON object
per packet per line, in body order:
  {"id":85,"name":"USER_STATS_REQUEST","data":[1,2,3]}
"data" is the decoded payload (omitted for empty packets); bigints are JSON numbers when exactly
representable, else strings; raw byte payloads are lower-case hex. Unknown ids print as
  {"id":999,"name":"UNKNOWN","length":4}
On a malformed packet the packets before it are printed, then the error with its byte offset
goes to stderr and the exit code is 1.

Input (one of):
  FILE            read the body from a file
  -               read the body from stdin (also the default when no FILE or --hex is given)
  --hex HEX       the body as hex (whitespace ignored)

Options:
  --direction client|server   which side wrote the body (default: client = a request body)
  --help                      show this help`;

interface Options {
  file: string | null;
  hex: string | null;
  direction: 'client' | 'server';
}

function parseArgs(args: string[]): Options {
  const opts: Options = { file: null, hex: null, direction: 'client' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--hex' || arg === '--direction') {
      const value = args[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--hex') opts.hex = value;
      else if (value === 'client' || value === 'server') opts.direction = value;
      else throw new UsageError(`--direction must be client or server, not ${JSON.stringify(value)}`);
    } else if (arg.startsWith('--hex=')) {
      opts.hex = arg.slice('--hex='.length);
    } else if (arg.startsWith('--direction=')) {
      const value = arg.slice('--direction='.length);
      if (value !== 'client' && value !== 'server') throw new UsageError(`--direction must be client or server, not ${JSON.stringify(value)}`);
      opts.direction = value;
    } else if (arg !== '-' && arg.startsWith('-')) {
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    } else if (opts.file !== null) {
      throw new UsageError('only one input file');
    } else {
      opts.file = arg;
    }
  }
  if (opts.file !== null && opts.hex !== null) throw new UsageError('give either FILE or --hex, not both');
  return opts;
}

function parseHex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '').replace(/^0x/i, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new UsageError('--hex must be an even number of hexadecimal digits');
  }
  return Buffer.from(clean, 'hex');
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON for decoded payloads: bigint → number when exact, else string; bytes → hex. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  // Buffer#toJSON runs before the replacer sees a Buffer; turn its {type,data} back into hex.
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    return Buffer.from((value as { data: number[] }).data).toString('hex');
  }
  return value;
}

/** One output line per packet or skipped id, in body order. */
export function formatDecodeResult(body: Uint8Array, result: DecodeResult<{ id: number; name: string; data: unknown; payload: Uint8Array }>): string[] {
  const rows: Array<{ offset: number; line: string }> = [];
  for (const p of result.packets) {
    const offset = p.payload.byteOffset - body.byteOffset - 7;
    const obj: Record<string, unknown> = { id: p.id, name: p.name };
    if (p.data !== null) obj.data = p.data;
    rows.push({ offset, line: JSON.stringify(obj, replacer) });
  }
  for (const s of result.skipped) {
    rows.push({ offset: s.offset, line: JSON.stringify({ id: s.id, name: 'UNKNOWN', length: s.length }) });
  }
  rows.sort((a, b) => a.offset - b.offset);
  return rows.map((r) => r.line);
}

const command: CliCommand = {
  summary: 'decode a bancho packet body (file, stdin or --hex) to JSON lines',
  usage: USAGE,
  async run(args) {
    const opts = parseArgs(args);
    let body: Buffer;
    if (opts.hex !== null) body = parseHex(opts.hex);
    else if (opts.file === null || opts.file === '-') body = await readStdin();
    else {
      try {
        body = await readFile(opts.file);
      } catch (err) {
        process.stderr.write(`hayate decode: cannot read ${opts.file}: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
      }
    }
    const result = opts.direction === 'client' ? readClientPackets(body) : readServerPackets(body);
    const lines = formatDecodeResult(body, result);
    if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
    if (result.error !== null) {
      process.stderr.write(`hayate decode: error at byte offset ${result.error.offset}: ${result.error.message}\n`);
      return 1;
    }
    return 0;
  },
};
export default command;
