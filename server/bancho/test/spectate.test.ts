/** Spectating over real HTTP against an embedded server (§4.3). */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { createManualClock } from '../../test/support/manual-clock.js';
import { hostLogoutScenario, idleHostScenario, spectatorGroupScenario, unwatchableScenario } from './spectate-scenarios.js';

describe('spectating (embedded)', () => {
  let server: TestServer;
  const clock = createManualClock();
  before(async () => {
    server = await startTestServer({ clock });
  });
  after(async () => {
    await server?.close();
  });

  test('host and two spectators: announcements, byte-exact frames, 22, stop, group dissolved', () => spectatorGroupScenario(server));
  test('the host logging out dissolves the group', () => hostLogoutScenario(server, clock));
  test('offline users and the bot cannot be spectated; restricted players are refused, never left waiting', () => unwatchableScenario(server));
  test('an idle host is expired: spectators let go, its match handed over', () => idleHostScenario(server, clock));
});
