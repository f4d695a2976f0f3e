/** Where a player connects from: country (ISO 3166-1 alpha-2, upper case) and coordinates. */
export interface GeoLocation {
  country: string;
  latitude: number;
  longitude: number;
}

export interface Geolocator {
  /**
   * The location of `ip`. `countryHint` is the country header a trusted proxy set (Cloudflare's
   * `CF-IPCountry`, nginx geoip's `X-Country-Code`), already filtered by trust. Never throws:
   * unknown is undefined (the caller keeps `XX` / 0,0).
   */
  locate(ip: string, countryHint?: string): Promise<GeoLocation | undefined>;
}
