/**
 * The byte vectors of shared/spec/bancho-protocol.md §8.2. Server vectors come from bancho.py's
 * tests/unit/packets_test.py (via the spec); client vectors were generated there with osu-packet's
 * Client.Writer. Each is checked byte for byte against our encoder and decoded back.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeClient, encodeServer } from '../bancho/writer.js';
import { readClientPackets, readServerPackets } from '../bancho/reader.js';
import type { Match, MatchSlot, UserStats } from '../bancho/types.js';
import { Action, SlotStatus, SlotTeam } from '../bancho/types.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Buffer => Buffer.from(h, 'hex');

function decodeOneServer(h: string) {
  const r = readServerPackets(bytes(h));
  assert.equal(r.error, null);
  assert.equal(r.skipped.length, 0);
  assert.equal(r.packets.length, 1);
  return r.packets[0]!;
}

function decodeOneClient(h: string) {
  const r = readClientPackets(bytes(h));
  assert.equal(r.error, null);
  assert.equal(r.skipped.length, 0);
  assert.equal(r.packets.length, 1);
  return r.packets[0]!;
}

const MD5 = '60b725f10c9c85c70d97880dfe8191b3';

export const STATS_VECTOR =
  '0b000056000000e9030000020b0667616d696e670b20363062373235663130633963383563373064393738383064666538313931623340000000004b4d1a00f85fd84900000000d6566c3fed0e0000680a3de3000000002a0000006320';
export const STATS: UserStats = {
  userId: 1001,
  action: { action: Action.Playing, infoText: 'gaming', beatmapMd5: MD5, mods: 64, mode: 0, beatmapId: 1723723 },
  rankedScore: 1238917112n,
  accuracy: Math.fround(0.9232),
  playCount: 3821,
  totalScore: 3812428392n,
  globalRank: 42,
  pp: 8291,
};

export const MATCH_VECTOR =
  '1a0000db00000007000100400000000b0570617274790b067365637265740b2843616d656c6c6961202d2045786974205468697320456172746827732041746f6d6f7370686572653c8400000b2036306237323566313063396338356337306439373838306466653831393162330408010101010101010101010101010101020000000000000000000000000000e90300002000000020000000000202014000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000040e20100';

export function vectorMatch(): Match {
  const slots: MatchSlot[] = Array.from({ length: 16 }, () => ({ status: SlotStatus.Open, team: SlotTeam.Neutral, userId: 0, mods: 0 }));
  slots[0] = { status: SlotStatus.NotReady, team: SlotTeam.Blue, userId: 1001, mods: 64 };
  slots[1] = { status: SlotStatus.Ready, team: SlotTeam.Red, userId: 32, mods: 16 };
  return {
    id: 7,
    inProgress: true,
    powerplay: 0,
    mods: 64,
    name: 'party',
    password: 'secret',
    beatmapName: "Camellia - Exit This Earth's Atomosphere",
    beatmapId: 33852,
    beatmapMd5: MD5,
    slots,
    hostId: 32,
    mode: 0,
    winCondition: 2,
    teamType: 2,
    freemod: true,
    seed: 123456,
  };
}

describe('§8.2 server vectors: encodeServer byte for byte, readServerPackets back', () => {
  const cases: Array<[string, () => Buffer, string, unknown]> = [
    ['5 login reply max id', () => encodeServer.USER_ID(2147483647), '05000004000000ffffff7f', 2147483647],
    ['5 login reply 0', () => encodeServer.USER_ID(0), '0500000400000000000000', 0],
    [
      '7 message',
      () => encodeServer.SEND_MESSAGE({ sender: 'cmyui', text: 'woah woah crazy!!', recipient: 'jacobian', senderId: 32 }),
      '070000280000000b05636d7975690b11776f616820776f6168206372617a7921210b086a61636f6269616e20000000',
      { sender: 'cmyui', text: 'woah woah crazy!!', recipient: 'jacobian', senderId: 32 },
    ],
    [
      '7 empty message',
      () => encodeServer.SEND_MESSAGE({ sender: '', text: '', recipient: '', senderId: 0 }),
      '0700000700000000000000000000',
      { sender: '', text: '', recipient: '', senderId: 0 },
    ],
    ['8 pong', () => encodeServer.PONG(), '08000000000000', null],
    ['11 stats', () => encodeServer.USER_STATS(STATS), STATS_VECTOR, STATS],
    ['12 logout', () => encodeServer.USER_LOGOUT(2147483647), '0c000005000000ffffff7f00', 2147483647],
    ['24 notification', () => encodeServer.NOTIFICATION('waowww'), '180000080000000b0677616f777777', 'waowww'],
    ['24 empty notification', () => encodeServer.NOTIFICATION(''), '1800000100000000', ''],
    [
      '48 score frame',
      () =>
        encodeServer.MATCH_SCORE_UPDATE({
          time: 38242, slotId: 28, count300: 320, count100: 48, count50: 2, countGeki: 32, countKatu: 8, countMiss: 3,
          totalScore: 492392, maxCombo: 122, currentCombo: 39, perfect: false, currentHp: 245, tagByte: 0, scoreV2: false,
        }),
      '3000001d000000629500001c400130000200200008000300688307007a00270000f50000',
      {
        time: 38242, slotId: 28, count300: 320, count100: 48, count50: 2, countGeki: 32, countKatu: 8, countMiss: 3,
        totalScore: 492392, maxCombo: 122, currentCombo: 39, perfect: false, currentHp: 245, tagByte: 0, scoreV2: false,
      },
    ],
    [
      '65 channel info',
      () => encodeServer.CHANNEL_INFO({ name: '#osu', topic: 'le topique', userCount: 123 }),
      '410000140000000b04236f73750b0a6c6520746f70697175657b00',
      { name: '#osu', topic: 'le topique', userCount: 123 },
    ],
    ['72 friends', () => encodeServer.FRIENDS_LIST([1, 4, 1001]), '4800000e00000003000100000004000000e9030000', [1, 4, 1001]],
    ['72 no friends', () => encodeServer.FRIENDS_LIST([]), '480000020000000000', []],
    [
      '76 main menu icon',
      () => encodeServer.MAIN_MENU_ICON('https://icon-url.ca/a.png|https://onclick-url.ca/a.png'),
      '4c0000380000000b3668747470733a2f2f69636f6e2d75726c2e63612f612e706e677c68747470733a2f2f6f6e636c69636b2d75726c2e63612f612e706e67',
      'https://icon-url.ca/a.png|https://onclick-url.ca/a.png',
    ],
    [
      '83 presence',
      () =>
        encodeServer.USER_PRESENCE({
          userId: 1001, username: 'cmyui', utcOffset: -5, countryIndex: 38, privileges: 31, mode: 0,
          longitude: Math.fround(43.768), latitude: Math.fround(-79.522), globalRank: 42,
        }),
      '5300001a000000e90300000b05636d79756913261f6f122f42440b9fc22a000000',
      {
        userId: 1001, username: 'cmyui', utcOffset: -5, countryIndex: 38, privileges: 31, mode: 0,
        longitude: Math.fround(43.768), latitude: Math.fround(-79.522), globalRank: 42,
      },
    ],
    ['89 channel info end', () => encodeServer.CHANNEL_INFO_END(), '59000000000000', null],
    [
      '100 DM blocked',
      () => encodeServer.USER_DM_BLOCKED({ sender: '', text: '', recipient: 'cover', senderId: 0 }),
      '6400000d00000000000b05636f76657200000000',
      { sender: '', text: '', recipient: 'cover', senderId: 0 },
    ],
    [
      '107 tournament server',
      () => encodeServer.SWITCH_TOURNAMENT_SERVER('61.91.139.24'),
      '6b00000e0000000b0c36312e39312e3133392e3234',
      '61.91.139.24',
    ],
    ['26 freemod match (members)', () => encodeServer.UPDATE_MATCH(vectorMatch()), MATCH_VECTOR, vectorMatch()],
    [
      'legacy bot presence',
      () =>
        encodeServer.USER_PRESENCE({
          userId: 999, username: 'Aika', utcOffset: 0, countryIndex: 0, privileges: 16, mode: 0, longitude: 0, latitude: 0, globalRank: 0,
        }),
      '53000019000000e70300000b0441696b61180010000000000000000000000000',
      { userId: 999, username: 'Aika', utcOffset: 0, countryIndex: 0, privileges: 16, mode: 0, longitude: 0, latitude: 0, globalRank: 0 },
    ],
  ];

  for (const [name, encode, expected, data] of cases) {
    test(name, () => {
      assert.equal(hex(encode()), expected);
      assert.deepEqual(decodeOneServer(expected).data, data);
    });
  }

  test('26 match, lobby variant hides the password as 0b00', () => {
    const lobby = MATCH_VECTOR.replace('0b06736563726574', '0b00').replace('1a0000db000000', '1a0000d5000000');
    assert.equal(hex(encodeServer.UPDATE_MATCH(vectorMatch(), { hidePassword: true })), lobby);
    const decoded = decodeOneServer(lobby).data as Match;
    assert.equal(decoded.password, '', 'present-but-empty survives as "", not null');
    const open = { ...vectorMatch(), password: null };
    const openBytes = encodeServer.UPDATE_MATCH(open, { hidePassword: true });
    assert.equal(hex(openBytes), lobby.replace('0b00', '00').replace('1a0000d5000000', '1a0000d4000000'));
    assert.equal((decodeOneServer(hex(openBytes)).data as Match).password, null);
  });

  test('legacy bot stats: acc bytes 17b7d1b8 decode and re-encode', () => {
    const v = '0b00002e000000e7030000000000000000000000000000000000000000000017b7d1b8000000000000000000000000000000000000';
    const p = decodeOneServer(v);
    assert.equal(p.name, 'USER_STATS');
    assert.equal(hex(encodeServer.USER_STATS(p.data as UserStats)), v);
  });

  test('11 stats with pp > 65535 moves pp into ranked score (bpy/legacy)', () => {
    const p = decodeOneServer(hex(encodeServer.USER_STATS({ ...STATS, pp: 70000 })));
    const data = p.data as UserStats;
    assert.equal(data.pp, 0);
    assert.equal(data.rankedScore, 70000n);
    assert.equal(data.totalScore, STATS.totalScore);
  });

  test("legacy's bot presence constant (2 bytes beyond its declared length): packet kept, trailing bytes reported", () => {
    const r = readServerPackets(bytes('53000019000000e70300000b0441696b61180010000000000000000000000000' + '0000'));
    assert.equal(r.packets.length, 1);
    assert.equal((r.packets[0]!.data as { username: string }).username, 'Aika');
    assert.ok(r.error);
    assert.equal(r.error.offset, 32);
  });

  test('i64 score fields at the fast-path and bigint-path boundaries', () => {
    const edges = [0n, -1n, 1n, 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 53n - 1n, -(2n ** 53n) + 1n, 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)];
    for (const v of edges) {
      const encoded = encodeServer.USER_STATS({ ...STATS, rankedScore: v, totalScore: -v - 1n >= -(2n ** 63n) ? -v - 1n : v });
      const want = Buffer.alloc(8);
      want.writeBigInt64LE(v);
      // ranked score sits right after user id (4) + action (1 + 8 + 34 + 4 + 1 + 4) = 56 bytes of payload
      assert.equal(encoded.subarray(7 + 56, 7 + 64).toString('hex'), want.toString('hex'), String(v));
      const back = decodeOneServer(encoded.toString('hex')).data as UserStats;
      assert.equal(back.rankedScore, v);
    }
  });

  test('fixed empty packets are encoded once and shared', () => {
    assert.equal(encodeServer.PONG(), encodeServer.PONG());
    assert.equal(encodeServer.CHANNEL_INFO_END(), encodeServer.CHANNEL_INFO_END());
  });
});

describe('§8.2 client vectors (osu-packet Client.Writer): readClientPackets, and encodeClient where bytes agree', () => {
  test('0 change action (0b00 empty md5 accepted)', () => {
    const p = decodeOneClient('0000000f000000020b01780b00800000000005000000');
    assert.equal(p.name, 'CHANGE_ACTION');
    const action = { action: 2, infoText: 'x', beatmapMd5: '', mods: 128, mode: 0, beatmapId: 5 };
    assert.deepEqual(p.data, action);
    // We write the empty md5 as the single 00 byte (all three servers do), so one byte shorter.
    assert.equal(hex(encodeClient.CHANGE_ACTION(action)), '0000000e000000' + '02' + '0b0178' + '00' + '80000000' + '00' + '05000000');
  });

  test('1 public message', () => {
    const p = decodeOneClient('010000130000000b000b0568656c6c6f0b04236f737500000000');
    const msg = { sender: '', text: 'hello', recipient: '#osu', senderId: 0 };
    assert.equal(p.name, 'SEND_PUBLIC_MESSAGE');
    assert.deepEqual(p.data, msg);
    // Our empty sender is the single 00 byte instead of osu-packet's 0b00.
    assert.equal(hex(encodeClient.SEND_PUBLIC_MESSAGE(msg)), '01000012000000' + '00' + '0b0568656c6c6f' + '0b04236f7375' + '00000000');
  });

  test('2 logout', () => {
    assert.deepEqual(decodeOneClient('0200000400000000000000').data, 0);
    assert.equal(hex(encodeClient.LOGOUT(0)), '0200000400000000000000');
  });

  test('4 ping', () => {
    const p = decodeOneClient('04000000000000');
    assert.equal(p.name, 'PING');
    assert.equal(p.data, null);
    assert.equal(hex(encodeClient.PING()), '04000000000000');
  });

  test('32 join match', () => {
    assert.deepEqual(decodeOneClient('2000000c000000070000000b06736563726574').data, { matchId: 7, password: 'secret' });
    assert.equal(hex(encodeClient.JOIN_MATCH({ matchId: 7, password: 'secret' })), '2000000c000000070000000b06736563726574');
  });

  test('85 stats request', () => {
    assert.deepEqual(decodeOneClient('5500000e0000000300010000000200000003000000').data, [1, 2, 3]);
    assert.equal(hex(encodeClient.USER_STATS_REQUEST([1, 2, 3])), '5500000e0000000300010000000200000003000000');
  });
});
