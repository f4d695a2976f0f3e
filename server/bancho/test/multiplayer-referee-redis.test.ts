/**
 * `!mp` countdowns with two Hayate processes sharing Redis: exactly one process drives a countdown
 * (`kvSetIfAbsent`), a second one is refused from the other process, an abort typed on the other
 * process stops it, and `!mp start <s>` started on one process starts the game for players on both.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient } from '../../../protocol/bancho/writer.js';
import { startTestServer } from '../../test/support/start-test-server.js';
import type { TestServer } from '../../test/support/start-test-server.js';
import { matchRequest } from './multiplayer-scenarios.js';
import { loginUsers } from './spectate-scenarios.js';

const say = (text: string): Buffer => encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text, recipient: '#multiplayer', senderId: 0 });

describe('!mp countdowns (two processes, Redis)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ mode: 'redis', processes: 2 });
  });
  after(async () => {
    await server?.close();
  });

  test('one driver per countdown, abort from the other process, a timed start reaches both', async () => {
    const [host, ref] = await loginUsers(server, 2, 'mptime');
    assert.ok(host && ref);
    await host.send(encodeClient.CREATE_MATCH(matchRequest(host.userId)));
    const m = await host.waitFor('MATCH_JOIN_SUCCESS');
    await ref.send(encodeClient.JOIN_MATCH({ matchId: m.id, password: '' }));
    await ref.waitFor('MATCH_JOIN_SUCCESS');
    const fromBot = (re: RegExp) => (msg: { senderId: number; text: string }) => msg.senderId === server.config.botUserId && re.test(msg.text);

    await host.send(say(`!mp addref ${ref.username}`));
    await host.waitFor('SEND_MESSAGE', fromBot(/is now a referee/));

    await host.send(say('!mp timer 600'));
    await host.waitFor('SEND_MESSAGE', fromBot(/Countdown started/));
    await ref.send(say('!mp timer 5'));
    await ref.waitFor('SEND_MESSAGE', fromBot(/already running/));
    await ref.send(say('!mp aborttimer'));
    await ref.waitFor('SEND_MESSAGE', fromBot(/^Countdown aborted/));
    assert.equal(await server.servers[0]!.deps.state.kvGet(`mp:timer:${m.id}`), undefined);

    await ref.send(say('!mp start 1'));
    await ref.waitFor('SEND_MESSAGE', fromBot(/Match starts in 1 second\./));
    await host.waitFor('MATCH_START', undefined, 400);
    await ref.waitFor('MATCH_START', undefined, 400);
    await host.waitFor('SEND_MESSAGE', fromBot(/Good luck/), 400);
    await host.send(say('!mp abort'));
    await ref.waitFor('MATCH_ABORT');
    await Promise.all([host.send(encodeClient.PART_MATCH()), ref.send(encodeClient.PART_MATCH())]);
  });
});
