/** Webhook POSTs through the egress limiter: Discord shares the per-host buckets and metrics of every outbound call. */
import type { Egress } from '../../egress/egress.js';
import type { WebhookPost } from './webhook-alerts.js';

export function egressWebhookPost(egress: Egress, deadlineMs = 10_000): WebhookPost {
  return async (url, body, signal) => {
    const res = await egress.request({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, signal, deadlineMs });
    return { status: res.status, header: (name) => res.headers[name.toLowerCase()] ?? null, text: res.body.toString('utf8') };
  };
}
