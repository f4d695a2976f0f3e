/** `GET /` on the bancho host: a short human-readable status line (§1.1). */
import type { HttpRouter } from '../http/types.js';
import { text } from '../http/types.js';
import type { BanchoDeps } from './context.js';

export function mountStatusPage(router: HttpRouter, deps: BanchoDeps): void {
  router.route(
    'get',
    '/',
    async () => {
      const online = (await deps.state.onlineUserIds()).length;
      return text(200, `${deps.config.serverName} bancho is running.\nPlayers online: ${online}\n`);
    },
    { headers: [] },
  );
}
