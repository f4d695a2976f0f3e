/**
 * Geolocation: the trusted proxy's country header first (no coordinates), then an IP lookup
 * service in ip-api.com's JSON format (`GET <GEOIP_URL>/<ip>` → `{status, countryCode, lat, lon}`)
 * through the egress limiter with a short deadline (login waits for it), cached per IP (a day for
 * answers, 10 minutes for failures). Private and loopback addresses are never looked up.
 */
import { isIP } from 'node:net';
import { LRUCache } from 'lru-cache';
import type { GeoLocation, Geolocator } from '../../ports/geolocation.js';
import type { Egress } from '../../egress/egress.js';
import type { Logger } from '../../log.js';

export interface IpApiOptions {
  egress: Egress | undefined;
  /** e.g. http://ip-api.com/json; undefined = headers only. */
  url: string | undefined;
  log: Logger;
  deadlineMs?: number;
}

const PRIVATE = [/^10\./, /^127\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\./, /^::1$/, /^f[cd][0-9a-f]{2}:/i, /^fe80:/i, /^::ffff:(10|127|192\.168)\./];

export const isPublicIp = (ip: string): boolean => isIP(ip) !== 0 && !PRIVATE.some((r) => r.test(ip));

const validCountry = (c: string | undefined): string | undefined => {
  const u = c?.trim().toUpperCase();
  // XX (unknown) and T1 (Tor) are Cloudflare's non-answers.
  return u !== undefined && /^[A-Z]{2}$/.test(u) && u !== 'XX' && u !== 'T1' ? u : undefined;
};

export function ipApiGeolocator(opts: IpApiOptions): Geolocator {
  const cache = new LRUCache<string, GeoLocation | 'none'>({ max: 50_000, ttl: 24 * 3600_000 });
  return {
    async locate(ip, countryHint) {
      const hinted = validCountry(countryHint);
      const cached = cache.get(ip);
      // The cache holds the lookup itself; the header (per request) wins over its country.
      if (cached !== undefined) return cached === 'none' ? (hinted ? { country: hinted, latitude: 0, longitude: 0 } : undefined) : { ...cached, country: hinted ?? cached.country };
      if (!opts.url || !opts.egress || !isPublicIp(ip)) return hinted ? { country: hinted, latitude: 0, longitude: 0 } : undefined;
      try {
        const res = await opts.egress.request({ url: `${opts.url.replace(/\/+$/, '')}/${encodeURIComponent(ip)}?fields=status,countryCode,lat,lon`, deadlineMs: opts.deadlineMs ?? 1500 });
        const body = res.status === 200 ? (JSON.parse(res.body.toString('utf8')) as Record<string, unknown>) : {};
        const country = validCountry(typeof body.countryCode === 'string' ? body.countryCode : undefined);
        if (body.status === 'success' && country) {
          const loc = { country, latitude: Number(body.lat) || 0, longitude: Number(body.lon) || 0 };
          cache.set(ip, loc);
          return { ...loc, country: hinted ?? country };
        }
        cache.set(ip, 'none', { ttl: 10 * 60_000 });
      } catch (err) {
        opts.log.debug('geolocation lookup failed', { ip, err });
        cache.set(ip, 'none', { ttl: 10 * 60_000 });
      }
      return hinted ? { country: hinted, latitude: 0, longitude: 0 } : undefined;
    },
  };
}
