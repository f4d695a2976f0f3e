/**
 * A loopback stand-in for Discord's webhook endpoint. One server, three webhook paths (one per
 * alert channel); it records every embed and answers 204 unless a test scripts other answers
 * (429 with `retry_after`, 500 …) with `answerNext`.
 */
import type { AlertChannel } from '../../ports/staff-alerts.js';
import { sendJson, startLoopback, type LoopbackServer } from './loopback-server.js';

export interface ReceivedEmbed {
  channel: AlertChannel;
  title: string;
  text: string;
  color: number;
}

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeDiscord {
  readonly server: LoopbackServer;
  readonly urls: Record<AlertChannel, string>;
  /** Embeds accepted (answered 2xx), in arrival order. */
  readonly embeds: ReceivedEmbed[];
  /** Queues answers for the next requests (then 204 again). */
  answerNext(...answers: ScriptedAnswer[]): void;
  /** Resolves with the first accepted embed matching; fails after a generous deadline. */
  waitFor(pred: (e: ReceivedEmbed) => boolean, what?: string): Promise<ReceivedEmbed>;
  close(): Promise<void>;
}

const PATHS: Record<string, AlertChannel> = { '/webhooks/logs': 'logs', '/webhooks/hw': 'hardware', '/webhooks/reports': 'reports' };

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const embeds: ReceivedEmbed[] = [];
  const scripted: ScriptedAnswer[] = [];
  const server = await startLoopback((req, res) => {
    const next = scripted.shift();
    if (next) {
      sendJson(res, next.status, next.body ?? {}, next.headers);
      return;
    }
    const channel = PATHS[req.url];
    if (!channel) return sendJson(res, 404, { message: 'Unknown Webhook', code: 10015 });
    const body = JSON.parse(req.body) as { embeds?: Array<{ author?: { name?: string }; description?: string; color?: number }> };
    for (const e of body.embeds ?? []) embeds.push({ channel, title: e.author?.name ?? '', text: e.description ?? '', color: e.color ?? 0 });
    res.writeHead(204).end();
  });
  return {
    server,
    urls: { logs: `${server.url}/webhooks/logs`, hardware: `${server.url}/webhooks/hw`, reports: `${server.url}/webhooks/reports` },
    embeds,
    answerNext: (...answers) => void scripted.push(...answers),
    async waitFor(pred, what = 'embed') {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const hit = embeds.find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no ${what} reached the fake Discord; got ${JSON.stringify(embeds.map((e) => e.title))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => server.close(),
  };
}
