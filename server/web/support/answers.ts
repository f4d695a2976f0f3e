/** Plain answers shared by the /web/ routes. */
import type { HttpResponse } from '../../http/types.js';
import { BadParam, badParamAnswer } from './query.js';

export const plain = (body: string | Uint8Array, status = 200): HttpResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body,
});

export const bytes = (body: Uint8Array, headers: Record<string, string> = {}): HttpResponse => ({
  status: 200,
  headers: { 'Content-Type': 'application/octet-stream', ...headers },
  body,
});

export const redirect = (status: 301 | 302 | 307, location: string): HttpResponse => ({ status, headers: { Location: location }, body: '' });

/** Runs `read` (parameter parsing) and turns a BadParam into FastAPI's 422. */
export function withParams<T>(read: () => T): { ok: true; value: T } | { ok: false; answer: HttpResponse } {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof BadParam) return { ok: false, answer: badParamAnswer(err) };
    throw err;
  }
}
