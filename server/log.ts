/**
 * Structured logging: pino, one JSON object per line on stderr (human-readable through
 * pino-pretty when stderr is a terminal). The rest of the code sees only the small `Logger`
 * interface below, so call sites stay `log.warn('what happened', { fields })`.
 *
 * Secrets never reach a line: every field named like a password, hash, token, key or
 * authorization header is replaced by "[redacted]" at any of the first two levels of nesting,
 * whatever the call site passed. The hot path (the poll) logs nothing at the default level.
 */
import { pino, stdSerializers, type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Field names whose values are secrets (matched at the top level and one level down). */
export const SECRET_FIELDS = [
  'password',
  'passwordMd5',
  'password_md5',
  'passwordHash',
  'hash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'sessionToken',
  'session_token',
  'apiKey',
  'api_key',
  'k',
  'secret',
  'clientSecret',
  'client_secret',
  'secretAccessKey',
  'authorization',
  'cookie',
] as const;

const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`]);

/** bigint and Error values made loggable (JSON has no bigint; Errors keep name, message, stack). */
function loggable(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const k in fields) {
    const v = fields[k];
    if (typeof v === 'bigint' || v instanceof Error) {
      out ??= { ...fields };
      out[k] = typeof v === 'bigint' ? v.toString() : stdSerializers.err(v);
    }
  }
  return out ?? fields;
}

function wrap(p: PinoLogger): Logger {
  return {
    debug: (m, f) => (f ? p.debug(loggable(f), m) : p.debug(m)),
    info: (m, f) => (f ? p.info(loggable(f), m) : p.info(m)),
    warn: (m, f) => (f ? p.warn(loggable(f), m) : p.warn(m)),
    error: (m, f) => (f ? p.error(loggable(f), m) : p.error(m)),
    child: (fields) => wrap(p.child(loggable(fields))),
  };
}

export interface LoggerOptions {
  /** Where lines go (tests capture them); default stderr, pretty-printed when it is a terminal. */
  destination?: DestinationStream;
}

function defaultDestination(): DestinationStream {
  if (process.stderr.isTTY) return pretty({ destination: 2, colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l' });
  // Synchronous writes: a crash or process.exit() right after a log call loses nothing.
  return pino.destination({ fd: 2, sync: true });
}

export function createLogger(level: LogLevel = 'info', base: Record<string, unknown> = {}, opts: LoggerOptions = {}): Logger {
  const p = pino(
    {
      level,
      base: loggable(base),
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    opts.destination ?? defaultDestination(),
  );
  return wrap(p);
}
