/**
 * `GET /web/lastfm.php?us&ha&b=…` (score-and-web.md §1.4). The client hides its anticheat flags in
 * `b` as `a<int>`; those are written to `lastfm_flags` with one explanation line per set bit (ours;
 * score-service skips the highest bit unless a lower one is set, we explain all). Every answer is
 * `-3`, as the client expects.
 */
import type { BanchoDeps } from '../../bancho/context.js';
import type { HttpRouter } from '../../http/types.js';
import { plain, withParams } from '../support/answers.js';
import { BadParam, badParamAnswer, Query } from '../support/query.js';
import { authenticateWeb, UNAUTHORIZED } from '../web-auth.js';

/** What each bit means (§1.4), for the staff reading `lastfm_flags.flag_text`. */
const FLAG_MEANING: Readonly<Record<number, string>> = {
  [1 << 1]: 'speed changed (timewarp or speedhack); audio drifted from the expected position',
  [1 << 2]: 'mod value did not match the enabled mods (possible mod remover); often harmless',
  [1 << 3]: 'more than one osu! client running',
  [1 << 4]: 'score memory checksum failed (memory edited)',
  [1 << 5]: 'flashlight checksum failed',
  [1 << 8]: 'flashlight remover detected',
  [1 << 9]: 'spinner hack detected',
  [1 << 10]: 'a transparent window was drawn over the client',
  [1 << 11]: 'mania key presses consistently too fast to be human',
  [1 << 12]: 'raw mouse input disagrees with what the game received',
  [1 << 13]: 'raw keyboard input disagrees with what the game received',
  [1 << 14]: 'LD flag present',
  [1 << 15]: 'a debugger or console is attached to osu!',
  [1 << 16]: 'a foreign thread runs inside osu!',
  [1 << 17]: 'HQOsu assembly loaded',
  [1 << 18]: 'HQOsu files present',
  [1 << 19]: 'HQOsu Relife registry traces (multi-account tool, maybe used in the past)',
  [1 << 20]: 'old AQN library sql2lib present',
  [1 << 21]: 'old AQN library libeay32.dll present',
  [1 << 22]: 'old AQN menu sound present',
};

export function explainFlags(flags: number): string {
  const lines: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    const v = 2 ** bit;
    if (Math.floor(flags / v) % 2 === 1) lines.push(FLAG_MEANING[v] ?? `undocumented flag bit ${bit} (${v})`);
  }
  return lines.join('\n');
}

export function mountLastfm(router: HttpRouter, deps: BanchoDeps): void {
  router.route('get', '/web/lastfm.php', async (req) => {
    const p = withParams(() => {
      const q = new Query(req.query);
      return { name: q.string('us'), md5: q.string('ha'), b: q.string('b') };
    });
    if (!p.ok) return p.answer;
    const user = await authenticateWeb(deps, p.value.name, p.value.md5);
    if (!user) return UNAUTHORIZED;
    if (!p.value.b.startsWith('a')) return plain('-3');
    const raw = p.value.b.slice(1);
    if (!/^\d{1,10}$/.test(raw) || Number(raw) > 0xffffffff) {
      return badParamAnswer(new BadParam('b', 'flags after "a" must be a non-negative 32-bit integer'));
    }
    const flags = Number(raw);
    const text = explainFlags(flags);
    await deps.storage.webRecords.addLastfmFlag(user.id, Math.floor(deps.clock.now() / 1000), flags | 0, text.slice(0, 512));
    deps.log.info('client anticheat flags', { userId: user.id, flags });
    return plain('-3');
  });
}
