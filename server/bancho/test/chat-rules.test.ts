/** The pure rules behind chat and login, checked directly (no server). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canRead, canWrite, autoJoinNames, readersFilter } from '../chat/channel-access.js';
import { channelKeyFor, displayNameOf, multiplayerChannelKey, spectatorChannelKey } from '../chat/channel-names.js';
import { normaliseText, MAX_MESSAGE_LENGTH } from '../chat/message-text.js';
import { isClientTooOld } from '../login/client-age.js';
import { isKnownGood, rememberGood } from '../login/verified-hash-cache.js';
import { NORMAL_USER, Privileges } from '../../domain/privileges.js';
import type { ChannelRow } from '../../ports/storage.js';
import { parseOsuVersion } from '../../../protocol/bancho/version.js';

const row = (name: string, publicRead: boolean, publicWrite: boolean): ChannelRow => ({ id: 1, name, description: '', publicRead, publicWrite, status: 1, temp: false, hidden: false });

describe('channel access (§5.2, by name)', () => {
  const player = NORMAL_USER;
  const donor = NORMAL_USER | Privileges.Donator;
  const mod = NORMAL_USER | Privileges.AdminChatMod;
  const dev = NORMAL_USER | Privileges.AdminManagePrivileges;
  const admin = NORMAL_USER | Privileges.AdminCaker;
  test('public channels follow their flags; admins bypass; mods write read-only channels', () => {
    assert.ok(canRead(row('#osu', true, true), player) && canWrite(row('#osu', true, true), player));
    assert.ok(canRead(row('#announce', true, false), player) && !canWrite(row('#announce', true, false), player));
    assert.ok(canWrite(row('#announce', true, false), mod));
    assert.ok(!canRead(row('#secret', false, false), player) && canRead(row('#secret', false, false), admin));
  });
  test('#plus, #staff, #devlog are gated by privilege whatever their flags', () => {
    assert.ok(!canRead(row('#plus', true, true), player) && canRead(row('#plus', false, false), donor) && canWrite(row('#plus', false, false), donor));
    assert.ok(!canRead(row('#staff', true, true), donor) && canRead(row('#staff', false, false), mod));
    assert.ok(!canRead(row('#devlog', true, true), mod) && canRead(row('#devlog', false, false), dev));
    assert.equal(readersFilter(row('#osu', true, true)), undefined);
    assert.notEqual((readersFilter(row('#staff', false, false))! & Privileges.AdminChatMod), 0);
  });
  test('server-side joins at login', () => {
    assert.deepEqual(autoJoinNames(player), ['#osu', '#announce']);
    assert.deepEqual(autoJoinNames(donor | Privileges.AdminChatMod | Privileges.AdminManagePrivileges), ['#osu', '#announce', '#plus', '#staff', '#devlog']);
  });
});

describe('channel names (§4.2)', () => {
  const session = { token: 'tok-me', spectating: null as string | null, matchId: null as number | null };
  test('#spectator means the watched group, else one’s own; #multiplayer needs a match', () => {
    assert.equal(channelKeyFor(session, '#spectator'), spectatorChannelKey('tok-me'));
    assert.equal(channelKeyFor({ ...session, spectating: 'tok-host' }, '#spectator'), '#spectator_tok-host');
    assert.equal(channelKeyFor(session, '#multiplayer'), null);
    assert.equal(channelKeyFor({ ...session, matchId: 7 }, '#multiplayer'), multiplayerChannelKey(7));
    assert.equal(channelKeyFor(session, '#osu'), '#osu');
    assert.equal(channelKeyFor(session, '#multiplayer_7'), null, 'internal keys are not addressable');
    assert.equal(displayNameOf('#multiplayer_7'), '#multiplayer');
    assert.equal(displayNameOf('#spectator_x'), '#spectator');
    assert.equal(displayNameOf('#osu'), '#osu');
  });
});

describe('message text', () => {
  test('trimmed; cut at 2000 with the suffix', () => {
    assert.deepEqual(normaliseText('  hi  '), { text: 'hi', truncated: false });
    const long = normaliseText('y'.repeat(MAX_MESSAGE_LENGTH + 1));
    assert.equal(long.truncated, true);
    assert.equal(long.text, 'y'.repeat(MAX_MESSAGE_LENGTH) + '... (truncated)');
    assert.deepEqual(normaliseText('z'.repeat(MAX_MESSAGE_LENGTH)), { text: 'z'.repeat(MAX_MESSAGE_LENGTH), truncated: false });
  });
});

describe('client age', () => {
  const now = Date.UTC(2026, 10, 21);
  test('stable builds live 24 months, cutting-edge 12', () => {
    assert.equal(isClientTooOld(parseOsuVersion('b20241122'), now), false);
    assert.equal(isClientTooOld(parseOsuVersion('b20241120'), now), true);
    assert.equal(isClientTooOld(parseOsuVersion('b20251122cuttingedge'), now), false);
    assert.equal(isClientTooOld(parseOsuVersion('b20251120cuttingedge'), now), true);
    assert.equal(isClientTooOld(parseOsuVersion('b20250101.2tourney'), now), false);
  });
});

describe('verified-hash cache', () => {
  test('remembers a (user, md5) pair only for the hash it was verified against', () => {
    rememberGood(424242, 'a'.repeat(32), '$2b$04$hashone');
    assert.equal(isKnownGood(424242, 'a'.repeat(32), '$2b$04$hashone'), true);
    assert.equal(isKnownGood(424242, 'a'.repeat(32), '$2b$04$hashtwo'), false);
    assert.equal(isKnownGood(424242, 'b'.repeat(32), '$2b$04$hashone'), false);
    assert.equal(isKnownGood(424243, 'a'.repeat(32), '$2b$04$hashone'), false);
  });
});
