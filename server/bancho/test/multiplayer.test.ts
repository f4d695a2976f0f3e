/** Multiplayer over real HTTP against an embedded server (§4.4). */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { concurrentJoinScenario, freemodScenario, fullMatchScenario, inviteAndTournamentScenario, lockKickScenario } from './multiplayer-scenarios.js';

describe('multiplayer (embedded)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.close();
  });

  test('two players from create to completion, host transfer, disposal, history rows', () => fullMatchScenario(server));
  test('locking an occupied slot kicks its player', () => lockKickScenario(server));
  test('invites, tournament clients watching (93/108/109), silenced players refused', () => inviteAndTournamentScenario(server));
  test('seven players joining at once get seven distinct slots', () => concurrentJoinScenario(server));
  test('freemod splits speed and player mods; RX switches the player to relax stats', () => freemodScenario(server));
});
