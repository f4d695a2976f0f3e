/**
 * A scripted osu! client for tests and the load generator: logs in with a real login body over
 * HTTP, keeps the token, sends packets (built with `encodeClient`) and decodes what the server
 * answers (with `readServerPackets`). Every received packet lands in an inbox; `waitFor` takes the
 * first matching one, polling a bounded number of times (no timing assertions anywhere).
 *
 * Several base URLs may be given (two-process mode): requests rotate over them, so consecutive
 * polls of one client hit different Hayate processes.
 */
import { createHash } from 'node:crypto';
import type { ServerPacketName } from '../../../protocol/bancho/ids.js';
import type { ServerPacket, ServerPayloads } from '../../../protocol/bancho/payloads.js';
import { readServerPackets } from '../../../protocol/bancho/reader.js';

export type PacketOf<K extends ServerPacketName> = Extract<ServerPacket, { name: K }>;

export interface LoginOptions {
  /** osu! version string (default a current stable build). */
  version?: string;
  utcOffset?: number;
  displayCity?: boolean;
  /** The five client hashes; defaults derive stable fake hashes from the username. */
  hashes?: Partial<ClientHashes>;
  blockNonFriendDms?: boolean;
  /** false: send the hardware field without its trailing ':' (rs accepts both). */
  hashesTrailingColon?: boolean;
  /** Extra request headers (X-Forwarded-For …). */
  headers?: Record<string, string>;
  /** Other base URLs of the same cluster to rotate requests over. */
  alsoUrls?: string[];
}

export interface ClientHashes {
  osuPathMd5: string;
  adapters: string;
  adaptersMd5: string;
  uninstallMd5: string;
  diskMd5: string;
}

export interface RawAnswer {
  status: number;
  token: string | null;
  headers: Headers;
  body: Buffer;
}

export const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Today's date as a `bYYYYMMDD` version, so the client is never "too old". */
export function currentVersion(suffix = ''): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `b${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${suffix}`;
}

export function defaultHashes(username: string): ClientHashes {
  return {
    osuPathMd5: md5(`path:${username}`),
    adapters: `00-11-22-33-44-${md5(username).slice(0, 2)}.`,
    adaptersMd5: md5(`adapters:${username}`),
    uninstallMd5: md5(`uninstall:${username}`),
    diskMd5: md5(`disk:${username}`),
  };
}

/** The three-line login body of §3.1 (with its trailing newline). */
export function loginBody(username: string, password: string, opts: LoginOptions = {}): string {
  const h = { ...defaultHashes(username), ...opts.hashes };
  const hashes = `${h.osuPathMd5}:${h.adapters}:${h.adaptersMd5}:${h.uninstallMd5}:${h.diskMd5}${opts.hashesTrailingColon === false ? '' : ':'}`;
  const line3 = [
    opts.version ?? currentVersion(),
    String(opts.utcOffset ?? 0),
    opts.displayCity === false ? '0' : '1',
    hashes,
    opts.blockNonFriendDms ? '1' : '0',
  ].join('|');
  return `${username}\n${md5(password)}\n${line3}\n`;
}

/** One raw POST / to bancho (for bad-input tests). */
export async function postBancho(url: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const res = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'User-Agent': 'osu!', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, token: res.headers.get('cho-token'), headers: res.headers, body: buf };
}

/** Decodes a server body, failing loudly on anything malformed (the server must never send that). */
export function decodeServer(body: Uint8Array): ServerPacket[] {
  const r = readServerPackets(body);
  if (r.error) throw new Error(`server sent an undecodable body: ${r.error.message}`);
  if (r.skipped.length > 0) throw new Error(`server sent unknown packet ids: ${r.skipped.map((s) => s.id).join(',')}`);
  return r.packets;
}

export class LoginFailed extends Error {
  constructor(
    readonly code: number | null,
    readonly packets: ServerPacket[],
  ) {
    super(`login failed with code ${code}: ${packets.filter((p) => p.name === 'NOTIFICATION').map((p) => p.data).join(' | ')}`);
    this.name = 'LoginFailed';
  }
}

export interface LoginAttempt {
  status: number;
  token: string | null;
  /** Value of USER_ID, or null when the server sent none. */
  userId: number | null;
  packets: ServerPacket[];
}

export class BanchoClient {
  /** Every packet received and not yet taken by `waitFor`/`take`. */
  readonly inbox: ServerPacket[] = [];
  private next = 0;
  private readonly urls: string[];

  private constructor(
    urls: string[],
    readonly token: string,
    readonly userId: number,
    readonly username: string,
    /** The login response, in order. */
    readonly loginPackets: ServerPacket[],
  ) {
    this.urls = urls;
    this.inbox.push(...loginPackets);
  }

  static async attemptLogin(url: string, username: string, password: string, opts: LoginOptions = {}): Promise<LoginAttempt> {
    const raw = await postBancho(url, loginBody(username, password, opts), opts.headers);
    const packets = raw.status === 200 ? decodeServer(raw.body) : [];
    const id = packets.find((p) => p.name === 'USER_ID');
    return { status: raw.status, token: raw.token, userId: id ? (id.data as number) : null, packets };
  }

  static async login(url: string, username: string, password: string, opts: LoginOptions = {}): Promise<BanchoClient> {
    const a = await BanchoClient.attemptLogin(url, username, password, opts);
    if (a.userId === null || a.userId < 0 || a.token === null || a.token === 'no') throw new LoginFailed(a.userId, a.packets);
    return new BanchoClient([url, ...(opts.alsoUrls ?? [])], a.token, a.userId, username, a.packets);
  }

  /** The base URL the next request goes to (rotates when several were given). */
  private url(): string {
    const u = this.urls[this.next % this.urls.length]!;
    this.next++;
    return u;
  }

  /** Sends packets (concatenated) and returns what the server answered; also kept in the inbox. */
  async send(...packets: Uint8Array[]): Promise<ServerPacket[]> {
    const raw = await this.sendRaw(Buffer.concat(packets));
    const got = decodeServer(raw.body);
    this.inbox.push(...got);
    return got;
  }

  /** Sends arbitrary bytes with this client's token. */
  async sendRaw(body: Uint8Array): Promise<RawAnswer> {
    return postBancho(this.url(), body, { 'osu-token': this.token });
  }

  /** An empty poll: delivers whatever is queued. */
  poll(): Promise<ServerPacket[]> {
    return this.send();
  }

  /** Removes and returns every inbox packet of that name. */
  take<K extends ServerPacketName>(name: K, predicate?: (data: ServerPayloads[K]) => boolean): Array<ServerPayloads[K]> {
    const out: Array<ServerPayloads[K]> = [];
    for (let i = 0; i < this.inbox.length; ) {
      const p = this.inbox[i]!;
      if (p.name === name && (!predicate || predicate(p.data as ServerPayloads[K]))) {
        out.push(p.data as ServerPayloads[K]);
        this.inbox.splice(i, 1);
      } else i++;
    }
    return out;
  }

  /** True when the inbox holds a matching packet (does not poll). */
  has<K extends ServerPacketName>(name: K, predicate?: (data: ServerPayloads[K]) => boolean): boolean {
    return this.inbox.some((p) => p.name === name && (!predicate || predicate(p.data as ServerPayloads[K])));
  }

  /**
   * Takes the first packet of that name matching the predicate, polling until it arrives.
   * Bounded: fails after `attempts` polls (with a short pause between them).
   */
  async waitFor<K extends ServerPacketName>(
    name: K,
    predicate?: (data: ServerPayloads[K]) => boolean,
    attempts = 100,
  ): Promise<ServerPayloads[K]> {
    for (let i = 0; ; i++) {
      const idx = this.inbox.findIndex((p) => p.name === name && (!predicate || predicate(p.data as ServerPayloads[K])));
      if (idx >= 0) return this.inbox.splice(idx, 1)[0]!.data as ServerPayloads[K];
      if (i >= attempts) {
        throw new Error(`${this.username}: no ${name} after ${attempts} polls; inbox: ${this.inbox.map((p) => p.name).join(',')}`);
      }
      if (i > 0) await new Promise((r) => setTimeout(r, 10));
      await this.poll();
    }
  }

  /** Polls `rounds` times and asserts (by returning them) which packets arrived meanwhile. */
  async settle(rounds = 3): Promise<ServerPacket[]> {
    const got: ServerPacket[] = [];
    for (let i = 0; i < rounds; i++) got.push(...(await this.poll()));
    return got;
  }

  /** Forgets everything received so far. */
  clear(): void {
    this.inbox.length = 0;
  }
}
