import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PoisonMessageError } from '../../ports/queue.js';
import { decodeScoreJob, decodeUserJob, encodeJob, scoreUnit, userUnit } from '../messages.js';

const MD5 = '0123456789abcdef0123456789abcdef';

describe('recalc job messages', () => {
  test('round trip', () => {
    const s = { v: 1, kind: 'scores', job: 'j1', playstyle: 'relax', md5: MD5, filter: { mode: 0, userId: 7, modsAll: 64 }, calculator: 'rosu-3.1' } as const;
    assert.deepEqual(decodeScoreJob(encodeJob(s)), s);
    const u = { v: 1, kind: 'user', job: 'j1', playstyle: 'autopilot', userId: 9, mode: 0 } as const;
    assert.deepEqual(decodeUserJob(encodeJob(u)), u);
    assert.equal(scoreUnit(s), `relax:${MD5}`);
    assert.equal(userUnit(u), 'autopilot:9:0');
  });

  test('malformed bodies are poison (dead-lettered with the reason, never retried)', () => {
    const bad: Array<[string, RegExp]> = [
      ['not json', /not JSON/],
      ['[1]', /not an object/],
      [JSON.stringify({ v: 2, kind: 'scores' }), /version/],
      [JSON.stringify({ v: 1, kind: 'scores', job: 'j', playstyle: 'nope', md5: MD5 }), /playstyle/],
      [JSON.stringify({ v: 1, kind: 'scores', job: 'j', playstyle: 'vanilla', md5: 'x' }), /md5/],
      [JSON.stringify({ v: 1, kind: 'scores', job: 'j', playstyle: 'vanilla', md5: MD5, filter: { mode: 5 } }), /filter.mode/],
      [JSON.stringify({ v: 1, kind: 'scores', job: 'j', playstyle: 'vanilla', md5: MD5, calculator: 'pp-2077' }), /calculator/],
      [JSON.stringify({ v: 1, kind: 'user', job: 'j', playstyle: 'vanilla', md5: MD5 }), /not a scores job/],
    ];
    for (const [body, re] of bad) assert.throws(() => decodeScoreJob(Buffer.from(body)), (e: unknown) => e instanceof PoisonMessageError && re.test(e.message), body);
    assert.throws(() => decodeUserJob(Buffer.from(JSON.stringify({ v: 1, kind: 'user', job: 'j', playstyle: 'vanilla', userId: -1, mode: 0 }))), PoisonMessageError);
    assert.throws(() => decodeUserJob(Buffer.from(JSON.stringify({ v: 1, kind: 'user', job: 'j', playstyle: 'vanilla', userId: 1, mode: 4 }))), PoisonMessageError);
  });
});
