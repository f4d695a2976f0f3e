/** Discord webhook delivery against a loopback fake: embed shape, 429 retry_after, 5xx retries, drops. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../log.js';
import { COLOURS, WebhookStaffAlerts } from '../webhook-alerts.js';
import { startFakeDiscord, type FakeDiscord } from '../../../test/support/fake-discord.js';
import { Egress } from '../../../egress/egress.js';
import { egressWebhookPost } from '../egress-post.js';

describe('Discord webhook staff alerts', () => {
  let discord: FakeDiscord;
  before(async () => {
    discord = await startFakeDiscord();
  });
  after(() => discord.close());
  const log = createLogger('silent');

  test('an alert becomes one embed on its channel (title, markdown text, rs colour)', async () => {
    const alerts = new WebhookStaffAlerts({ urls: discord.urls, log, username: 'Aika' });
    alerts.send({ channel: 'hardware', title: 'User created multiaccount', text: '[a](https://x/u/1) …', colour: 'red' });
    await alerts.flush();
    const e = await discord.waitFor((x) => x.title === 'User created multiaccount');
    assert.deepEqual(e, { channel: 'hardware', title: 'User created multiaccount', text: '[a](https://x/u/1) …', color: COLOURS.red });
    const raw = JSON.parse(discord.server.requests.at(-1)!.body) as { username: string; allowed_mentions: unknown };
    assert.equal(raw.username, 'Aika');
    assert.deepEqual(raw.allowed_mentions, { parse: [] }, 'alerts never ping anyone');
    assert.equal(alerts.delivered, 1);
    await alerts.close();
  });

  test('through the egress limiter: delivered, counted in its per-host stats, 429 still honoured', async () => {
    const egress = new Egress();
    const alerts = new WebhookStaffAlerts({ urls: discord.urls, log, post: egressWebhookPost(egress) });
    try {
      discord.answerNext({ status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false } });
      alerts.send({ channel: 'logs', title: 'via-egress', text: 'x', colour: 'blue' });
      await alerts.flush();
      await discord.waitFor((e) => e.title === 'via-egress');
      assert.equal(alerts.delivered, 1);
      const host = new URL(discord.urls.logs!).host;
      assert.equal(egress.hostStats(host).requests, 2, 'the 429 and the retry both went through the limiter');
    } finally {
      await alerts.close();
      await egress.close();
    }
  });

  test('a 429 waits retry_after and delivers the same message once; order is kept', async () => {
    const alerts = new WebhookStaffAlerts({ urls: discord.urls, log });
    const before = discord.server.requests.length;
    discord.answerNext({ status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false } });
    alerts.send({ channel: 'logs', title: 'first', text: 'one', colour: 'blue' });
    alerts.send({ channel: 'logs', title: 'second', text: 'two', colour: 'blue' });
    await alerts.flush();
    assert.equal(discord.server.requests.length - before, 3, '429, retry, second');
    const titles = discord.embeds.filter((e) => e.title === 'first' || e.title === 'second').map((e) => e.title);
    assert.deepEqual(titles, ['first', 'second']);
    assert.equal(alerts.delivered, 2);
    assert.equal(alerts.dropped, 0);
    await alerts.close();
  });

  test('5xx is retried with backoff; a 4xx (deleted webhook) drops the alert and the next one still goes', async () => {
    const alerts = new WebhookStaffAlerts({ urls: discord.urls, log, backoffMs: 5 });
    discord.answerNext({ status: 502 }, { status: 503 });
    alerts.send({ channel: 'reports', title: 'after-5xx', text: 'x', colour: 'purple' });
    await alerts.flush();
    await discord.waitFor((e) => e.title === 'after-5xx');
    discord.answerNext({ status: 404, body: { message: 'Unknown Webhook', code: 10015 } });
    alerts.send({ channel: 'reports', title: 'lost', text: 'x', colour: 'purple' });
    alerts.send({ channel: 'reports', title: 'next', text: 'x', colour: 'purple' });
    await alerts.flush();
    await discord.waitFor((e) => e.title === 'next');
    assert.ok(!discord.embeds.some((e) => e.title === 'lost'));
    assert.equal(alerts.dropped, 1);
    await alerts.close();
  });

  test('giving up after maxAttempts network failures; the queue is bounded; no URL sends nothing', async () => {
    const dead = new WebhookStaffAlerts({ urls: { logs: 'http://127.0.0.1:9/webhook' }, log, backoffMs: 1, maxAttempts: 2 });
    dead.send({ channel: 'logs', title: 'unreachable', text: 'x', colour: 'red' });
    await dead.flush();
    assert.equal(dead.dropped, 1);
    await dead.close();

    const bounded = new WebhookStaffAlerts({ urls: discord.urls, log, maxQueue: 2 });
    for (let i = 0; i < 5; i++) bounded.send({ channel: 'logs', title: `burst${i}`, text: 'x', colour: 'red' });
    await bounded.flush();
    assert.equal(bounded.delivered + bounded.dropped, 5);
    assert.ok(bounded.dropped >= 2, `dropped ${bounded.dropped}`);
    await bounded.close();

    const silent = new WebhookStaffAlerts({ urls: {}, log });
    const n = discord.server.requests.length;
    silent.send({ channel: 'hardware', title: 'nowhere', text: 'x', colour: 'red' });
    await silent.flush();
    assert.equal(discord.server.requests.length, n);
    await silent.close();
  });
});
