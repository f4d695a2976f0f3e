/**
 * Bancho codec throughput, hayate vs npm osu-packet doing the same work, side by side in one run:
 *   1. decode a typical poll body: PING + CHANGE_ACTION + public message + USER_STATS_REQUEST(20 ids)
 *   2. encode a USER_PRESENCE + USER_STATS pair into one body (stats with 0 i64 fields, which
 *      osu-packet cannot write correctly otherwise)
 *   3. encode a 16-slot freemod match (UPDATE_MATCH)
 * Prints ops/s for each contender and the ratio hayate / osu-packet.
 *
 *   node dist/bench/codec.bench.js
 */
import Benchmark from 'benchmark';
import { readClientPackets } from '../protocol/bancho/reader.js';
import { concatPackets, encodeClient, encodeServer } from '../protocol/bancho/writer.js';
import type { Match, UserPresence, UserStats } from '../protocol/bancho/types.js';
import { SlotStatus } from '../protocol/bancho/types.js';
import { opMatch, opPresence, opStats, osuPacket } from '../protocol/test/osu-packet-compat.js';

const MD5 = '60b725f10c9c85c70d97880dfe8191b3';

const pollBody = concatPackets([
  encodeClient.PING(),
  encodeClient.CHANGE_ACTION({ action: 2, infoText: 'Camellia - Exit This Earth\'s Atomosphere [Evolution]', beatmapMd5: MD5, mods: 72, mode: 0, beatmapId: 1723723 }),
  encodeClient.SEND_PUBLIC_MESSAGE({ sender: '', text: 'anyone up for a multi lobby? 4* hd/hr', recipient: '#osu', senderId: 0 }),
  encodeClient.USER_STATS_REQUEST(Array.from({ length: 20 }, (_, i) => 1000 + i * 7)),
]);

const presence: UserPresence = {
  userId: 1001, username: 'cmyui', utcOffset: -5, countryIndex: 38, privileges: 5, mode: 0,
  longitude: 43.768, latitude: -79.522, globalRank: 42,
};
const stats: UserStats = {
  userId: 1001,
  action: { action: 2, infoText: 'Camellia - Exit This Earth\'s Atomosphere [Evolution]', beatmapMd5: MD5, mods: 72, mode: 0, beatmapId: 1723723 },
  rankedScore: 0n, accuracy: 0.9832, playCount: 3821, totalScore: 0n, globalRank: 42, pp: 8291,
};
const match: Match = {
  id: 7, inProgress: false, powerplay: 0, mods: 64, name: 'cmyui\'s game', password: 'secret',
  beatmapName: 'Camellia - Exit This Earth\'s Atomosphere [Evolution]', beatmapId: 1723723, beatmapMd5: MD5,
  slots: Array.from({ length: 16 }, (_, i) =>
    i < 12 ? { status: SlotStatus.NotReady, team: i % 2 ? 1 : 2, userId: 1000 + i, mods: 8 } : { status: SlotStatus.Open, team: 0, userId: 0, mods: 0 },
  ),
  hostId: 1000, mode: 0, winCondition: 3, teamType: 2, freemod: true, seed: 123456,
};

// osu-packet-shaped inputs, converted once outside the timed loops.
const opPresenceData = opPresence(presence);
const opStatsData = opStats(stats);
const opMatchData = opMatch(match);

// Same output check before timing: the contenders do the same work.
function sameBytes(a: Buffer, b: Buffer, what: string): void {
  if (!a.equals(b)) throw new Error(`${what}: hayate and osu-packet disagree`);
}
{
  const w = new osuPacket.Bancho.Writer() as unknown as { UserPresence(d: unknown): unknown; HandleOsuUpdate(d: unknown): unknown; toBuffer: Buffer };
  w.UserPresence(opPresenceData);
  w.HandleOsuUpdate(opStatsData);
  sameBytes(concatPackets([encodeServer.USER_PRESENCE(presence), encodeServer.USER_STATS(stats)]), w.toBuffer, 'presence+stats');
  const m = new osuPacket.Bancho.Writer() as unknown as { MatchUpdate(d: unknown): unknown; toBuffer: Buffer };
  m.MatchUpdate(opMatchData);
  sameBytes(encodeServer.UPDATE_MATCH(match), m.toBuffer, 'match');
  const theirs = new (osuPacket.Client.Reader as unknown as new (b: Buffer) => { Parse(): unknown[] })(pollBody).Parse();
  if (theirs.length !== 4 || readClientPackets(pollBody).packets.length !== 4) throw new Error('poll body: packet counts differ');
}

let sink = 0;

interface Row {
  scenario: string;
  hayate: number;
  osuPacket: number;
}
const rows: Row[] = [];

function compare(scenario: string, hayate: () => void, other: () => void): Promise<void> {
  return new Promise((resolve) => {
    const suite = new Benchmark.Suite(scenario);
    suite
      .add('hayate', hayate)
      .add('osu-packet', other)
      .on('cycle', (e: Benchmark.Event) => console.log(`  ${scenario}: ${String(e.target)}`))
      .on('complete', function (this: Benchmark.Suite) {
        const hz = (name: string) => (this.filter((b: Benchmark) => b.name === name) as unknown as Benchmark[])[0]!.hz;
        rows.push({ scenario, hayate: hz('hayate'), osuPacket: hz('osu-packet') });
        resolve();
      })
      .run({ async: false });
  });
}

await compare(
  'decode poll body (4 packets)',
  () => {
    sink += readClientPackets(pollBody).packets.length;
  },
  () => {
    const r = new (osuPacket.Client.Reader as unknown as new (b: Buffer) => { Parse(): unknown[] })(pollBody);
    sink += r.Parse().length;
  },
);

await compare(
  'encode USER_PRESENCE + USER_STATS',
  () => {
    sink += concatPackets([encodeServer.USER_PRESENCE(presence), encodeServer.USER_STATS(stats)]).length;
  },
  () => {
    const w = new osuPacket.Bancho.Writer() as unknown as { UserPresence(d: unknown): unknown; HandleOsuUpdate(d: unknown): unknown; toBuffer: Buffer };
    w.UserPresence(opPresenceData);
    w.HandleOsuUpdate(opStatsData);
    sink += w.toBuffer.length;
  },
);

await compare(
  'encode 16-slot freemod match',
  () => {
    sink += encodeServer.UPDATE_MATCH(match).length;
  },
  () => {
    const w = new osuPacket.Bancho.Writer() as unknown as { MatchUpdate(d: unknown): unknown; toBuffer: Buffer };
    w.MatchUpdate(opMatchData);
    sink += w.toBuffer.length;
  },
);

console.log('\nscenario                              hayate ops/s   osu-packet ops/s   ratio');
for (const r of rows) {
  console.log(
    `${r.scenario.padEnd(36)} ${Math.round(r.hayate).toLocaleString('en-US').padStart(14)} ${Math.round(r.osuPacket).toLocaleString('en-US').padStart(18)}   ${(r.hayate / r.osuPacket).toFixed(1)}x`,
  );
}
if (sink === 0) console.log('(sink)');
