/**
 * The pure multiplayer rules (server/bancho/multiplayer/match-rules.ts), without I/O: every rule
 * is what runs inside `state.updateMatch`, so these pin the §4.4 behaviour and the choices we made
 * where the references disagree.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Mods } from '../../../protocol/osu/mods.js';
import { SlotStatus, SlotTeam } from '../../../protocol/bancho/types.js';
import type { Match } from '../../../protocol/bancho/types.js';
import type { MatchState } from '../../ports/state.js';
import { emptySlot, toWireMatch } from '../multiplayer/match-state.js';
import {
  abortGame,
  changeMods,
  changeSettings,
  changeSlot,
  loadComplete,
  MatchRefusal,
  playerComplete,
  removePlayer,
  seatPlayer,
  setOwnStatus,
  skipRequest,
  startGame,
  toggleLock,
  transferHost,
  invalidMatchRequest,
} from '../multiplayer/match-rules.js';
import type { MatchChange, RuleOutcome } from '../multiplayer/match-rules.js';

function baseMatch(): MatchState {
  const slots = Array.from({ length: 16 }, () => emptySlot());
  slots[0] = { ...emptySlot(SlotStatus.NotReady), userId: 10, token: 'host' };
  return {
    id: 1,
    dbId: 100,
    name: 'room',
    password: null,
    privateHistory: false,
    inProgress: false,
    mods: 0,
    beatmapName: 'Artist - Title [Diff]',
    beatmapId: 5,
    beatmapMd5: 'a'.repeat(32),
    previousBeatmapId: 5,
    hostId: 10,
    mode: 0,
    winCondition: 0,
    teamType: 0,
    freemod: false,
    seed: 0,
    slots,
    refereeIds: [],
    currentGameId: null,
    createdAt: 0,
  };
}

function ok<R>(r: RuleOutcome<R>): MatchChange<R> & { state: MatchState } {
  if (r instanceof MatchRefusal) assert.fail(`refused: ${r.reason}`);
  if (r.state === 'delete') assert.fail('unexpected delete');
  return r as MatchChange<R> & { state: MatchState };
}

const req = (m: MatchState, patch: Partial<Match>): Match => ({ ...toWireMatch(m), ...patch });

describe('multiplayer rules', () => {
  test('seating takes the first Open slot, evicts a ghost of the same user, refuses when full', () => {
    let m = baseMatch();
    m.slots[1]!.status = SlotStatus.Locked;
    const a = ok(seatPlayer(m, 20, 'p2'));
    assert.equal(a.result.slotIndex, 2);
    m = a.state;
    const ghost = ok(seatPlayer(m, 20, 'p2-new'));
    assert.deepEqual(ghost.result.evictedTokens, ['p2']);
    assert.equal(ghost.state.slots[2]!.token, 'p2-new');
    const full = baseMatch();
    for (let i = 1; i < 16; i++) full.slots[i]!.status = SlotStatus.Locked;
    assert.ok(seatPlayer(full, 30, 'x') instanceof MatchRefusal);
  });

  test('the host leaving passes the host to the first occupied slot; the last one out disposes', () => {
    const m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    const left = ok(removePlayer(m, 'host'));
    assert.deepEqual(left.result.newHost, { userId: 20, token: 'p2' });
    assert.equal(left.state.hostId, 20);
    const last = removePlayer(left.state, 'p2');
    assert.ok(!(last instanceof MatchRefusal) && last.state === 'delete' && last.result.disposed);
  });

  test('slot changes only go into Open slots', () => {
    const m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    assert.ok(changeSlot(m, 'p2', 0) instanceof MatchRefusal, 'occupied slot');
    m.slots[5]!.status = SlotStatus.Locked;
    assert.ok(changeSlot(m, 'p2', 5) instanceof MatchRefusal, 'locked slot');
    const moved = ok(changeSlot(m, 'p2', 9));
    assert.equal(moved.state.slots[9]!.userId, 20);
    assert.equal(moved.state.slots[1]!.status, SlotStatus.Open);
  });

  test('locking an occupied slot kicks the occupant; the host slot and own slot are never locked', () => {
    const m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    assert.ok(toggleLock(m, 10, 0) instanceof MatchRefusal);
    assert.ok(toggleLock(m, 20, 3) instanceof MatchRefusal, 'not host');
    const locked = ok(toggleLock(m, 10, 1));
    assert.equal(locked.result.kicked?.token, 'p2');
    assert.equal(locked.state.slots[1]!.status, SlotStatus.Locked);
    const unlocked = ok(toggleLock(locked.state, 10, 1));
    assert.equal(unlocked.state.slots[1]!.status, SlotStatus.Open);
  });

  test('freemod on splits mods into speed (match) and the rest (slots); off takes the host slot mods', () => {
    let m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    m.mods = Mods.DoubleTime | Mods.Hidden;
    m = ok(changeSettings(m, 10, req(m, { freemod: true }), undefined)).state;
    assert.equal(m.mods, Mods.DoubleTime);
    assert.equal(m.slots[0]!.mods, Mods.Hidden);
    assert.equal(m.slots[1]!.mods, Mods.Hidden);
    m = ok(changeMods(m, 20, 'p2', Mods.HardRock | Mods.HalfTime)).state;
    assert.equal(m.slots[1]!.mods, Mods.HardRock, 'a non-host keeps only their own non-speed mods');
    assert.equal(m.mods, Mods.DoubleTime, 'a non-host cannot change the speed mods');
    m = ok(changeMods(m, 10, 'host', Mods.Flashlight | Mods.HalfTime)).state;
    assert.equal(m.mods, Mods.HalfTime);
    m = ok(changeSettings(m, 10, req(m, { freemod: false }), undefined)).state;
    assert.equal(m.mods, Mods.HalfTime | Mods.Flashlight);
    assert.ok(m.slots.every((s) => s.mods === 0));
    assert.ok(changeMods(m, 20, 'p2', Mods.Easy) instanceof MatchRefusal);
  });

  test('a map change unreadies Ready players; a team-type change resets teams', () => {
    let m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    m = ok(setOwnStatus(m, 'p2', SlotStatus.Ready)).state;
    const picking = ok(changeSettings(m, 10, req(m, { beatmapId: -1, beatmapMd5: '', beatmapName: '' }), undefined));
    assert.equal(picking.state.slots[1]!.status, SlotStatus.NotReady);
    assert.equal(picking.state.previousBeatmapId, 5);
    m = ok(setOwnStatus(picking.state, 'p2', SlotStatus.Ready)).state;
    const picked = ok(changeSettings(m, 10, req(m, { beatmapId: 7, beatmapMd5: 'b'.repeat(32), beatmapName: 'X' }), undefined));
    assert.equal(picked.state.slots[1]!.status, SlotStatus.NotReady);
    assert.deepEqual(picked.result.newMap, { beatmapId: 7, name: 'X' });
    const teams = ok(changeSettings(picked.state, 10, req(picked.state, { teamType: 2 }), undefined));
    assert.ok(teams.result.teamsReset);
    assert.equal(teams.state.slots[0]!.team, SlotTeam.Red);
    assert.equal(teams.state.slots[1]!.team, SlotTeam.Red);
    assert.ok(changeSettings(m, 20, req(m, { name: 'mine' }), undefined) instanceof MatchRefusal, 'only the host');
  });

  test('a game: NoMap players sit out, 53 once when all loaded, 61 once when all skipped, ends when nobody plays', () => {
    let m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    m = ok(seatPlayer(m, 30, 'p3')).state;
    m = ok(setOwnStatus(m, 'p3', SlotStatus.NoMap)).state;
    const started = ok(startGame(m, 10));
    assert.deepEqual(started.result.playing.map((p) => p.token), ['host', 'p2']);
    m = started.state;
    assert.equal(m.slots[2]!.status, SlotStatus.NoMap);
    const l1 = ok(loadComplete(m, 'host'));
    assert.equal(l1.result.progress.allLoaded, false);
    const l2 = ok(loadComplete(l1.state, 'p2'));
    assert.equal(l2.result.progress.allLoaded, true);
    const again = ok(loadComplete(l2.state, 'p2'));
    assert.equal(again.result.progress.allLoaded, false, 'the transition fires once');
    const s1 = ok(skipRequest(l2.state, 'p2'));
    assert.equal(s1.result.slotIndex, 1);
    assert.equal(s1.result.progress.allSkipped, false);
    const s2 = ok(skipRequest(s1.state, 'host'));
    assert.equal(s2.result.progress.allSkipped, true);
    const c1 = ok(playerComplete(s2.state, 'host'));
    assert.equal(c1.result.progress.finished, false);
    assert.equal(c1.state.slots[0]!.status, SlotStatus.Complete);
    const c2 = ok(playerComplete(c1.state, 'p2'));
    assert.equal(c2.result.progress.finished, true);
    assert.deepEqual(c2.result.progress.finishedTokens.sort(), ['host', 'p2']);
    assert.equal(c2.state.inProgress, false);
    assert.equal(c2.state.slots[0]!.status, SlotStatus.NotReady);
    assert.ok(c2.state.slots.every((s) => !s.loaded && !s.skipped && !s.completed));
  });

  test('the last unfinished player leaving ends the game; abort resets Playing slots', () => {
    let m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    m = ok(startGame(m, 10)).state;
    m = ok(playerComplete(m, 'host')).state;
    const left = ok(removePlayer(m, 'p2'));
    assert.equal(left.result.progress.finished, true);
    assert.equal(left.state.inProgress, false);
    const again = ok(startGame(ok(seatPlayer(left.state, 20, 'p2')).state, 10));
    const aborted = ok(abortGame(again.state));
    assert.deepEqual(aborted.result.tokens.sort(), ['host', 'p2']);
    assert.ok(aborted.state.slots.every((s) => s.status !== SlotStatus.Playing));
  });

  test('host transfer needs a player in the slot; referees may operate', () => {
    const m = ok(seatPlayer(baseMatch(), 20, 'p2')).state;
    assert.ok(transferHost(m, 10, 7) instanceof MatchRefusal);
    assert.ok(transferHost(m, 20, 0) instanceof MatchRefusal);
    m.refereeIds.push(99);
    const t = ok(transferHost(m, 99, 1));
    assert.equal(t.state.hostId, 20);
  });

  test('client-supplied match fields are checked before anything is stored', () => {
    const m = baseMatch();
    assert.equal(invalidMatchRequest(req(m, {})), null);
    assert.match(invalidMatchRequest(req(m, { name: '   ' }))!, /names/);
    assert.match(invalidMatchRequest(req(m, { name: 'x'.repeat(51) }))!, /names/);
    assert.match(invalidMatchRequest(req(m, { teamType: 9 }))!, /team/);
    assert.match(invalidMatchRequest(req(m, { winCondition: -1 }))!, /win/);
    assert.match(invalidMatchRequest(req(m, { mode: 4 }))!, /mode/);
    assert.match(invalidMatchRequest(req(m, { beatmapMd5: 'not-a-checksum' }))!, /checksum/);
    assert.ok(changeSettings(m, 10, req(m, { teamType: 7 }), undefined) instanceof MatchRefusal);
    const allBits = ok(changeMods(m, 10, 'host', 0xffffffff)).state.mods;
    assert.equal(allBits, 0x7fffffff & ~Mods.Autopilot, 'undefined bits dropped (signed history column), RX wins over AP');
  });
});
