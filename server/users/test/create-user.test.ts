/** Registration rules and the create-user use-case, on a real (temp SQLite) database. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcrypt';
import { openStorage } from '../../adapters/storage/open-storage.js';
import type { PasswordHasher } from '../../ports/passwords.js';
import type { Storage } from '../../ports/storage.js';
import { createInlineBcryptHasher } from '../../adapters/passwords/bcrypt-inline.js';
import { createUser, md5Hex } from '../create-user.js';
import { safeUsername, validateRegistrationShape } from '../validate-registration.js';

const ok = { username: 'Good Name', email: 'good@example.com', password: 'correct horse battery' };

describe('validateRegistrationShape', () => {
  const errorsOf = (over: Partial<typeof ok>, forbidden?: string[]) => validateRegistrationShape({ ...ok, ...over }, { forbiddenNames: forbidden }).errors;

  test('a good registration has no errors and is normalised', () => {
    const r = validateRegistrationShape({ ...ok, username: '  Good Name ', email: ' Good@Example.COM ' });
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.normalized, { username: 'Good Name', usernameSafe: 'good_name', email: 'good@example.com' });
  });

  test('username rules', () => {
    assert.ok(errorsOf({ username: 'a' }).username);
    assert.ok(errorsOf({ username: 'sixteen_chars_xx' }).username);
    assert.ok(errorsOf({ username: 'bad!name' }).username);
    assert.ok(errorsOf({ username: 'under_score and space' }).username);
    assert.ok(errorsOf({ username: 'has_under score' }).username);
    assert.ok(errorsOf({ username: 'Cookiezi' }).username, 'forbidden famous name');
    assert.ok(errorsOf({ username: 'Ban cho' }, ['Ban cho']).username, 'extra forbidden name compared by safe name');
    assert.deepEqual(errorsOf({ username: '[Tag]-x_y' }), {});
  });

  test('email rules', () => {
    for (const email of ['no-at', 'a@b', 'a b@example.com', '@example.com', 'a@-bad.com']) assert.ok(errorsOf({ email }).email, email);
    // users.email is latin1 in Akatsuki's schema: non-ASCII local parts are refused up front.
    for (const email of ['jöhn@example.com', 'a✓@example.com', '😀@example.com']) assert.match(errorsOf({ email }).email?.[0] ?? '', /ASCII/, email);
  });

  test('password rules', () => {
    assert.match(errorsOf({ password: 'short' }).password![0]!, /at least 8/);
    assert.match(errorsOf({ password: 'aaaabbbb' }).password![0]!, /more than 3 different/);
    assert.match(errorsOf({ password: 'Password123' }).password![0]!, /too common/);
    assert.match(errorsOf({ username: 'Long Enough', password: 'long enough' }).password![0]!, /username/);
    assert.ok(errorsOf({ password: 'x'.repeat(129) }).password);
  });

  test('several fields fail together', () => {
    const e = errorsOf({ username: '!', email: 'x', password: 'y' });
    assert.deepEqual(Object.keys(e).sort(), ['email', 'password', 'username']);
  });

  test('safe names follow Akatsuki', () => {
    assert.equal(safeUsername('  Some Body '), 'some_body');
  });
});

describe('createUser', () => {
  let dir: string;
  let storage: Storage;
  // Low cost keeps the test fast; the CLI test covers the default cost.
  const hasher: PasswordHasher = createInlineBcryptHasher(4);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hayate-users-'));
    storage = await openStorage({ databaseUrl: undefined, dataDir: dir });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('creates a pending-verification user with bcrypt(md5) and stats rows', async () => {
    const r = await createUser({ storage, hasher }, { ...ok, country: 'fr' });
    assert.ok(r.ok);
    const u = await storage.users.findById(r.userId);
    assert.ok(u);
    assert.equal(u.usernameSafe, 'good_name');
    assert.equal(u.privileges, 1 << 20);
    assert.equal(u.country, 'FR');
    assert.ok(await bcrypt.compare(md5Hex(ok.password), u.passwordHash));
    assert.equal(await hasher.verify(md5Hex(ok.password), u.passwordHash), true);
    assert.equal(await hasher.verify(md5Hex('wrong password'), u.passwordHash), false);
    assert.equal((await storage.stats.getAllModes(r.userId)).length, 8);
  });

  test('taken name and email are field errors; nothing is written', async () => {
    const before = await storage.users.count();
    const r = await createUser({ storage, hasher }, { ...ok, username: 'good_name', email: 'GOOD@example.com' });
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.errors.username?.[0]?.includes('taken'));
    assert.ok(!r.ok && r.errors.email?.[0]?.includes('in use'));
    assert.equal(await storage.users.count(), before);
  });

  test('validateOnly writes nothing; bad country is rejected', async () => {
    const before = await storage.users.count();
    assert.deepEqual(await createUser({ storage, hasher }, { ...ok, username: 'Other', email: 'o@example.com' }, { validateOnly: true }), { ok: true, userId: 0 });
    const bad = await createUser({ storage, hasher }, { ...ok, username: 'Other', email: 'o@example.com', country: 'France' });
    assert.ok(!bad.ok && bad.errors.country);
    assert.equal(await storage.users.count(), before);
  });

  test('explicit privileges are kept', async () => {
    const r = await createUser({ storage, hasher }, { username: 'Staffer', email: 's@example.com', password: 'sufficiently long', privileges: 3 });
    assert.ok(r.ok);
    assert.equal((await storage.users.findById(r.userId))?.privileges, 3);
  });
});
