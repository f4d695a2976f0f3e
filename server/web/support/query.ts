/**
 * Query parameters of the client's /web/ calls, validated the way score-service's FastAPI
 * signatures do: a missing or malformed required parameter is a 422 naming it, never a crash.
 */
import type { HttpResponse } from '../../http/types.js';

export class BadParam extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
    this.name = 'BadParam';
  }
}

export class Query {
  private readonly params: URLSearchParams;
  constructor(raw: string) {
    this.params = new URLSearchParams(raw);
  }

  optional(name: string): string | undefined {
    const v = this.params.get(name);
    return v === null ? undefined : v;
  }

  string(name: string, opts: { min?: number; max?: number } = {}): string {
    const v = this.params.get(name);
    if (v === null) throw new BadParam(name, 'field required');
    if (opts.min !== undefined && v.length < opts.min) throw new BadParam(name, `at least ${opts.min} characters`);
    if (opts.max !== undefined && v.length > opts.max) throw new BadParam(name, `at most ${opts.max} characters`);
    return v;
  }

  int(name: string, min: number, max: number): number {
    const v = this.params.get(name);
    if (v === null) throw new BadParam(name, 'field required');
    if (!/^\s*[-+]?\d{1,19}\s*$/.test(v)) throw new BadParam(name, 'value is not a valid integer');
    const n = Number(v);
    if (n < min || n > max) throw new BadParam(name, `must be between ${min} and ${max}`);
    return n;
  }

  optionalInt(name: string, min: number, max: number): number | undefined {
    return this.params.get(name) === null ? undefined : this.int(name, min, max);
  }

  /** pydantic's bool: 1/0, true/false, yes/no, on/off (any case). */
  bool(name: string): boolean {
    const v = this.params.get(name);
    if (v === null) throw new BadParam(name, 'field required');
    const l = v.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on', 't', 'y'].includes(l)) return true;
    if (['0', 'false', 'no', 'off', 'f', 'n'].includes(l)) return false;
    throw new BadParam(name, 'value could not be parsed to a boolean');
  }
}

/** FastAPI's 422 shape, reduced to the one failing parameter. */
export function badParamAnswer(err: BadParam): HttpResponse {
  return {
    status: 422,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ detail: [{ loc: ['query', err.param], msg: err.message }] }),
  };
}

/** Python's `urllib.parse.unquote_plus` (score-service decodes the already-decoded `f` again). */
export function unquotePlus(s: string): string {
  const spaced = s.replace(/\+/g, ' ');
  // Decode runs of valid %XX escapes as UTF-8; leave anything malformed as is.
  return spaced.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
