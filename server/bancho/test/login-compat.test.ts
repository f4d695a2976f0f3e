/**
 * Login details an existing Akatsuki brings, on the embedded backend (SQLite): password hashes
 * with each bcrypt prefix (real hashes; the production inline hasher) and the hardware field
 * without its trailing ':'. The same on MariaDB with Akatsuki's schema: akatsuki-fixture-redis.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BanchoClient } from '../../test/support/bancho-client.js';
import { startTestServer, type TestServer } from '../../test/support/start-test-server.js';
import { createInlineBcryptHasher } from '../../adapters/passwords/bcrypt-inline.js';
import { NORMAL_USER } from '../../domain/privileges.js';
import { REAL_HASHES } from '../../adapters/passwords/test/real-hashes.js';
import { freshName, newUser, PASSWORD } from './bancho-helpers.js';

describe('bancho login compatibility (embedded)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ passwords: createInlineBcryptHasher(4) });
  });
  after(() => server.close());

  for (const [prefix, hash] of Object.entries(REAL_HASHES)) {
    test(`a ${prefix} password hash logs in; a wrong password does not`, async () => {
      const name = freshName('pfx');
      const id = await server.servers[0]!.deps.storage.users.create({ username: name, email: `${name}@example.test`, passwordHash: hash, privileges: NORMAL_USER });
      assert.equal((await BanchoClient.login(server.url, name, PASSWORD)).userId, id);
      await assert.rejects(BanchoClient.login(server.url, name, 'wrong horse'));
    });
  }

  test('the hardware field without its trailing ":" logs in and is the same hardware', async () => {
    const { id, name } = await newUser(server, 'nocol');
    assert.equal((await BanchoClient.login(server.url, name, PASSWORD, { hashesTrailingColon: false })).userId, id);
    assert.equal((await BanchoClient.login(server.url, name, PASSWORD)).userId, id);
    assert.equal(await server.servers[0]!.deps.storage.hardware.countForUser(id), 2, 'both logins on one hardware row');
  });
});
