/**
 * Spectating in the two-process Redis mode: the host polls process 1, the spectators process 2
 * first and then every request alternates between the two.
 */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { hostLogoutScenario, spectatorGroupScenario } from './spectate-scenarios.js';

describe('spectating (two processes, Redis)', () => {
  let server: TestServer;
  const clock = createManualClock();
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2, clock });
  });
  after(async () => {
    await server?.close();
  });

  test('a spectator on another process receives the frames', () => spectatorGroupScenario(server));
  test('the host logging out on one process dissolves the group on the other', () => hostLogoutScenario(server, clock));
});
