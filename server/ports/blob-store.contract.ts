/**
 * The BlobStore contract, run against every adapter (server/adapters/blobs/test/*.test.ts).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { BlobStore } from './blob-store.js';
import { BlobKeyError, replayKey, screenshotKey } from './blob-store.js';

export interface BlobStoreFactory {
  create(): Promise<BlobStore>;
}

export function blobStoreContract(adapter: string, factory: BlobStoreFactory): void {
  describe(`BlobStore contract: ${adapter}`, () => {
    let blobs: BlobStore;
    before(async () => {
      blobs = await factory.create();
    });
    after(async () => {
      await blobs.close?.();
    });

    test('put then get returns the same bytes; exists follows', async () => {
      const bytes = randomBytes(4096);
      const key = replayKey(123456789);
      assert.equal(key, 'replays/123456789.osr');
      assert.equal(await blobs.exists(key), false);
      assert.equal(await blobs.get(key), undefined);
      await blobs.put(key, bytes, 'application/octet-stream');
      assert.equal(await blobs.exists(key), true);
      const back = await blobs.get(key);
      assert.ok(back);
      assert.ok(Buffer.from(bytes).equals(back));
    });

    test('put replaces; delete removes; deleting twice is fine', async () => {
      const key = screenshotKey('abc123.png');
      await blobs.put(key, Buffer.from('first'));
      await blobs.put(key, Buffer.from('second'));
      assert.equal((await blobs.get(key))?.toString(), 'second');
      await blobs.delete(key);
      assert.equal(await blobs.exists(key), false);
      assert.equal(await blobs.get(key), undefined);
      await blobs.delete(key);
    });

    test('empty and large objects', async () => {
      await blobs.put('replays/0.osr', new Uint8Array(0));
      assert.equal(await blobs.exists('replays/0.osr'), true);
      assert.equal((await blobs.get('replays/0.osr'))?.length, 0);
      const big = randomBytes(3 * 1024 * 1024);
      await blobs.put('replays/1.osr', big);
      assert.ok(big.equals((await blobs.get('replays/1.osr'))!));
    });

    test('keys are isolated: a prefix of a key is not the key', async () => {
      await blobs.put('replays/77.osr', Buffer.from('x'));
      assert.equal(await blobs.exists('replays/7.osr'), false);
      assert.equal(await blobs.exists('replays'), false);
    });

    test('unsafe keys are refused with BlobKeyError before any I/O', async () => {
      for (const key of ['', '../etc/passwd', 'replays/../x', '/abs', 'a//b', 'sp ace', 'replays/.', 'x\u0000y']) {
        await assert.rejects(blobs.put(key, Buffer.from('no')), BlobKeyError, key);
        await assert.rejects(blobs.get(key), BlobKeyError, key);
        await assert.rejects(blobs.exists(key), BlobKeyError, key);
      }
      assert.throws(() => screenshotKey('../x.png'), BlobKeyError);
    });

    test('concurrent puts of different keys all land', async () => {
      const keys = Array.from({ length: 20 }, (_, i) => `screenshots/c${i}.jpg`);
      await Promise.all(keys.map((k, i) => blobs.put(k, Buffer.from(String(i)))));
      const back = await Promise.all(keys.map((k) => blobs.get(k)));
      assert.deepEqual(
        back.map((b) => b?.toString()),
        keys.map((_, i) => String(i)),
      );
    });
  });
}
