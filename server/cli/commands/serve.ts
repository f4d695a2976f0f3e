/** `hayate serve`: start the server with the configuration from the environment. */
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config.js';
import { startServer } from '../../main.js';

const command: CliCommand = {
  summary: 'start the server (what `npm start` runs)',
  usage: [
    'Usage: hayate serve',
    '',
    'Starts bancho, /web/, the APIs and /metrics on one port. Configured by environment:',
    '  PORT (8080), HOST (127.0.0.1), DATA_DIR (./data),',
    '  DATABASE_URL (mysql://… ; unset = SQLite in DATA_DIR), REDIS_URL (redis://… ; unset = in-process),',
    '  AMQP_URL (amqp://… ; unset = in-process queue), SERVER_NAME, DOMAIN, BOT_NAME, BOT_USER_ID, API_KEY,',
    '  COMPUTE_THREADS, SESSION_IDLE_SECONDS, PP_PROFILE (akatsuki|official), LOG_LEVEL.',
  ].join('\n'),
  async run() {
    const config = loadConfig();
    const server = await startServer(config);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
export default command;
