/**
 * Framing and malformed-input behaviour of the readers: unknown ids are skipped, the first bad
 * packet stops decoding with a located BanchoDecodeError, string tag rules of §1.4, and no
 * allocation sized by a hostile length.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanchoDecodeError, readClientPackets, readServerPackets } from '../bancho/reader.js';
import { concatPackets, encodeClient, encodeRawPacket, encodeServer } from '../bancho/writer.js';

const hexBody = (h: string): Buffer => Buffer.from(h.replace(/\s+/g, ''), 'hex');

/** A header for packet `id` with a claimed payload length. */
function header(id: number, length: number): Buffer {
  const b = Buffer.alloc(7);
  b.writeUInt16LE(id, 0);
  b.writeUInt32LE(length, 3);
  return b;
}

describe('framing', () => {
  test('empty body: no packets, no error', () => {
    assert.deepEqual(readClientPackets(new Uint8Array(0)), { packets: [], skipped: [], error: null });
  });

  test('unknown ids are skipped by length and recorded; later packets still decode', () => {
    const body = concatPackets([
      encodeClient.PING(),
      encodeRawPacket(999, Buffer.from('deadbeef', 'hex')),
      encodeRawPacket(5, Buffer.from('01000000', 'hex')), // a server id in a client body
      encodeClient.CHANNEL_JOIN('#osu'),
    ]);
    const r = readClientPackets(body);
    assert.equal(r.error, null);
    assert.deepEqual(r.packets.map((p) => p.name), ['PING', 'CHANNEL_JOIN']);
    assert.deepEqual(r.skipped, [
      { id: 999, offset: 7, length: 4 },
      { id: 5, offset: 18, length: 4 },
    ]);
  });

  test('payload is a view into the body, not a copy', () => {
    const body = concatPackets([encodeClient.PING(), encodeClient.FRIEND_ADD(1001)]);
    const p = readClientPackets(body).packets[1]!;
    assert.equal(p.payload.buffer, body.buffer);
    assert.equal(p.payload.byteOffset, body.byteOffset + 14);
    assert.equal(p.payload.length, 4);
  });

  test('plain Uint8Array bodies (not Buffers) and non-zero byteOffset work', () => {
    const inner = concatPackets([encodeClient.PING(), encodeClient.FRIEND_ADD(-7)]);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    const r = readClientPackets(outer.subarray(5));
    assert.equal(r.error, null);
    assert.deepEqual(r.packets.map((p) => p.data), [null, -7]);
  });

  test('header claiming a length past the end is an error at that header; earlier packets kept', () => {
    const body = concatPackets([encodeClient.PING(), header(4, 100), Buffer.alloc(3)]);
    const r = readClientPackets(body);
    assert.equal(r.packets.length, 1);
    assert.ok(r.error instanceof BanchoDecodeError);
    assert.equal(r.error.offset, 7);
    assert.equal(r.error.packetId, 4);
    assert.match(r.error.message, /claims a 100-byte payload but only 3 bytes remain/);
  });

  test('1..6 trailing bytes are reported as a truncated header, packets before kept', () => {
    for (let n = 1; n < 7; n++) {
      const r = readClientPackets(concatPackets([encodeClient.PING(), Buffer.alloc(n)]));
      assert.equal(r.packets.length, 1);
      assert.ok(r.error);
      assert.equal(r.error.offset, 7);
      assert.equal(r.error.packetId, null);
    }
  });

  test('truncated payload of a known packet stops decoding with the failing offset', () => {
    const body = concatPackets([encodeClient.PING(), header(16, 2), Buffer.from([1, 2]), encodeClient.PING()]);
    const r = readClientPackets(body);
    assert.deepEqual(r.packets.map((p) => p.name), ['PING']);
    assert.ok(r.error);
    assert.equal(r.error.packetId, 16);
    assert.equal(r.error.packetOffset, 7);
    assert.equal(r.error.offset, 14);
    assert.match(r.error.message, /truncated i32/);
  });

  test('a packet never reads into the next one', () => {
    // START_SPECTATING with a 2-byte payload followed by 2 more bytes that would complete the i32.
    const body = concatPackets([header(16, 2), Buffer.from([1, 2]), header(4, 0)]);
    const r = readClientPackets(body);
    assert.ok(r.error);
    assert.equal(r.packets.length, 0);
  });

  test('trailing bytes inside a payload are tolerated (legacy 4-byte CHANNEL_INFO_END)', () => {
    const r = readServerPackets(hexBody('59000004000000 00000000'));
    assert.equal(r.error, null);
    assert.equal(r.packets[0]!.name, 'CHANNEL_INFO_END');
  });

  test("rs's 8-byte USER_LOGOUT reads the same user id", () => {
    const r = readServerPackets(hexBody('0c000008000000 e9030000 00000000'));
    assert.equal(r.error, null);
    assert.equal(r.packets[0]!.data, 1001);
  });
});

describe('strings (§1.4)', () => {
  const join = (payload: string) => readClientPackets(concatPackets([header(63, payload.length / 2), hexBody(payload)]));

  test('0x00 and 0x0B 0x00 are both the empty string', () => {
    assert.equal(join('00').packets[0]!.data, '');
    assert.equal(join('0b00').packets[0]!.data, '');
  });

  test('any other tag byte reads as empty and consumes one byte (bpy/proto)', () => {
    // sender tag 0x07: '' after one byte, then text 'x', recipient '', id 0
    const m = readClientPackets(hexBody('01000009000000 07 0b0178 00 00000000'));
    assert.equal(m.error, null);
    assert.deepEqual(m.packets[0]!.data, { sender: '', text: 'x', recipient: '', senderId: 0 });
  });

  test('multi-byte ULEB128 lengths and UTF-8 text', () => {
    const long = 'é'.repeat(200); // 400 bytes → ULEB 90 03
    const bytes = encodeClient.CHANNEL_JOIN(long);
    assert.equal(bytes.subarray(7, 10).toString('hex'), '0b9003');
    assert.equal(readClientPackets(bytes).packets[0]!.data, long);
  });

  test('a claimed 4 GB string on a tiny body errors without allocating', () => {
    const before = process.memoryUsage().arrayBuffers;
    const r = join('0bffffffff0f41');
    assert.ok(r.error);
    assert.match(r.error.message, /string claims 4294967295 bytes, 1 left/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 1 << 20);
  });

  test('ULEB128 longer than 5 bytes and truncated ULEB128 are errors', () => {
    assert.match(join('0b808080808001').error!.message, /longer than 5 bytes/);
    assert.match(join('0b80').error!.message, /truncated ULEB128/);
    assert.match(join('').error!.message, /no tag byte/);
  });

  test('short strings around the JS/native decode boundary, ASCII and not', () => {
    for (const s of ['a', '#osu', 'abcdefgh', 'abcdefghi', 'é', 'abcdeé', 'ab\u00e9cd', '日本', '\u{1f600}', 'abcdefg\u00e9']) {
      const r = readClientPackets(encodeClient.CHANNEL_JOIN(s));
      assert.equal(r.packets[0]!.data, s);
    }
  });

  test('invalid UTF-8 decodes with replacement characters, not an error', () => {
    assert.equal(join('0b02c328').packets[0]!.data, '\ufffd(');
  });
});

describe('lists and counts', () => {
  test('65535-count list on a tiny body errors before allocating', () => {
    const r = readClientPackets(concatPackets([header(85, 6), hexBody('ffff01000000')]));
    assert.ok(r.error);
    assert.equal(r.error.packetId, 85);
    assert.match(r.error.message, /list of 65535 i32 needs 262140 bytes, 4 left/);
  });

  test('65535 replay frames on a tiny body errors before allocating', () => {
    const r = readClientPackets(concatPackets([header(18, 8), hexBody('00000000ffff0000')]));
    assert.ok(r.error);
    assert.match(r.error.message, /65535 replay frames need 917490 bytes/);
  });

  test('spectate frames without the trailing sequence (osu-packet) read sequence 0', () => {
    const full = encodeClient.SPECTATE_FRAMES({
      extra: 1,
      frames: [{ buttonState: 5, taikoByte: 0, x: 1.5, y: 2.5, time: 100 }],
      action: 0,
      scoreFrame: {
        time: 1, slotId: 0, count300: 1, count100: 0, count50: 0, countGeki: 0, countKatu: 0, countMiss: 0,
        totalScore: 300, maxCombo: 1, currentCombo: 1, perfect: true, currentHp: 200, tagByte: 0, scoreV2: false,
      },
      sequence: 77,
    });
    assert.equal((readClientPackets(full).packets[0]!.data as { sequence: number }).sequence, 77);
    const short = encodeRawPacket(18, full.subarray(7, full.length - 2));
    const r = readClientPackets(short);
    assert.equal(r.error, null);
    assert.equal((r.packets[0]!.data as { sequence: number }).sequence, 0);
  });

  test('a match missing its seed is an error (not silently zero)', () => {
    const m = encodeServer.NEW_MATCH({
      id: 1, inProgress: false, powerplay: 0, mods: 0, name: 'a', password: null, beatmapName: '', beatmapId: -1,
      beatmapMd5: '', slots: Array.from({ length: 16 }, () => ({ status: 1, team: 0, userId: 0, mods: 0 })),
      hostId: 3, mode: 0, winCondition: 0, teamType: 0, freemod: false, seed: 9,
    });
    assert.equal(readServerPackets(m).error, null);
    const cut = encodeRawPacket(27, m.subarray(7, m.length - 4));
    assert.match(readServerPackets(cut).error!.message, /truncated i32/);
  });
});

describe('non-byte input', () => {
  test('a non-Uint8Array body yields an error, not a throw', () => {
    const r = readClientPackets('not bytes' as unknown as Uint8Array);
    assert.ok(r.error instanceof BanchoDecodeError);
    assert.equal(r.packets.length, 0);
  });
});
