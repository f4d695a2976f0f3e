/**
 * Fault injection for tests: closes a client's connection from the RabbitMQ side, as a broker
 * restart or a network partition would, found by the `connection_name` client property.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Closes every broker connection named `connectionName`; returns how many were closed. */
export async function closeRabbitConnection(connectionName: string): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', '-q', 'pid', 'client_properties'], { timeout: 30_000 });
  const needle = `{"connection_name","${connectionName}"}`;
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(needle))
    .map((line) => line.split('\t')[0]!.trim())
    .filter((pid) => pid.startsWith('<'));
  for (const pid of pids) {
    await run('rabbitmqctl', ['close_connection', pid, 'hayate fault test'], { timeout: 30_000 });
  }
  return pids.length;
}
