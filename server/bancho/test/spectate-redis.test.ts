/**
 * Spectating in the two-process Redis mode: the host polls process 1 and a spectator process 2;
 * then the same with every request alternating between the processes.
 */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { hostLogoutScenario, idleHostScenario, spectatorGroupScenario } from './spectate-scenarios.js';

describe('spectating (two processes, Redis)', () => {
  let server: TestServer;
  const clock = createManualClock();
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2, clock });
  });
  after(async () => {
    await server?.close();
  });

  test('a spectator polling process 2 receives the frames of a host polling process 1', () => spectatorGroupScenario(server));
  test('the same with every request landing on any process', () => spectatorGroupScenario(server, true));
  test('the host logging out on one process dissolves the group on the other', () => hostLogoutScenario(server, clock));
  test('an idle host is expired on one process: spectators and match partner on the other are updated', () => idleHostScenario(server, clock));
});
