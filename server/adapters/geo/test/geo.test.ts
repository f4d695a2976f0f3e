/**
 * Geolocation: ip-api's format from a loopback fake, cached per IP, private addresses never looked
 * up, a trusted proxy's country header first; at login the presence carries the coordinates and an
 * account still at XX gets its country stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ipApiGeolocator, isPublicIp } from '../ip-api.js';
import { Egress } from '../../../egress/egress.js';
import { createLogger } from '../../../log.js';
import { startLoopback, sendJson, type LoopbackServer } from '../../../test/support/loopback-server.js';
import { startTestServer, type TestServer } from '../../../test/support/start-test-server.js';
import { loadBeatmapsConfig } from '../../../config-beatmaps.js';
import { loginNew, newUser, PASSWORD } from '../../../bancho/test/bancho-helpers.js';
import { BanchoClient } from '../../../test/support/bancho-client.js';
import { countryCode } from '../../../../protocol/bancho/countries.js';

const PLACES: Record<string, { countryCode: string; lat: number; lon: number }> = {
  '8.8.8.8': { countryCode: 'US', lat: 37.75, lon: -97.8 },
  '1.1.1.1': { countryCode: 'AU', lat: -33.5, lon: 151.25 },
};

describe('geolocation', () => {
  let fake: LoopbackServer;
  before(async () => {
    fake = await startLoopback((req, res) => {
      const ip = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
      const p = PLACES[ip];
      sendJson(res, 200, p ? { status: 'success', ...p } : { status: 'fail', message: 'reserved range' });
    });
  });
  after(async () => {
    await fake.close();
  });

  test('lookup, cache per IP, private ranges skipped, header first', async () => {
    const egress = new Egress({ sleep: async () => undefined });
    const geo = ipApiGeolocator({ egress, url: fake.url, log: createLogger('silent') });
    assert.deepEqual(await geo.locate('8.8.8.8'), { country: 'US', latitude: 37.75, longitude: -97.8 });
    assert.deepEqual(await geo.locate('8.8.8.8'), { country: 'US', latitude: 37.75, longitude: -97.8 });
    assert.equal(fake.requests.filter((r) => r.url.startsWith('/8.8.8.8')).length, 1);
    assert.equal(fake.requests[0]?.url, '/8.8.8.8?fields=status,countryCode,lat,lon');
    const before = fake.requests.length;
    assert.equal(await geo.locate('192.168.1.4'), undefined);
    assert.equal(await geo.locate('127.0.0.1'), undefined);
    assert.deepEqual(await geo.locate('10.0.0.1', 'de'), { country: 'DE', latitude: 0, longitude: 0 });
    assert.equal(fake.requests.length, before);
    assert.deepEqual(await geo.locate('1.1.1.1', 'NZ'), { country: 'NZ', latitude: -33.5, longitude: 151.25 });
    assert.equal(await geo.locate('9.9.9.9'), undefined);
    assert.equal(await geo.locate('9.9.9.9', 'XX'), undefined);
    assert.deepEqual([isPublicIp('8.8.8.8'), isPublicIp('172.20.0.1'), isPublicIp('::1'), isPublicIp('nope')], [true, false, false, false]);
    // Offline (no URL): the header alone.
    const offline = ipApiGeolocator({ egress: undefined, url: undefined, log: createLogger('silent') });
    assert.equal(await offline.locate('8.8.8.8'), undefined);
    assert.equal((await offline.locate('8.8.8.8', 'FR'))?.country, 'FR');
    await egress.close();
  });

  describe('at login', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startTestServer({ config: { beatmaps: loadBeatmapsConfig({ GEOIP_URL: fake.url, GEO_TRUST_COUNTRY_HEADERS: '1' }) } });
    });
    after(async () => {
      await srv.close();
    });

    test('the presence carries the coordinates; an XX account gets its country stored; a set country stays', async () => {
      const storage = srv.servers[0]!.deps.storage;
      const { id, name } = await newUser(srv, 'geo');
      await storage.users.setCountry(id, 'XX');
      const c = await BanchoClient.login(srv.url, name, PASSWORD, { headers: { 'X-Forwarded-For': '8.8.8.8' } });
      const own = c.loginPackets.find((p) => p.name === 'USER_PRESENCE' && p.data.userId === id);
      assert.ok(own && own.name === 'USER_PRESENCE');
      assert.equal(countryCode(own.data.countryIndex), 'US');
      assert.ok(Math.abs(own.data.latitude - 37.75) < 1e-4 && Math.abs(own.data.longitude + 97.8) < 1e-4);
      assert.equal((await storage.users.findById(id))?.country, 'US');
      // Test users are created in JP: kept, coordinates from the (header-first) location.
      const jp = await loginNew(srv, 'geojp', { headers: { 'X-Forwarded-For': '1.1.1.1', 'CF-IPCountry': 'NZ' } });
      const p = jp.loginPackets.find((x) => x.name === 'USER_PRESENCE' && x.data.userId === jp.userId);
      assert.ok(p && p.name === 'USER_PRESENCE' && countryCode(p.data.countryIndex) === 'JP' && Math.abs(p.data.latitude + 33.5) < 1e-4);
    });

    test('in-game registration stores the located country instead of XX', async () => {
      const res = await fetch(`${srv.url}/users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '1.1.1.1' },
        body: new URLSearchParams({ 'user[username]': 'geo newcomer', 'user[user_email]': 'geo.newcomer@example.test', 'user[password]': 'a long enough password', check: '0' }).toString(),
      });
      assert.equal(res.status, 200, await res.text());
      assert.equal((await srv.servers[0]!.deps.storage.users.findBySafeName('geo_newcomer'))?.country, 'AU');
    });
  });
});
