/**
 * `GET /_health` (liveness: the event loop answers) and `GET /_ready` (readiness: every
 * configured backend answers within a deadline). Both on the public and the internal listener:
 * load balancers probe the public one. `/_ready` says which backend is down, so an operator
 * reading it at 3 a.m. knows where to look; it answers 503 until every check passes.
 */
import type { HttpRouter } from '../../http/types.js';
import { json } from '../../http/types.js';

export interface ReadinessCheck {
  readonly name: string;
  run(): Promise<unknown>;
}

export interface CheckOutcome {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function runChecks(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<CheckOutcome[]> {
  return Promise.all(
    checks.map(async (c): Promise<CheckOutcome> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          c.run(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return { name: c.name, ok: true, ms: Math.round(performance.now() - started) };
      } catch (err) {
        return { name: c.name, ok: false, ms: Math.round(performance.now() - started), error: err instanceof Error ? err.message : String(err) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

export function mountHealth(routers: readonly HttpRouter[], checks: readonly ReadinessCheck[], timeoutMs = 2000): void {
  for (const router of routers) {
    router.route('get', '/_health', () => json(200, { ok: true }), { headers: [] });
    router.route(
      'get',
      '/_ready',
      async () => {
        const outcomes = await runChecks(checks, timeoutMs);
        const ok = outcomes.every((o) => o.ok);
        return json(ok ? 200 : 503, { ok, checks: outcomes });
      },
      { headers: [] },
    );
  }
}
