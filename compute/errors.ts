/**
 * Errors the compute pool hands back to callers. Workers cannot send class instances across the
 * thread boundary, so they report `{ name, message }` and the pool rebuilds these classes.
 */
export { PpInputError } from './pp/calculator.js';

/** The pool's bounded queue is full: the caller should retry later (HTTP 503), nothing was queued. */
export class ComputeBusyError extends Error {
  constructor(readonly queued: number, readonly maxQueue: number) {
    super(`compute pool busy: ${queued} tasks queued (limit ${maxQueue})`);
    this.name = 'ComputeBusyError';
  }
}

/** The pool was closed before or while the task ran. */
export class ComputeClosedError extends Error {
  constructor() {
    super('compute pool is closed');
    this.name = 'ComputeClosedError';
  }
}

/** A worker failed in an unexpected way (WASM trap, bug); the worker was recycled. */
export class ComputeWorkerError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
    this.name = 'ComputeWorkerError';
  }
}

/** The requested calculator is not built into this installation (e.g. the relax WASM module). */
export class CalculatorUnavailableError extends Error {
  constructor(readonly calculator: string, reason: string) {
    super(`calculator ${calculator} is not available: ${reason}`);
    this.name = 'CalculatorUnavailableError';
  }
}
