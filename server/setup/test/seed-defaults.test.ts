/** seedDefaults: bot, channels and settings created once, operator changes never overwritten. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStorage } from '../../adapters/storage/open-storage.js';
import type { Storage } from '../../ports/storage.js';
import { DEFAULT_CHANNELS, seedDefaults } from '../seed-defaults.js';

describe('seedDefaults', () => {
  let dir: string;
  let storage: Storage;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hayate-seed-'));
    storage = await openStorage({ databaseUrl: undefined, dataDir: dir });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('first run creates the bot, channels and settings', async () => {
    const r = await seedDefaults(storage, { botUserId: 999, botName: 'Aika' });
    assert.equal(r.botCreated, true);
    assert.deepEqual(r.channelsCreated, ['#osu', '#announce', '#lobby', '#plus', '#staff', '#devlog']);
    assert.deepEqual(r.settingsCreated.sort(), ['bancho_maintenance', 'free_direct', 'login_notification']);
    const bot = await storage.users.findById(999);
    assert.equal(bot?.username, 'Aika');
    assert.equal(bot?.privileges, 3);
    assert.equal(bot?.country, 'XX');
    assert.equal((await storage.stats.getAllModes(999)).length, 8);
    const announce = await storage.channels.findByName('#announce');
    assert.equal(announce?.publicRead, true);
    assert.equal(announce?.publicWrite, false);
    assert.equal(await storage.settings.getInt('bancho_maintenance'), 0);
    // The next registered user gets an id after the bot's.
    const next = await storage.users.create({ username: 'First', email: 'first@example.com', passwordHash: 'x', privileges: 3 });
    assert.ok(next > 999);
  });

  test('second run creates nothing and keeps operator changes', async () => {
    await storage.settings.set('bancho_maintenance', 1, 'down for upgrade');
    await storage.users.rename(999, 'RenamedBot', 'renamedbot');
    const r = await seedDefaults(storage, { botUserId: 999, botName: 'Aika' });
    assert.deepEqual(r, { botCreated: false, channelsCreated: [], settingsCreated: [] });
    assert.equal(await storage.settings.getInt('bancho_maintenance'), 1);
    assert.equal((await storage.users.findById(999))?.username, 'RenamedBot');
    assert.equal((await storage.channels.list()).length, DEFAULT_CHANNELS.length);
  });
});
