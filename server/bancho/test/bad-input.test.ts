/**
 * Bad input over real HTTP: malformed bodies, unknown ids among valid packets, oversized bodies,
 * stale and garbage tokens. Each gets its documented answer and the server keeps serving others.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient, encodeRawPacket } from '../../../protocol/bancho/writer.js';
import { decodeServer, postBancho } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { BANCHO_MAX_BODY_BYTES } from '../route.js';
import { loginMany } from './bancho-helpers.js';

describe('bancho bad input', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('garbage token → notification + RESTART, cho-token no', async () => {
    for (const token of ['garbage', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300)]) {
      const raw = await postBancho(server.url, encodeClient.PING(), { 'osu-token': token });
      assert.equal(raw.status, 200);
      assert.equal(raw.token, 'no');
      const names = decodeServer(raw.body).map((p) => p.name);
      assert.deepEqual(names, ['NOTIFICATION', 'RESTART']);
    }
  });

  test('unknown packet ids mixed with valid ones: the valid ones still apply', async () => {
    const [a, b] = await loginMany(server, 'mix', 2);
    const body = Buffer.concat([
      encodeRawPacket(20, Buffer.from('crash report')),
      encodeRawPacket(250, Buffer.from([1, 2, 3])),
      encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'still works', recipient: '#osu', senderId: 0 }),
      encodeRawPacket(68, Buffer.alloc(0)),
      encodeRawPacket(9999, Buffer.alloc(4)),
    ]);
    const raw = await a!.sendRaw(body);
    assert.equal(raw.status, 200);
    decodeServer(raw.body);
    await b!.waitFor('SEND_MESSAGE', (m) => m.text === 'still works');
  });

  test('a truncated/malformed packet: packets before it apply, then a notification', async () => {
    const [a, b] = await loginMany(server, 'trunc', 2);
    const good = encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'before the break', recipient: '#osu', senderId: 0 });
    const broken = Buffer.from([1, 0, 0, 200, 0, 0, 0, 0x0b, 0x7f]); // claims 200 bytes, has 2
    const raw = await a!.sendRaw(Buffer.concat([good, broken]));
    const names = decodeServer(raw.body).map((p) => p.name);
    assert.ok(names.includes('NOTIFICATION'));
    await b!.waitFor('SEND_MESSAGE', (m) => m.text === 'before the break');
    // A string whose declared length runs past the payload.
    const badString = encodeRawPacket(63, Buffer.from([0x0b, 0xff, 0xff, 0x03]));
    const raw2 = await a!.sendRaw(badString);
    assert.ok(decodeServer(raw2.body).some((p) => p.name === 'NOTIFICATION'));
    // Pure noise.
    const raw3 = await a!.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    assert.equal(raw3.status, 200);
    decodeServer(raw3.body);
  });

  test('an oversized body is refused with 413 and the session keeps working', async () => {
    const [a, b] = await loginMany(server, 'big', 2);
    const raw = await a!.sendRaw(Buffer.alloc(BANCHO_MAX_BODY_BYTES + 1));
    assert.equal(raw.status, 413);
    await a!.send(encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'after 413', recipient: '#osu', senderId: 0 }));
    await b!.waitFor('SEND_MESSAGE', (m) => m.text === 'after 413');
  });

  test('unknown routes answer 404; GET / shows the status page', async () => {
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Players online: \d+/);
  });
});
