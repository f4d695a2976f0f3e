/**
 * The client address as the reverse proxies in front of Hayate report it (the order rs and bpy
 * use): CF-Connecting-IP, the first address of X-Forwarded-For, X-Real-IP, else the socket.
 */
export function clientIp(headers: ReadonlyMap<string, string>, socketAddress: () => string): string {
  const cf = headers.get('cf-connecting-ip');
  if (cf) return cf.trim();
  const xff = headers.get('x-forwarded-for');
  if (xff) {
    const first = xff.split(',', 1)[0]!.trim();
    if (first) return first;
  }
  const real = headers.get('x-real-ip');
  if (real) return real.trim();
  return socketAddress();
}

/** The headers `clientIp` reads; routes that list their headers add these. */
export const IP_HEADERS = ['cf-connecting-ip', 'x-forwarded-for', 'x-real-ip'] as const;
