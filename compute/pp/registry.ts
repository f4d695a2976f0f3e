/**
 * The calculators as plain `Calculator` objects, for synchronous in-thread use (inside a worker
 * of your own, a script, a test). Server code should go through the pool (compute/pool.ts)
 * instead, which runs these same engines off the event loop with caches and backpressure.
 *
 * The rosu-family calculators share one in-thread `PpEngine` (bounded caches, WASM freed on
 * eviction). `akatsuki-rx-2019` is loaded from compute/pp/akatsuki-rx-2019/calculator.js on
 * first request and reported as unavailable (CalculatorUnavailableError) while it is not built.
 */
import type { Calculator, CalculatorId, PpResult, ScoreParams } from './calculator.js';
import { CALCULATOR_IDS } from './calculator.js';
import { PpEngine, isRosuCalculator, type RosuCalculatorId } from './engine.js';
import { CalculatorUnavailableError } from '../errors.js';

let shared: PpEngine | undefined;
const engine = (): PpEngine => (shared ??= new PpEngine());

class RosuFamilyCalculator implements Calculator {
  constructor(readonly id: RosuCalculatorId) {}
  calculate(osu: Uint8Array, params: ScoreParams): PpResult {
    return engine().calculate(this.id, { bytes: osu }, params).result;
  }
}

const rosuCalculators = new Map<RosuCalculatorId, Calculator>();

export async function getCalculator(id: CalculatorId): Promise<Calculator> {
  if (!(CALCULATOR_IDS as readonly string[]).includes(id)) throw new CalculatorUnavailableError(String(id), 'unknown calculator id');
  if (isRosuCalculator(id)) {
    let c = rosuCalculators.get(id);
    if (!c) rosuCalculators.set(id, (c = new RosuFamilyCalculator(id)));
    return c;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(new URL('./akatsuki-rx-2019/calculator.js', import.meta.url).href)) as Record<string, unknown>;
  } catch (err) {
    throw new CalculatorUnavailableError(id, err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }
  // Accept an exported instance or an exported class with a no-argument constructor.
  for (const value of Object.values(mod)) {
    if (value && typeof value === 'object' && (value as Calculator).id === id && typeof (value as Calculator).calculate === 'function') {
      return value as Calculator;
    }
    if (typeof value === 'function' && typeof (value as { prototype?: { calculate?: unknown } }).prototype?.calculate === 'function') {
      try {
        const inst = new (value as new () => Calculator)();
        if (inst.id === id) return inst;
      } catch {
        // not a no-argument constructor: keep looking
      }
    }
  }
  throw new CalculatorUnavailableError(id, 'module exports no Calculator with that id');
}

/** Frees the shared engine's cached WASM objects (tests, long-running scripts). */
export function clearCalculatorCaches(): void {
  shared?.clear();
}
