/**
 * What bancho handlers and use-cases are given. Handlers receive a `PacketContext` per request;
 * use-cases take the `BanchoDeps` they need. Nothing here knows which adapter backs a port.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/events.js';
import type { Leaderboards } from '../ports/leaderboards.js';
import type { PasswordHasher } from '../ports/passwords.js';
import type { LiveState, Session } from '../ports/state.js';
import type { Storage } from '../ports/storage.js';
import type { StaffAlerts } from '../ports/staff-alerts.js';
import type { SharedKeys } from '../ports/shared-keys.js';
import type { BeatmapStore } from '../ports/beatmap-store.js';
import type { Geolocator } from '../ports/geolocation.js';
import type { ComputePool } from '../../compute/pool.js';

export interface BanchoDeps {
  readonly config: Config;
  readonly storage: Storage;
  readonly state: LiveState;
  readonly leaderboards: Leaderboards;
  readonly events: EventBus;
  readonly passwords: PasswordHasher;
  readonly clock: Clock;
  readonly log: Logger;
  /** Staff alerts (Discord webhooks); enqueue only, never waits. */
  readonly alerts: StaffAlerts;
  /** Keys in Akatsuki's Redis namespace (pending renames …). */
  readonly sharedKeys: SharedKeys;
  /** Beatmap metadata and `.osu` files (server/beatmaps/). */
  readonly beatmaps: BeatmapStore;
  /** PP for the bot's map features (`/np`, `!with`); absent when this process runs no compute pool. */
  readonly ppCalculator?: Pick<ComputePool, 'calculateBatch'>;
  /** Country and coordinates at login and registration (absent: stored country, 0,0). */
  readonly geo?: Geolocator;
}

/** One client request being processed. */
export interface PacketContext {
  readonly deps: BanchoDeps;
  /** The requesting session as loaded at the start of the request (may be refreshed). */
  session: Session;
  /** Appends bytes to this response, ahead of the drained queue. */
  reply(data: Uint8Array): void;
  /** Stops processing the remaining packets of the body (LOGOUT). */
  stop(): void;
}
