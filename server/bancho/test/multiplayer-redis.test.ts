/**
 * Multiplayer in the two-process Redis mode: the host polls process 1 and the other player
 * process 2; then the same with every request alternating between the processes.
 */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { concurrentJoinScenario, freemodScenario, fullMatchScenario, inviteAndTournamentScenario, lockKickScenario } from './multiplayer-scenarios.js';

describe('multiplayer (two processes, Redis)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2 });
  });
  after(async () => {
    await server?.close();
  });

  test('a match from create to completion: host on process 1, the other player on process 2', () => fullMatchScenario(server));
  test('the same with every request landing on any process', () => fullMatchScenario(server, true));
  test('invites and a tournament watcher across processes', () => inviteAndTournamentScenario(server));
  test('seven players joining at once across processes get seven slots', () => concurrentJoinScenario(server));
  test('freemod and the RX stats switch with the players on different processes', () => freemodScenario(server));
  test('a lock kick reaches a player polling the other process', () => lockKickScenario(server));
});
