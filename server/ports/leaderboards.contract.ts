/**
 * The Leaderboards contract, run against both adapters
 * (server/adapters/leaderboards/test/{memory,redis}.test.ts).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Leaderboards } from './leaderboards.js';
import { leaderboardKey } from './leaderboards.js';

export interface LeaderboardsFactory {
  create(): Promise<Leaderboards & { close(): Promise<void> }>;
}

export function leaderboardsContract(adapter: string, factory: LeaderboardsFactory): void {
  describe(`Leaderboards contract: ${adapter}`, () => {
    let boards: Leaderboards & { close(): Promise<void> };
    before(async () => {
      boards = await factory.create();
    });
    after(async () => {
      await boards.close();
    });

    test('key names are exactly Akatsuki’s', () => {
      assert.equal(leaderboardKey({ playstyle: 'vanilla', mode: 0 }), 'ripple:leaderboard:std');
      assert.equal(leaderboardKey({ playstyle: 'relax', mode: 1, country: 'CA' }), 'ripple:relaxboard:taiko:ca');
      assert.equal(leaderboardKey({ playstyle: 'autopilot', mode: 2 }), 'ripple:autoboard:ctb');
      assert.equal(leaderboardKey({ playstyle: 'vanilla', mode: 3, country: 'jp' }), 'ripple:leaderboard:mania:jp');
    });

    test('rank is 1-based, #1 is 1, absent is 0; set overwrites; top and size', async () => {
      const std = { playstyle: 'vanilla', mode: 0 } as const;
      await boards.set('vanilla', 0, 'CA', 1, 500);
      await boards.set('vanilla', 0, 'CA', 2, 900.5);
      await boards.set('vanilla', 0, 'US', 3, 700);
      assert.equal(await boards.rank(std, 2), 1);
      assert.equal(await boards.rank(std, 3), 2);
      assert.equal(await boards.rank(std, 1), 3);
      assert.equal(await boards.rank(std, 4), 0);
      assert.equal(await boards.rank({ ...std, country: 'CA' }, 1), 2);
      assert.equal(await boards.rank({ ...std, country: 'US' }, 3), 1);
      assert.equal(await boards.rank({ ...std, country: 'US' }, 1), 0);
      await boards.set('vanilla', 0, 'CA', 1, 1000);
      assert.equal(await boards.rank(std, 1), 1);
      assert.deepEqual(await boards.top(std, 0, 10), [
        { userId: 1, pp: 1000 },
        { userId: 2, pp: 900.5 },
        { userId: 3, pp: 700 },
      ]);
      assert.deepEqual(await boards.top(std, 1, 1), [{ userId: 2, pp: 900.5 }]);
      assert.deepEqual(await boards.top(std, 5, 10), []);
      assert.equal(await boards.size(std), 3);
      assert.equal(await boards.size({ ...std, country: 'CA' }), 2);
      assert.equal(await boards.size({ playstyle: 'relax', mode: 0 }), 0);
      await boards.remove('vanilla', 0, 'CA', 1);
      assert.equal(await boards.rank(std, 1), 0);
      assert.equal(await boards.rank({ ...std, country: 'CA' }, 1), 0);
      assert.equal(await boards.size(std), 2);
    });

    test('ties rank like Redis ZREVRANK (member string descending)', async () => {
      const b = { playstyle: 'relax', mode: 3 } as const;
      for (const id of [1, 2, 10, 9, 100]) await boards.set('relax', 3, 'XX', id, 42);
      await boards.set('relax', 3, 'XX', 5, 43);
      const order = (await boards.top(b, 0, 10)).map((e) => e.userId);
      // "9" > "2" > "100" > "10" > "1" bytewise.
      assert.deepEqual(order, [5, 9, 2, 100, 10, 1]);
      for (const [i, id] of order.entries()) assert.equal(await boards.rank(b, id), i + 1);
    });

    test('a non-finite pp is refused and stores nothing', async () => {
      await assert.rejects(boards.set('vanilla', 1, 'FR', 999, Number.NaN), RangeError);
      assert.equal(await boards.rank({ playstyle: 'vanilla', mode: 1 }, 999), 0);
      assert.equal(await boards.size({ playstyle: 'vanilla', mode: 1, country: 'FR' }), 0);
    });

    test('XX has no country board; removeEverywhere clears 3 × 4 boards and country variants', async () => {
      await boards.set('autopilot', 2, 'XX', 77, 10);
      assert.equal(await boards.size({ playstyle: 'autopilot', mode: 2, country: 'XX' }), 0);
      assert.equal(await boards.rank({ playstyle: 'autopilot', mode: 2 }, 77), 1);
      for (const p of ['vanilla', 'relax', 'autopilot'] as const) {
        for (const m of [0, 1, 2, 3] as const) await boards.set(p, m, 'BR', 88, 100 + m);
      }
      await boards.set('vanilla', 0, 'BR', 89, 5);
      await boards.removeEverywhere(88, 'BR');
      for (const p of ['vanilla', 'relax', 'autopilot'] as const) {
        for (const m of [0, 1, 2, 3] as const) {
          assert.equal(await boards.rank({ playstyle: p, mode: m }, 88), 0);
          assert.equal(await boards.rank({ playstyle: p, mode: m, country: 'BR' }, 88), 0);
        }
      }
      assert.equal(await boards.rank({ playstyle: 'vanilla', mode: 0, country: 'BR' }, 89), 1);
    });
  });
}
