/**
 * The egress limiter against loopback upstreams. Time is injected: the limiter's waits are
 * recorded instead of slept, so the rate is proven exactly (the wall-clock rate is in bench/).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Egress, retryAfterMs } from '../egress.js';
import { TokenBucket } from '../token-bucket.js';
import { EgressRateLimitedError, EgressTransportError } from '../errors.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { startLoopback, type LoopbackServer } from '../../test/support/loopback-server.js';

describe('token bucket', () => {
  test('burst at once, then exactly one token per 1/rate, FIFO', () => {
    const b = new TokenBucket({ rate: 10, burst: 5 }, 0);
    const waits = Array.from({ length: 15 }, () => b.reserve(0, 60_000));
    assert.deepEqual(waits.slice(0, 5), [0, 0, 0, 0, 0]);
    for (let i = 5; i < 15; i++) assert.ok(Math.abs(waits[i]! - (i - 4) * 100) < 1e-6, `wait ${i}: ${waits[i]}`);
    // Over 10 simulated seconds from empty, exactly rate × 10 + burst reservations fit.
    const c = new TokenBucket({ rate: 20, burst: 10 }, 0);
    let granted = 0;
    while (c.reserve(0, 10_000) !== undefined) granted++;
    assert.equal(granted, 20 * 10 + 10);
  });

  test('a reservation that would overshoot the deadline is refused and takes nothing', () => {
    const b = new TokenBucket({ rate: 1, burst: 1 }, 0);
    assert.equal(b.reserve(0, 0), 0);
    assert.equal(b.reserve(0, 500), undefined);
    assert.equal(b.reserve(0, 1000), 1000);
    assert.equal(b.reserve(2000, 0), 0);
  });

  test('pauseUntil holds tokens until then', () => {
    const b = new TokenBucket({ rate: 100, burst: 100 }, 0);
    b.pauseUntil(3000);
    assert.equal(b.reserve(0, 10_000), 3000);
    assert.equal(b.reserve(0, 1000), undefined);
  });

  test('Retry-After as seconds or a date', () => {
    assert.equal(retryAfterMs('2', 0), 2000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 5000), 5000);
    assert.equal(retryAfterMs('soon', 0), undefined);
    assert.equal(retryAfterMs(undefined, 0), undefined);
  });
});

describe('egress over loopback', () => {
  let up: LoopbackServer;
  let script: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  before(async () => {
    up = await startLoopback((_req, res) => {
      const next = script.shift() ?? { status: 200, body: 'ok' };
      res.writeHead(next.status, next.headers ?? {});
      res.end(next.body ?? '');
    });
  });
  after(async () => {
    await up.close();
  });

  const make = (limit = { rate: 10, burst: 2 }) => {
    const clock = createManualClock(1_000_000);
    const slept: number[] = [];
    const egress = new Egress({ defaultLimit: limit, clock, sleep: async (ms) => void slept.push(ms) });
    return { egress, slept, clock };
  };

  test('requests over the rate wait their turn in order; one past the deadline fails fast, unsent', async () => {
    const { egress, slept } = make();
    const results = await Promise.all(Array.from({ length: 6 }, () => egress.request({ url: `${up.url}/x`, deadlineMs: 1000 })));
    assert.ok(results.every((r) => r.status === 200 && r.body.toString() === 'ok'));
    assert.deepEqual(slept.map((ms) => Math.round(ms)), [100, 200, 300, 400]);
    const before = up.requests.length;
    await assert.rejects(egress.request({ url: `${up.url}/x`, deadlineMs: 100 }), (e: unknown) => e instanceof EgressRateLimitedError && e.retryAfterMs > 100);
    assert.equal(up.requests.length, before);
    const s = egress.hostStats(up.host);
    assert.deepEqual(s, { requests: 6, waits: 4, throttled: 1, errors: 0 });
    await egress.close();
  });

  test('429 with Retry-After pauses the host and is retried after it when asked', async () => {
    const { egress, slept } = make({ rate: 100, burst: 100 });
    script = [{ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: 'fine' }];
    const r = await egress.request({ url: `${up.url}/api`, retries: 1, deadlineMs: 5000 });
    assert.equal(r.status, 200);
    assert.equal(r.body.toString(), 'fine');
    assert.deepEqual(slept, [2000]);
    assert.equal(egress.hostStats(up.host).throttled, 1);
    // Without retries the 429 reaches the caller, and the host stays paused for the others.
    script = [{ status: 429, headers: { 'retry-after': '30' } }];
    assert.equal((await egress.request({ url: `${up.url}/api` })).status, 429);
    await assert.rejects(egress.request({ url: `${up.url}/api`, deadlineMs: 1000 }), EgressRateLimitedError);
    await egress.close();
  });

  test('5xx backs off exponentially and is retried; a dead port is a transport error', async () => {
    const { egress, slept } = make({ rate: 1000, burst: 1000 });
    script = [{ status: 502 }, { status: 503 }, { status: 200, body: 'up' }];
    const r = await egress.request({ url: `${up.url}/y`, retries: 2 });
    assert.equal(r.body.toString(), 'up');
    assert.deepEqual(slept, [100, 200]);
    script = [{ status: 500 }];
    assert.equal((await egress.request({ url: `${up.url}/y` })).status, 500);
    const dead = await startLoopback(() => undefined);
    const deadUrl = dead.url;
    await dead.close();
    await assert.rejects(egress.request({ url: `${deadUrl}/z` }), EgressTransportError);
    await egress.close();
  });

  test('an answer over maxBytes is refused', async () => {
    const { egress } = make();
    script = [{ status: 200, body: 'x'.repeat(5000) }];
    await assert.rejects(egress.request({ url: `${up.url}/big`, maxBytes: 1000 }), /larger than 1000 bytes/);
    await egress.close();
  });
});
