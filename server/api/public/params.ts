/**
 * Parameter rules shared by the routes. akatsuki-api reads `mode` and `rx` with a lenient atoi
 * (garbage → 0); Hayate answers a value that is present but outside its range with a clear 400
 * instead of an empty list, and keeps the lenient reading for absent or empty values.
 */
import type { VanillaMode } from '../../../protocol/osu/modes.js';
import type { Playstyle } from '../../../protocol/osu/modes.js';
import type { UserKey } from '../../ports/public-read-model.js';
import { PLAYSTYLE_OF_RX, type Rx } from './format.js';
import { goAtoi, type Query, safeUsername, simple, type ApiBody } from './request.js';

export class BadParam extends Error {
  constructor(readonly body: ApiBody) {
    super(body.message);
  }
}

export function modeParam(q: Query, name = 'mode'): VanillaMode {
  const raw = q.get(name);
  if (raw === '') return 0;
  const n = goAtoi(raw);
  if (n === undefined || n < 0 || n > 3) throw new BadParam(simple(400, `invalid ${name}: expected 0, 1, 2 or 3`));
  return n as VanillaMode;
}

export function rxParam(q: Query, name = 'rx'): Rx {
  const raw = q.get(name);
  if (raw === '') return 0;
  const n = goAtoi(raw);
  if (n === undefined || n < 0 || n > 2) throw new BadParam(simple(400, `invalid ${name}: expected 0 (vanilla), 1 (relax) or 2 (autopilot)`));
  return n as Rx;
}

export const playstyleOfRx = (rx: Rx): Playstyle => PLAYSTYLE_OF_RX[rx];

/** `whereClauseUser`: id=self | id=<int> | name=<name>; 400s as akatsuki-api words them. */
export function userKey(q: Query, selfId: number): UserKey {
  const id = q.get('id');
  if (id === 'self') return { id: selfId };
  if (id !== '') {
    const n = goAtoi(id);
    if (n === undefined) throw new BadParam(simple(400, 'please pass a valid user ID'));
    return { id: n };
  }
  if (q.get('name') !== '') return { safeName: safeUsername(q.get('name')) };
  throw new BadParam(simple(400, 'you need to pass either querystring parameters name or id'));
}
