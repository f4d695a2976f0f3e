/**
 * `GET /metrics`: Prometheus text exposition of the process (Node's default metrics), the live
 * session count and the compute pool's own registry (task latency, queue depth, recycles).
 * Registries are merged per scrape so each component keeps its metrics to itself.
 */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { ComputePool } from '../../../compute/pool.js';
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';

export function mountMetrics(router: HttpRouter, deps: BanchoDeps, compute: ComputePool | undefined, extra: readonly Registry[] = []): void {
  const server = new Registry();
  collectDefaultMetrics({ register: server, prefix: 'hayate_' });
  new Gauge({
    name: 'hayate_bancho_sessions',
    help: 'Sessions online (all processes when state is shared)',
    registers: [server],
    async collect() {
      this.set(await deps.state.countSessions());
    },
  });
  const registries = [...(compute ? [server, compute.metrics.registry] : [server]), ...extra];
  router.route(
    'get',
    '/metrics',
    async () => {
      const merged = Registry.merge(registries);
      return { status: 200, headers: { 'Content-Type': merged.contentType }, body: await merged.metrics() };
    },
    { headers: [] },
  );
}
