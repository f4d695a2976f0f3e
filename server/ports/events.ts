/**
 * Cluster events: the `peppy:*` pub/sub channels Akatsuki's other services publish and listen to
 * (shared/spec/bancho-protocol.md §5.5, exact names and payloads). In-process emitter in the
 * embedded mode, Redis pub/sub in production.
 */
export const PeppyChannel = {
  ban: 'peppy:ban',
  unban: 'peppy:unban',
  silence: 'peppy:silence',
  disconnect: 'peppy:disconnect',
  notification: 'peppy:notification',
  changeUsername: 'peppy:change_username',
  updateCachedStats: 'peppy:update_cached_stats',
  wipe: 'peppy:wipe',
  /** pep.py forks' name (Akatsuki's services ignore it): reload a user's privileges into live sessions. */
  refreshPrivileges: 'peppy:refresh_privs',
} as const;
export type PeppyChannelName = (typeof PeppyChannel)[keyof typeof PeppyChannel];

export type EventHandler = (message: string, channel: string) => void | Promise<void>;

export interface EventBus {
  /** Delivers to every subscriber of the channel in every process (including this one). */
  publish(channel: string, message: string): Promise<void>;
  /** Returns a function that removes the subscription. */
  subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
