/**
 * How many consumers a queue should have, as a pure function of what the group observed.
 *
 * Modelled on Hermes' depth-driven scaler (Raid-Hub), with its weaknesses removed:
 * - No dead cooldown. Hysteresis comes from the sample windows instead: growing needs
 *   `upAfterSamples` consecutive samples with a backlog that will not drain soon, shrinking needs
 *   `downAfterSamples` consecutive empty samples *and* few messages in flight. Between the two the
 *   count holds. A sustained backlog can therefore grow the group on every sample.
 * - Depth alone is blind to saturated workers: with a compute pool already busy, more consumers
 *   would only pull messages into this process (hiding them from other processes), so growth
 *   waits for headroom (`utilisation` below `busyUtilisation`).
 * - A backlog that is shrinking fast enough to clear within `drainWithinSamples` samples does not
 *   trigger growth.
 * The result is always inside [min, max].
 */

export interface ScalingTuning {
  /** Consecutive samples with a waiting backlog before growing. */
  upAfterSamples: number;
  /** Consecutive empty samples (and low in-flight) before shrinking. */
  downAfterSamples: number;
  /** Growth per step as a fraction of the current count (at least one consumer). */
  upFactor: number;
  /** Shrink per step as a fraction of the current count (at least one consumer). */
  downFactor: number;
  /** Largest change in one step. */
  maxStep: number;
  /** Utilisation (0..1) at or above which the pool has no headroom for more consumers. */
  busyUtilisation: number;
  /** A backlog expected to clear within this many samples at the observed drain rate is left alone. */
  drainWithinSamples: number;
}

export const DEFAULT_SCALING_TUNING: Readonly<ScalingTuning> = Object.freeze({
  upAfterSamples: 2,
  downAfterSamples: 3,
  upFactor: 0.5,
  downFactor: 0.25,
  maxStep: 8,
  busyUtilisation: 0.9,
  drainWithinSamples: 5,
});

export interface ScalingInput {
  /** Sampled ready depth, oldest first; the last element is the newest sample. */
  depthHistory: readonly number[];
  consumers: number;
  /** Messages being handled right now by this group. */
  inFlight: number;
  prefetch: number;
  /** Busy fraction (0..1) of whatever executes the work, e.g. the compute pool; undefined = unknown. */
  utilisation?: number;
  min: number;
  max: number;
}

export type ScalingReason =
  | 'below-min'
  | 'above-max'
  | 'warming-up'
  | 'backlog'
  | 'at-max'
  | 'pool-saturated'
  | 'draining'
  | 'idle'
  | 'at-min'
  | 'steady';

export interface ScalingDecision {
  target: number;
  reason: ScalingReason;
}

function stepOf(consumers: number, factor: number, maxStep: number): number {
  return Math.max(1, Math.min(maxStep, Math.ceil(consumers * factor)));
}

export function decideConsumerCount(input: ScalingInput, tuning: ScalingTuning = DEFAULT_SCALING_TUNING): ScalingDecision {
  const min = Math.max(1, Math.floor(input.min));
  const max = Math.max(min, Math.floor(input.max));
  const { consumers, depthHistory: history } = input;
  if (consumers < min) return { target: min, reason: 'below-min' };
  if (consumers > max) return { target: max, reason: 'above-max' };

  const newest = history[history.length - 1];
  if (newest === undefined) return { target: consumers, reason: 'warming-up' };

  // Growth: a backlog in every sample of the window that will not clear soon on its own.
  if (history.length >= tuning.upAfterSamples) {
    const window = history.slice(-tuning.upAfterSamples);
    if (window.every((d) => d > 0)) {
      const oldest = window[0]!;
      const drainPerSample = window.length > 1 ? (oldest - newest) / (window.length - 1) : 0;
      const clearsSoon = drainPerSample > 0 && newest <= drainPerSample * tuning.drainWithinSamples;
      if (clearsSoon) return { target: consumers, reason: 'draining' };
      if (consumers >= max) return { target: max, reason: 'at-max' };
      if (input.utilisation !== undefined && input.utilisation >= tuning.busyUtilisation) {
        return { target: consumers, reason: 'pool-saturated' };
      }
      return { target: Math.min(max, consumers + stepOf(consumers, tuning.upFactor, tuning.maxStep)), reason: 'backlog' };
    }
  }

  // Shrinking: nothing waiting for the whole window, and the in-flight work fits in half of the
  // smaller group's capacity (so a group that is just keeping up is not starved).
  if (history.length >= tuning.downAfterSamples && history.slice(-tuning.downAfterSamples).every((d) => d === 0)) {
    if (consumers <= min) return { target: min, reason: 'at-min' };
    const shrunk = Math.max(min, consumers - stepOf(consumers, tuning.downFactor, tuning.maxStep));
    if (input.inFlight * 2 <= shrunk * input.prefetch) return { target: shrunk, reason: 'idle' };
  }
  return { target: consumers, reason: 'steady' };
}
