/**
 * The client address. Forwarded headers are believed only when the connection comes from a
 * trusted proxy (TRUSTED_PROXIES, loopback by default: a reverse proxy on the same host);
 * anyone else could write `X-Forwarded-For: <victim>` and dodge per-IP limits or frame another
 * address in the hardware logs. From a trusted proxy the order is rs's and bpy's:
 * CF-Connecting-IP, the first address of X-Forwarded-For, X-Real-IP, else the socket.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Which peers may speak for the client. */
export interface ProxyTrust {
  trusts(socketAddress: string): boolean;
}

export const TRUST_NONE: ProxyTrust = { trusts: () => false };
export const TRUST_ALL: ProxyTrust = { trusts: () => true };

/** `127.0.0.1/8`, `10.0.0.0/8`, `::1`, `fd00::/8` … (a bare address is a /32 or /128). */
export function parseTrustedProxies(list: readonly string[]): ProxyTrust {
  if (list.length === 0) return TRUST_NONE;
  const blocks = new BlockList();
  for (const entry of list) {
    const [addr = '', bits] = entry.split('/', 2);
    const family = isIPv4(addr) ? 'ipv4' : isIPv6(addr) ? 'ipv6' : undefined;
    if (family === undefined) throw new Error(`not an IP address or CIDR range: ${JSON.stringify(entry)}`);
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) {
      throw new Error(`bad prefix length in ${JSON.stringify(entry)}`);
    }
    blocks.addSubnet(addr, prefix, family);
  }
  return {
    trusts(socketAddress) {
      if (isIPv4(socketAddress)) return blocks.check(socketAddress, 'ipv4');
      if (!isIPv6(socketAddress)) return false;
      // An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d.
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(socketAddress);
      if (mapped) return blocks.check(mapped[1]!, 'ipv4');
      return blocks.check(socketAddress, 'ipv6');
    },
  };
}

export function clientIp(headers: ReadonlyMap<string, string>, socketAddress: () => string, trust: ProxyTrust = TRUST_ALL): string {
  const socket = socketAddress();
  if (!trust.trusts(socket)) return socket;
  const cf = headers.get('cf-connecting-ip');
  if (cf) return cf.trim();
  const xff = headers.get('x-forwarded-for');
  if (xff) {
    const first = xff.split(',', 1)[0]!.trim();
    if (first) return first;
  }
  const real = headers.get('x-real-ip');
  if (real) return real.trim();
  return socket;
}

/** The headers `clientIp` reads; routes that list their headers add these. */
export const IP_HEADERS = ['cf-connecting-ip', 'x-forwarded-for', 'x-real-ip'] as const;
