/**
 * What happens to a message whose handler threw: the same rule for every broker implementation so
 * the embedded mode and RabbitMQ behave alike.
 */
import { PoisonMessageError, QueueError } from '../../ports/queue.js';

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1000, 5000, 30000];

/** Header names the adapters use on the wire; handlers never see them. */
export const ATTEMPT_HEADER = 'x-hayate-attempt';
export const DEAD_REASON_HEADER = 'x-hayate-dead-reason';

export type FailureDecision =
  | { kind: 'retry'; delayMs: number; nextAttempt: number }
  | { kind: 'dead'; reason: string };

/** `attempt` is 1-based: the first failure of a fresh message retries after `delays[0]`. */
export function decideFailure(error: unknown, attempt: number, delays: readonly number[]): FailureDecision {
  const text = describeError(error);
  if (error instanceof PoisonMessageError) return { kind: 'dead', reason: `poison: ${text}` };
  const delayMs = delays[attempt - 1];
  if (delayMs === undefined) return { kind: 'dead', reason: `retries exhausted after ${attempt} attempts: ${text}` };
  return { kind: 'retry', delayMs, nextAttempt: attempt + 1 };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export function checkRetryDelays(delays: readonly number[]): readonly number[] {
  for (const d of delays) {
    if (!Number.isInteger(d) || d < 0 || d > 2 ** 31 - 1) {
      throw new QueueError(`retry delays must be whole milliseconds in [0, 2^31), got ${d}`);
    }
  }
  return [...delays];
}

export function checkPrefetch(prefetch: number): number {
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65535) {
    throw new QueueError(`prefetch must be a whole number in [1, 65535], got ${prefetch}`);
  }
  return prefetch;
}
