/**
 * Prometheus metrics of the compute pool, in a registry of their own so the server's `/metrics`
 * can merge it (`Registry.merge([...])`) and tests can create several pools side by side.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ComputeMetrics {
  readonly registry: Registry;
  readonly taskSeconds: Histogram<'kind' | 'outcome'>;
  readonly queueDepth: Gauge;
  readonly utilisation: Gauge;
  readonly errors: Counter<'kind' | 'reason'>;
  readonly recycles: Counter<'reason'>;
  readonly busyRejections: Counter;
  readonly difficultyStore: Counter<'result'>;
  /** Where the queue-depth and utilisation gauges read from at scrape time (the pool). */
  setSource(source: MetricsSource): void;
}

export interface MetricsSource {
  queueDepth(): number;
  utilisation(): number;
}

export function createComputeMetrics(prefix = 'hayate_compute_'): ComputeMetrics {
  const registry = new Registry();
  // Sampled when scraped, not per task: Piscina's utilisation summarises a histogram (costly).
  let source: MetricsSource | undefined;
  return {
    setSource(s: MetricsSource) {
      source = s;
    },
    registry,
    taskSeconds: new Histogram({
      name: `${prefix}task_seconds`,
      help: 'Compute task latency from submission to answer, by task kind',
      labelNames: ['kind', 'outcome'],
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: `${prefix}queue_depth`,
      help: 'Tasks waiting for a worker',
      registers: [registry],
      collect() {
        if (source) this.set(source.queueDepth());
      },
    }),
    utilisation: new Gauge({
      name: `${prefix}utilisation`,
      help: 'Pool utilisation 0..1 (Piscina)',
      registers: [registry],
      collect() {
        if (source) this.set(source.utilisation());
      },
    }),
    errors: new Counter({
      name: `${prefix}errors_total`,
      help: 'Failed compute tasks by kind and reason (input, busy, worker, closed)',
      labelNames: ['kind', 'reason'],
      registers: [registry],
    }),
    recycles: new Counter({
      name: `${prefix}worker_recycles_total`,
      help: 'Workers replaced, by reason (memory threshold, WASM runtime error)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    busyRejections: new Counter({ name: `${prefix}busy_rejections_total`, help: 'Tasks refused because the queue was full', registers: [registry] }),
    difficultyStore: new Counter({
      name: `${prefix}difficulty_store_total`,
      help: 'Difficulty attribute store lookups (hit, miss, error) and writes',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}
