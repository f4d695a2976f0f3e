import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanchoClient } from '../../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../../test/support/start-test-server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer();
  await server.createUser('metrics_user', 'password1');
});

after(async () => {
  await server.close();
});

function sessionsGauge(body: string): number {
  const line = body.split('\n').find((l) => l.startsWith('hayate_bancho_sessions '));
  assert.ok(line, 'hayate_bancho_sessions is exposed');
  return Number(line.split(' ')[1]);
}

test('GET /metrics exposes process metrics and the live session count', async () => {
  const before = await fetch(`${server.servers[0]!.internalUrl}/metrics`);
  assert.equal(before.status, 200);
  assert.match(before.headers.get('content-type') ?? '', /^text\/plain/);
  const first = await before.text();
  assert.match(first, /^hayate_process_cpu_user_seconds_total /m);
  assert.equal(sessionsGauge(first), 0);

  await BanchoClient.login(server.url, 'metrics_user', 'password1');
  const second = await (await fetch(`${server.servers[0]!.internalUrl}/metrics`)).text();
  assert.equal(sessionsGauge(second), 1);
});
