/**
 * Property tests: for every packet in both directions, readX(encodeX(payload)) gives back the
 * payload, `payload` views the encoded bytes, and encoding is deterministic (re-encoding the
 * decoded value gives the same bytes). Multi-packet bodies round-trip in order.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ClientPacketName, ServerPacketName } from '../bancho/ids.js';
import { ClientPacketId, ServerPacketId } from '../bancho/ids.js';
import type { ClientPayloads, ServerPayloads } from '../bancho/payloads.js';
import { readClientPackets, readServerPackets } from '../bancho/reader.js';
import { concatPackets, encodeClientPacket, encodeServerPacket } from '../bancho/writer.js';
import type { Match } from '../bancho/types.js';
import { anyClientPacket, anyServerPacket, clientPayload, match, serverPayload } from './arbitraries.js';

const RUNS = 150;

/** Uint8Array payloads come back as Buffer views; compare bytes, not classes. */
function normalise(v: unknown): unknown {
  return v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v;
}

describe('client packets round-trip (encodeClient → readClientPackets)', () => {
  for (const name of Object.keys(clientPayload) as ClientPacketName[]) {
    test(name, () => {
      fc.assert(
        fc.property(clientPayload[name] as fc.Arbitrary<ClientPayloads[typeof name]>, (data) => {
          const bytes = encodeClientPacket(name, data);
          const r = readClientPackets(bytes);
          assert.equal(r.error, null);
          assert.equal(r.packets.length, 1);
          const p = r.packets[0]!;
          assert.equal(p.id, ClientPacketId[name]);
          assert.equal(p.name, name);
          assert.deepEqual(normalise(p.data), normalise(data));
          assert.deepEqual(Buffer.from(p.payload), bytes.subarray(7));
          assert.equal(bytes.readUInt32LE(3), bytes.length - 7);
          assert.deepEqual(encodeClientPacket(name, p.data as ClientPayloads[typeof name]), bytes);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('server packets round-trip (encodeServer → readServerPackets)', () => {
  for (const name of Object.keys(serverPayload) as ServerPacketName[]) {
    test(name, () => {
      fc.assert(
        fc.property(serverPayload[name] as fc.Arbitrary<ServerPayloads[typeof name]>, (data) => {
          const bytes = encodeServerPacket(name, data);
          const r = readServerPackets(bytes);
          assert.equal(r.error, null);
          assert.equal(r.packets.length, 1);
          const p = r.packets[0]!;
          assert.equal(p.id, ServerPacketId[name]);
          assert.equal(p.name, name);
          assert.deepEqual(normalise(p.data), normalise(data));
          assert.deepEqual(Buffer.from(p.payload), bytes.subarray(7));
          assert.equal(bytes.readUInt32LE(3), bytes.length - 7);
          assert.deepEqual(encodeServerPacket(name, p.data as ServerPayloads[typeof name]), bytes);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('structures', () => {
  test('hidden-password match decodes with password "" iff a password exists, everything else equal', () => {
    fc.assert(
      fc.property(match, (m) => {
        const r = readServerPackets(encodeServerPacket('UPDATE_MATCH', m, { hidePassword: true }));
        assert.equal(r.error, null);
        const got = r.packets[0]!.data as Match;
        assert.deepEqual(got, { ...m, password: m.password === null ? null : '' });
      }),
      { numRuns: RUNS },
    );
  });

  test('multi-packet client bodies decode in order with no error', () => {
    fc.assert(
      fc.property(fc.array(anyClientPacket, { maxLength: 12 }), (list) => {
        const body = concatPackets(list.map((p) => encodeClientPacket(p.name, p.data as never)));
        const r = readClientPackets(body);
        assert.equal(r.error, null);
        assert.deepEqual(
          r.packets.map((p) => [p.name, normalise(p.data)]),
          list.map((p) => [p.name, normalise(p.data)]),
        );
      }),
      { numRuns: RUNS },
    );
  });

  test('multi-packet server bodies decode in order with no error', () => {
    fc.assert(
      fc.property(fc.array(anyServerPacket, { maxLength: 12 }), (list) => {
        const body = concatPackets(list.map((p) => encodeServerPacket(p.name, p.data as never)));
        const r = readServerPackets(body);
        assert.equal(r.error, null);
        assert.deepEqual(
          r.packets.map((p) => [p.name, normalise(p.data)]),
          list.map((p) => [p.name, normalise(p.data)]),
        );
      }),
      { numRuns: RUNS },
    );
  });
});
