/** Spectating over real HTTP against an embedded server (§4.3). */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { hostLogoutScenario, spectatorGroupScenario, unwatchableScenario } from './spectate-scenarios.js';

describe('spectating (embedded)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  test('host and two spectators: announcements, byte-exact frames, 22, stop, group dissolved', () => spectatorGroupScenario(server));
  test('the host logging out dissolves the group', () => hostLogoutScenario(server));
  test('offline users and the bot cannot be spectated', () => unwatchableScenario(server));
});
