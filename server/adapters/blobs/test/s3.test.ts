/**
 * The S3 adapter against s3rver, a local S3-compatible server started here on loopback: the real
 * AWS SDK speaks real S3 HTTP (signed requests, path-style URLs) to it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blobStoreContract } from '../../../ports/blob-store.contract.js';
import { S3BlobStore } from '../s3-blob-store.js';
import { startS3Server, type LocalS3 } from './local-s3.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hayate-s3rver-'));
let s3: LocalS3;
before(async () => {
  s3 = await startS3Server(dir, ['hayate-test']);
});
after(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

const options = () => ({
  endpoint: s3.endpoint,
  bucket: 'hayate-test',
  region: 'us-east-1',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  forcePathStyle: true,
});

blobStoreContract('s3', { create: async () => new S3BlobStore(options()) });

test('objects are stored under the exact key (replays/<id>.osr), readable by any S3 client', async () => {
  const blobs = new S3BlobStore(options());
  try {
    await blobs.put('replays/500000001.osr', Buffer.from('abc'));
    const res = await fetch(`${s3.endpoint}/hayate-test/replays/500000001.osr`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'abc');
  } finally {
    await blobs.close();
  }
});

test('a missing bucket is an error, not "absent"', async () => {
  const blobs = new S3BlobStore({ ...options(), bucket: 'no-such-bucket' });
  try {
    await assert.rejects(blobs.put('replays/1.osr', Buffer.from('x')));
  } finally {
    await blobs.close();
  }
});
