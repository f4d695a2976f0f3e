/** Typed failures of the egress limiter: callers tell throttling from an unreachable upstream. */
export class EgressError extends Error {
  constructor(
    message: string,
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EgressError';
  }
}

/** The host's bucket cannot give a token before the request's deadline (nothing was sent). */
export class EgressRateLimitedError extends EgressError {
  constructor(
    host: string,
    readonly retryAfterMs: number,
  ) {
    super(`egress to ${host} is rate limited: no token before the deadline (next in ${Math.ceil(retryAfterMs)} ms)`, host);
    this.name = 'EgressRateLimitedError';
  }
}

/** Connection refused/reset, DNS failure, timeout, oversized body: no usable HTTP answer. */
export class EgressTransportError extends EgressError {
  constructor(host: string, message: string, options?: { cause?: unknown }) {
    super(`egress to ${host} failed: ${message}`, host, options);
    this.name = 'EgressTransportError';
  }
}

/** The host is not configured for egress (offline mode, or not on the proxy allow-list). */
export class EgressDisabledError extends EgressError {
  constructor(host: string) {
    super(`egress to ${host} is not configured`, host);
    this.name = 'EgressDisabledError';
  }
}
