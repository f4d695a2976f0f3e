/** The logger: JSON lines with level and message, levels honoured, secrets never written. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, SECRET_FIELDS } from '../log.js';

function capture(): { lines: () => Array<Record<string, unknown>>; destination: Writable } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return {
    destination,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

test('one JSON object per line with time, level, message and fields; below the level nothing', () => {
  const out = capture();
  const log = createLogger('info', { service: 'hayate' }, { destination: out.destination });
  log.debug('not shown');
  log.info('listening', { port: 8080, id: 12n });
  log.child({ component: 'beatmaps' }).warn('upstream slow', { err: new Error('timeout') });
  const [a, b, ...rest] = out.lines();
  assert.equal(rest.length, 0);
  assert.equal(a!.level, 'info');
  assert.equal(a!.msg, 'listening');
  assert.equal(a!.port, 8080);
  assert.equal(a!.id, '12', 'bigint written as text');
  assert.equal(a!.service, 'hayate');
  assert.ok(!Number.isNaN(Date.parse(String(a!.time))));
  assert.equal(b!.level, 'warn');
  assert.equal(b!.component, 'beatmaps');
  assert.equal((b!.err as { message: string }).message, 'timeout');
  assert.match(String((b!.err as { stack: string }).stack), /Error: timeout/);
});

test('passwords, hashes, tokens, keys and authorization headers are redacted at any call site', () => {
  const out = capture();
  const log = createLogger('debug', {}, { destination: out.destination });
  const secrets: Record<string, string> = {};
  for (const f of SECRET_FIELDS) secrets[f] = `SECRET-${f}`;
  log.info('top level', secrets);
  log.error('nested', { user: { name: 'alice', ...secrets }, headers: { authorization: 'Bearer SECRET-h', 'user-agent': 'osu!' } });
  log.child({ token: 'SECRET-child' }).warn('child base');
  const text = out.lines().map((l) => JSON.stringify(l)).join('\n');
  assert.doesNotMatch(text, /SECRET-/, text);
  const [top, nested] = out.lines();
  assert.equal(top!.password, '[redacted]');
  assert.equal((nested!.user as Record<string, unknown>).name, 'alice', 'other fields stay');
  assert.equal((nested!.headers as Record<string, unknown>)['user-agent'], 'osu!');
});

test('silent writes nothing', () => {
  const out = capture();
  const log = createLogger('silent', {}, { destination: out.destination });
  log.error('nothing', { a: 1 });
  assert.equal(out.lines().length, 0);
});
