/**
 * Composition root: config → adapters → use-cases → routes. The only module that knows every
 * backend. Tests start the server through `startServer` on port 0 and talk real HTTP to it.
 */
import * as uws from 'uWebSockets.js';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';

export interface RunningServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel);
  const app = uws.App();
  app.get('/', (res) => {
    res.writeHeader('Content-Type', 'text/plain; charset=utf-8').end(`${config.serverName} is running.\n`);
  });
  const socket = await new Promise<uws.us_listen_socket>((resolve, reject) => {
    app.listen(config.host, config.port, (s) => (s ? resolve(s) : reject(new Error(`cannot listen on ${config.host}:${config.port}`))));
  });
  const port = uws.us_socket_local_port(socket);
  log.info('listening', { host: config.host, port });
  return {
    port,
    url: `http://${config.host}:${port}`,
    async close() {
      uws.us_listen_socket_close(socket);
      app.close();
    },
  };
}
