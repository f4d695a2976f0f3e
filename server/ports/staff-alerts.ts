/**
 * Staff alerts: what staff must see (moderation actions, multi-account refusals, reports,
 * automatic actions), posted to chat webhooks like rs's `send_logs_*` / `send_hw_*` embeds.
 * `send` only enqueues: it never waits for the network and never throws, so it is safe on the
 * request path (login, chat).
 */
export type AlertChannel =
  /** Staff actions and automatic actions (rs's logs webhook). */
  | 'logs'
  /** Hardware / multi-account findings (rs's hw webhook). */
  | 'hardware'
  /** Player reports (`!report`). */
  | 'reports';

export type AlertColour = 'red' | 'blue' | 'purple';

export interface StaffAlert {
  channel: AlertChannel;
  title: string;
  /** Markdown body (`[name](profile url) has banned …`). */
  text: string;
  colour: AlertColour;
}

export interface StaffAlerts {
  send(alert: StaffAlert): void;
  /** Delivers what is queued (bounded wait), then stops. */
  close(): Promise<void>;
}
