/**
 * The one uWebSockets.js app of a Hayate process. Routes are plain async functions from
 * `HttpRequest` to `HttpResponse` (see types.ts); this module does the uWS-specific parts:
 * capturing headers before the callback returns, reading the body under a hard cap (413 beyond),
 * `onAborted` on every response, one corked write per answer, and a graceful close that stops
 * accepting and waits for requests already in flight.
 */
import { randomBytes } from 'node:crypto';
import * as uws from 'uWebSockets.js';
import type { Logger } from '../log.js';
import { clientIp, IP_HEADERS, TRUST_ALL, type ProxyTrust } from './client-ip.js';
import { statusLine } from './status-text.js';
import { HttpError, type HttpMethod, type HttpRequest, type HttpResponse, type HttpRouter, type RouteHandler, type RouteOptions } from './types.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const decoder = new TextDecoder();

export interface HttpApp extends HttpRouter {
  /** Starts listening; resolves with the bound port (use port 0 for a free one). */
  listen(host: string, port: number): Promise<number>;
  /** Stops accepting, waits (bounded) for in-flight requests, then closes every connection. */
  close(graceMs?: number): Promise<void>;
  /** Requests currently being handled (tests and graceful shutdown). */
  inFlight(): number;
}

export interface HttpAppOptions {
  /** Peers whose forwarded-address headers are believed (TRUSTED_PROXIES; default: all, for tools and tests). */
  trust?: ProxyTrust;
}

export function createHttpApp(log: Logger, opts: HttpAppOptions = {}): HttpApp {
  const trust = opts.trust ?? TRUST_ALL;
  const app = uws.App();
  let listenSocket: uws.us_listen_socket | null = null;
  let inFlight = 0;
  let closing = false;
  const idleWaiters: Array<() => void> = [];

  const done = (): void => {
    inFlight--;
    if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
  };

  const write = (res: uws.HttpResponse, state: { aborted: boolean }, answer: HttpResponse): void => {
    if (state.aborted) return;
    res.cork(() => {
      // uWS writes "200 OK" itself when no status was set.
      if (answer.status !== 200) res.writeStatus(statusLine(answer.status));
      if (answer.headers) for (const k in answer.headers) res.writeHeader(k, answer.headers[k]!);
      res.end(answer.body ?? '');
    });
  };

  const mount = (method: HttpMethod, pattern: string, handler: RouteHandler, options: RouteOptions = {}): void => {
    const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const wanted = options.headers ? [...new Set([...options.headers, ...IP_HEADERS])] : undefined;
    const fixedPath = /[*:]/.test(pattern) ? undefined : pattern;
    const fixedMethod = method === 'any' ? undefined : method === 'del' ? 'delete' : method;
    const wantQuery = options.query ?? options.headers === undefined;
    app[method](pattern, (res, req) => {
      const state = { aborted: false, counted: false };
      // Exactly one decrement per counted request, whether it ends by answer or by abort.
      const finish = (): void => {
        if (!state.counted) return;
        state.counted = false;
        done();
      };
      res.onAborted(() => {
        state.aborted = true;
        finish();
      });
      if (closing) {
        res.writeStatus(statusLine(503)).end('shutting down', true);
        return;
      }
      // Everything from `req` must be read now: it is invalid once this callback returns.
      const headers = new Map<string, string>();
      if (wanted) {
        for (const name of wanted) {
          const v = req.getHeader(name);
          if (v !== '') headers.set(name, v);
        }
      } else {
        req.forEach((k, v) => headers.set(k, v));
      }
      // Fixed patterns need no getUrl() call; routes that declare their headers read no query
      // unless they ask for it (each uWS accessor is a JS→C++ call on the hot path).
      const path = fixedPath ?? req.getUrl();
      const query = wantQuery ? (req.getQuery() ?? '') : '';
      const httpMethod = fixedMethod ?? req.getMethod();
      let ip: string | undefined;
      // Lazy: the poll never needs it. Valid until the response is written (or aborted).
      const ipOf = (): string =>
        (ip ??= clientIp(headers, () => (state.aborted ? '' : decoder.decode(res.getRemoteAddressAsText())), trust));
      inFlight++;
      state.counted = true;

      const run = (body: Buffer): void => {
        const request: HttpRequest = {
          method: httpMethod,
          path,
          query,
          headers,
          body,
          get ip() {
            return ipOf();
          },
        };
        let result: HttpResponse | Promise<HttpResponse>;
        try {
          result = handler(request);
        } catch (err) {
          write(res, state, errorAnswer(err, log, path));
          finish();
          return;
        }
        if (result instanceof Promise) {
          result.then(
            (answer) => {
              write(res, state, answer);
              finish();
            },
            (err: unknown) => {
              write(res, state, errorAnswer(err, log, path));
              finish();
            },
          );
        } else {
          write(res, state, result);
          finish();
        }
      };

      if (method === 'get' || httpMethod === 'get' || httpMethod === 'head') {
        run(EMPTY);
        return;
      }
      const declared = Number(req.getHeader('content-length') || '0');
      if (declared > maxBody) {
        finish();
        res.writeStatus(statusLine(413)).writeHeader('Content-Type', 'text/plain').end(`body larger than ${maxBody} bytes`, true);
        return;
      }
      let chunks: Buffer[] | null = null;
      let size = 0;
      let rejected = false;
      res.onData((chunk, isLast) => {
        if (rejected) return;
        size += chunk.byteLength;
        if (size > maxBody) {
          rejected = true;
          write(res, state, { status: 413, headers: { 'Content-Type': 'text/plain' }, body: `body larger than ${maxBody} bytes` });
          finish();
          return;
        }
        // The chunk's memory is reused after this callback: copy it.
        const copy = Buffer.from(new Uint8Array(chunk));
        if (isLast) {
          if (chunks === null) run(copy);
          else {
            chunks.push(copy);
            run(Buffer.concat(chunks, size));
          }
        } else {
          (chunks ??= []).push(copy);
        }
      });
    });
  };

  return {
    route: mount,
    inFlight: () => inFlight,
    listen(host, port) {
      // Unmatched routes: a plain 404 rather than uWS's silent connection drop.
      app.any('/*', (res) => {
        res.onAborted(() => {});
        res.writeStatus(statusLine(404)).writeHeader('Content-Type', 'text/plain').end('not found');
      });
      return new Promise((resolve, reject) => {
        app.listen(host, port, (socket) => {
          if (!socket) {
            reject(new Error(`cannot listen on ${host}:${port}`));
            return;
          }
          listenSocket = socket;
          resolve(uws.us_socket_local_port(socket));
        });
      });
    },
    async close(graceMs = 5000) {
      closing = true;
      if (listenSocket) {
        uws.us_listen_socket_close(listenSocket);
        listenSocket = null;
      }
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          idleWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      app.close();
    },
  };
}

function errorAnswer(err: unknown, log: Logger, path: string): HttpResponse {
  if (err instanceof HttpError) {
    return { status: err.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: err.message };
  }
  // The id ties the player's report ("error abc123") to the one log line with the stack.
  const requestId = randomBytes(6).toString('hex');
  log.error('request failed', { requestId, path, err });
  return { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Request-Id': requestId }, body: `internal server error (request ${requestId})` };
}
