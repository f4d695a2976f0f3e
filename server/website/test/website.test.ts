/**
 * The website in a real browser: Debian's headless Chromium driven by playwright-core, against a
 * test server seeded with players, scores and profile history, on both backends. Each page is
 * checked for what a person sees (names, numbers, order, the chart's points), the clicks from
 * leaderboard → profile → score → map, register / log in / settings, and the live lists updating
 * without a reload. Screenshots land in WEBSITE_SCREENSHOTS (default: a temp directory).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { addHistory, seedWorld, type World } from '../../api/public/test/seed.js';
import { makeMatchInit } from '../../ports/state.contract.js';
import { loginNew } from '../../bancho/test/bancho-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.WEBSITE_SCREENSHOTS ?? path.join(tmpdir(), 'hayate-website-screenshots');

let browser: Browser;
before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});
after(() => browser?.close());

const DAY = 86_400;

for (const mode of ['embedded', 'redis'] as const) {
  describe(`website in Chromium (${mode === 'embedded' ? 'SQLite' : 'MariaDB + Redis'})`, () => {
    let server: TestServer;
    let w: World;
    let page: Page;
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${mode}-${name}.png`), fullPage: true });
    const rowTexts = (selector: string) => page.locator(selector).allInnerTexts();

    before(async () => {
      server = await startTestServer({ mode, config: { publicCacheMs: 0 } });
      w = await seedWorld(server.servers[0]!);
      const now = Math.floor(Date.now() / 1000);
      await addHistory(server.servers[0]!.deps.storage, w.alice, 0, [
        { at: now - 40 * DAY, rank: 9, pp: 500 },
        { at: now - 30 * DAY, rank: 6, pp: 620 },
        { at: now - 20 * DAY, rank: 4, pp: 700 },
        { at: now - 10 * DAY, rank: 2, pp: 850 },
        { at: now - 1 * DAY, rank: 1, pp: 900 },
        { at: now - 400 * DAY, rank: 50, pp: 10 }, // outside the 90-day window
      ]);
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      page = await context.newPage();
    });
    after(async () => {
      await page?.context().close();
      await server?.close();
    });

    test('leaderboard → profile (chart) → score → map', async () => {
      await page.goto(`${server.url}/leaderboard`);
      assert.equal(await page.title(), 'Vanilla osu! leaderboard · Hayate');
      const rows = await rowTexts('#leaderboard tbody tr td:nth-child(2) a:first-child');
      assert.deepEqual(rows, ['Alice', 'Bob Smith', 'Carol', 'Admin'], 'pp order; restricted Mallory absent');
      assert.equal(await page.locator('#leaderboard tbody tr').first().locator('td').nth(2).innerText(), '900pp');
      await shot('leaderboard');

      await page.getByRole('link', { name: 'Alice', exact: true }).click();
      await page.waitForURL(/\/u\/\d+/);
      assert.equal(await page.locator('#global-rank').innerText(), '#1');
      assert.equal(await page.locator('#pp').innerText(), '900pp');
      // Page functions run in the browser; `globalThis` is its window there.
      await page.waitForFunction(() => (globalThis as unknown as { hayateCharts?: Record<string, unknown> }).hayateCharts?.['history-chart'] !== undefined);
      const points = await page.evaluate(() => (globalThis as unknown as { hayateCharts: Record<string, { data: number[][] }> }).hayateCharts['history-chart']!.data[0]!.length);
      assert.equal(points, 5, 'the five points of the last 90 days');
      assert.equal(await page.locator('#history-chart canvas').count(), 1, 'uPlot drew on a canvas');
      const best = await rowTexts('#best-scores tbody tr td:nth-child(5)');
      assert.deepEqual(best, ['300pp', '200pp', '100pp']);
      assert.equal(await page.locator('#best-scores tbody tr td.grade').first().innerText(), 'S');
      await shot('profile');

      await page.locator('#best-scores tbody tr').first().getByRole('link', { name: 'score' }).click();
      await page.waitForURL(/\/scores\/\d+/);
      assert.match(await page.locator('#score').innerText(), /900,000/);
      await shot('score');

      await page.getByRole('link', { name: 'Artist 101 - Song 101 [Insane]' }).click();
      await page.waitForURL(/\/b\/101/);
      assert.deepEqual(await rowTexts('#map-scores tbody tr td:nth-child(3) a'), ['Bob Smith', 'Alice', 'Carol'], 'vanilla map board by score');
      await shot('beatmap');
      await page.getByRole('link', { name: 'Relax' }).click();
      assert.deepEqual(await rowTexts('#map-scores tbody tr td:nth-child(3) a'), ['Alice', 'Bob Smith'], 'relax by pp');
    });

    test('country and score leaderboards, other modes, search', async () => {
      await page.goto(`${server.url}/leaderboard`);
      await page.locator('#leaderboard tbody tr').first().getByRole('link', { name: 'JP' }).click();
      assert.deepEqual(await rowTexts('#leaderboard tbody tr td:nth-child(2) a:first-child'), ['Alice', 'Carol']);
      assert.equal(await page.locator('h1').innerText(), 'JP Vanilla osu! leaderboard');
      await page.getByRole('link', { name: 'Global' }).click();
      await page.getByRole('link', { name: 'By score' }).click();
      const byScore = await rowTexts('#leaderboard tbody tr td:nth-child(2) a:first-child');
      assert.deepEqual(byScore.slice(0, 3), ['Bob Smith', 'Carol', 'Alice']);
      await page.getByRole('link', { name: 'osu!taiko' }).click();
      assert.match(await page.locator('main').innerText(), /Nobody is ranked here yet/);
      await page.getByLabel('Search players').first().fill('car');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=car/);
      assert.deepEqual(await rowTexts('#results li'), ['Carol']);
      const res = await page.goto(`${server.url}/u/${w.mallory}`);
      assert.equal(res?.status(), 404, 'restricted players are hidden');
      assert.equal((await page.goto(`${server.url}/u/%E0%A4%A`))?.status(), 404, 'a malformed escape is just not found');
      await page.goto(`${server.url}/u/Bob%20Smith`);
      assert.equal(await page.locator('h1').innerText(), 'Bob Smith US', 'profiles by name, as hanayo links them');
    });

    test('online players and live matches update without a reload', async () => {
      await page.goto(`${server.url}/online`);
      assert.equal(await page.locator('#online-count').innerText(), '0 players online');
      const client = await loginNew(server, 'web');
      await page.locator('#online-count', { hasText: '1 player online' }).waitFor({ timeout: 15_000 });
      assert.deepEqual(await rowTexts('#online tbody tr td:first-child a'), [client.username]);
      await shot('online');

      await page.goto(`${server.url}/matches`);
      assert.equal(await page.locator('#match-count').innerText(), 'No public matches right now.');
      const init = makeMatchInit('Alice plays');
      init.hostId = w.alice;
      init.slots[0] = { ...init.slots[0]!, status: 4, userId: w.alice };
      await server.servers[0]!.deps.state.createMatch(init);
      await page.locator('#match-count', { hasText: '1 match' }).waitFor({ timeout: 15_000 });
      assert.match(await page.locator('section[data-match]').innerText(), /Alice plays[\s\S]*Alice \(host\)/);
      await shot('matches');
    });

    test('register, log out, log in, change a setting', async () => {
      const name = `web${mode.slice(0, 3)}${Date.now() % 100000}`;
      await page.goto(`${server.url}/register`);
      await page.getByLabel('Username').fill(name);
      await page.getByLabel('Email').fill(`${name}@example.test`);
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Create account' }).click();
      // The browser's own validation stops an 8-character-minimum password before it is sent.
      assert.match(page.url(), /\/register$/);
      await page.getByLabel('Password').fill('a much better password');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL(/\/u\/\d+/);
      const id = Number(/\/u\/(\d+)/.exec(page.url())![1]);
      assert.match(await page.locator('main').innerText(), /only you and staff can see it/, 'pending verification until the first game login');
      const stored = await server.servers[0]!.deps.storage.users.findById(id);
      assert.equal(stored?.username, name);
      assert.match(stored!.passwordHash, /^\$2[aby]\$/);
      await shot('registered');

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL(/\/leaderboard/);
      assert.equal(await page.getByRole('link', { name: 'Log in' }).count(), 1);
      await page.getByRole('link', { name: 'Log in' }).click();
      await page.getByLabel('Username').fill(name);
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Log in' }).click();
      assert.match(await page.locator('[role=alert]').innerText(), /Wrong username or password/);
      await page.getByLabel('Password').fill('a much better password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(new RegExp(`/u/${id}`));

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByLabel('Favourite mode').selectOption({ label: 'osu!taiko' });
      await page.getByLabel('Tablet').check();
      await page.getByLabel('In-game leaderboard size').fill('abc');
      await page.getByRole('button', { name: 'Save' }).click();
      assert.match(await page.locator('[role=alert]').innerText(), /Leaderboard size must be a whole number/);
      await page.getByLabel('In-game leaderboard size').fill('75');
      await page.getByLabel('Favourite mode').selectOption({ label: 'osu!taiko' });
      await page.getByLabel('Tablet').check();
      await page.getByRole('button', { name: 'Save' }).click();
      assert.equal(await page.locator('[role=status]').innerText(), 'Settings saved.');
      assert.equal(await page.getByLabel('Favourite mode').inputValue(), '1');
      const full = await server.servers[0]!.deps.storage.users.findById(id);
      assert.ok(full);
      const api = (await (await fetch(`${server.url}/api/v1/users/full?id=${id}`, { headers: { cookie: '' } })).json()) as { code: number };
      assert.equal(api.code, 404, 'still hidden from others while pending');
      await shot('settings');
    });
  });
}
