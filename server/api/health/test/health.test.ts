/** /_health and /_ready on a real server (embedded and Redis + MariaDB), and readiness with a backend down. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../routes.js';
import { startTestServer } from '../../../test/support/start-test-server.js';

describe('health and readiness', () => {
  for (const mode of ['embedded', 'redis'] as const) {
    test(`${mode}: both listeners answer /_health and /_ready with every backend named`, async () => {
      const server = await startTestServer({ mode });
      try {
        for (const base of [server.url, server.servers[0]!.internalUrl]) {
          const health = await fetch(`${base}/_health`);
          assert.equal(health.status, 200);
          const ready = await fetch(`${base}/_ready`);
          assert.equal(ready.status, 200);
          const body = (await ready.json()) as { ok: boolean; checks: Array<{ name: string; ok: boolean }> };
          assert.equal(body.ok, true);
          const names = body.checks.map((c) => c.name);
          assert.ok(names.some((n) => n.startsWith(mode === 'redis' ? 'storage (mysql)' : 'storage (sqlite)')), names.join());
          assert.ok(names.includes(mode === 'redis' ? 'live state (redis)' : 'live state (memory)'), names.join());
        }
        // Operator-only routes are not on the public port (no API_KEY in tests).
        assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
        assert.equal((await fetch(`${server.servers[0]!.internalUrl}/metrics`)).status, 200);
      } finally {
        await server.close();
      }
    });
  }

  test('a failing or hanging backend makes readiness say which, within the deadline', async () => {
    const outcomes = await runChecks(
      [
        { name: 'fine', run: async () => 1 },
        { name: 'refused', run: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
        { name: 'hangs', run: () => new Promise(() => {}) },
      ],
      50,
    );
    assert.deepEqual(
      outcomes.map((o) => [o.name, o.ok]),
      [['fine', true], ['refused', false], ['hangs', false]],
    );
    assert.match(outcomes[1]!.error!, /ECONNREFUSED/);
    assert.match(outcomes[2]!.error!, /no answer within 50 ms/);
  });
});
