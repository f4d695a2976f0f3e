/**
 * Shared Benchmark.js plumbing for the async benches. Not a bench itself (no `.bench.ts` suffix).
 */
import Benchmark from 'benchmark';

/**
 * Options for an async contender: Benchmark.js runs `fn` once per iteration and waits for it.
 * A rejected iteration ends the process with the error: left alone, the deferred would never
 * resolve and the suite would hang instead of failing.
 */
export function deferred(
  fn: () => Promise<unknown>,
  limits: { minSamples?: number; maxTime?: number } = {},
): Benchmark.Options {
  return {
    defer: true,
    ...limits,
    fn: (d: Benchmark.Deferred) => {
      fn().then(
        () => d.resolve(),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    },
  };
}

/**
 * Runs the contenders side by side in one suite, printing each cycle, and resolves with ops/s by
 * name. Async functions are measured as deferred; plain functions synchronously.
 */
export function runSuite(
  name: string,
  contenders: Record<string, (() => Promise<unknown>) | (() => void)>,
  limits: { minSamples: number; maxTime: number },
): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    const suite = new Benchmark.Suite(name);
    for (const [k, fn] of Object.entries(contenders)) {
      if (fn.constructor.name === 'AsyncFunction') suite.add(k, deferred(fn as () => Promise<unknown>, limits));
      else suite.add(k, fn as () => void, limits);
    }
    suite
      .on('cycle', (e: Benchmark.Event) => console.log(`  ${name}: ${String(e.target)}`))
      .on('complete', function (this: Benchmark.Suite) {
        const out: Record<string, number> = {};
        this.forEach((b: Benchmark) => (out[(b as unknown as { name: string }).name] = b.hz));
        resolve(out);
      })
      .run({ async: true });
  });
}
