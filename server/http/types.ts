/**
 * The small request/response model every route sees. Routes never touch uWebSockets.js objects:
 * the HTTP layer reads headers and the body up front (uWS request objects die when the route
 * callback returns), then hands the route a plain value and writes its answer in one corked write.
 */

export interface HttpRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Lower-case header names; only the headers the route asked for (or all when it asked for none). */
  readonly headers: ReadonlyMap<string, string>;
  /** The body (empty for GET). */
  readonly body: Buffer;
  /** Client address: CF-Connecting-IP, first X-Forwarded-For, X-Real-IP, else the socket. */
  readonly ip: string;
}

export interface HttpResponse {
  /** e.g. 200; the reason phrase is added by the HTTP layer. */
  status: number;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

export type RouteHandler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface RouteOptions {
  /** Hard body cap in bytes; larger bodies get 413 without reaching the handler. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Header names (lower case) the route needs. Listing them avoids copying every header on hot
   * routes; when omitted all headers are captured.
   */
  headers?: readonly string[];
  /** Whether the route reads the query string (default: true unless `headers` is given). */
  query?: boolean;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'del' | 'any';

/** What main.ts (and other components) use to mount routes on the one app. */
export interface HttpRouter {
  route(method: HttpMethod, pattern: string, handler: RouteHandler, options?: RouteOptions): void;
}

/** Thrown by routes for a clean non-200 answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const json = (status: number, value: unknown): HttpResponse => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(value),
});

export const text = (status: number, body: string): HttpResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body,
});
