/**
 * Multiplayer in the two-process Redis mode: the host polls process 1 first, the other player
 * process 2, and every later request alternates between them.
 */
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { fullMatchScenario, lockKickScenario } from './multiplayer-scenarios.js';

describe('multiplayer (two processes, Redis)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2 });
  });
  after(async () => {
    await server?.close();
  });

  test('a match from create to completion across processes', () => fullMatchScenario(server));
  test('a lock kick reaches a player polling the other process', () => lockKickScenario(server));
});
