/** The rank rule behind "a staff member cannot act on a user of equal or higher privileges". */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NORMAL_USER, Privileges as P } from '../../domain/privileges.js';
import { outranks, staffRank } from '../rank.js';

test('ranks follow the strongest staff role, not the numeric value of the bits', () => {
  const owner = NORMAL_USER | P.AdminCaker;
  const developer = NORMAL_USER | P.AdminManagePrivileges;
  const banMod = NORMAL_USER | P.AdminManageBans;
  const chatMod = NORMAL_USER | P.AdminChatMod | P.AdminSilenceUsers;
  const bn = NORMAL_USER | P.AdminManageBeatmaps | P.Donator | P.AkatsukiPlus;
  const supporter = NORMAL_USER | P.Donator | P.AkatsukiPlus;
  assert.deepEqual([owner, developer, banMod, chatMod, bn, supporter, NORMAL_USER, 0].map(staffRank), [5, 4, 3, 2, 1, 0, 0, 0]);
  // AdminManageNominators (bit 25) is numerically above AdminCaker (bit 22) but not stronger.
  assert.ok(outranks(owner, NORMAL_USER | P.AdminManageNominators));
  assert.ok(!outranks(NORMAL_USER | P.AdminManageNominators, owner));
  assert.ok(outranks(chatMod, bn));
  assert.ok(outranks(chatMod, supporter), 'supporter status is not rank');
  assert.ok(!outranks(chatMod, chatMod), 'equal rank is refused');
  assert.ok(!outranks(chatMod, banMod));
  assert.ok(!outranks(NORMAL_USER, NORMAL_USER), 'players act on nobody');
  assert.ok(outranks(null, owner), 'the operator (CLI, API, automatic rules) has no limit');
});
