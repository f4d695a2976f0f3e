import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { blobStoreContract } from '../../../ports/blob-store.contract.js';
import { DirectoryBlobStore } from '../directory-blob-store.js';

const root = mkdtempSync(path.join(tmpdir(), 'hayate-blobs-'));
after(() => rmSync(root, { recursive: true, force: true }));

blobStoreContract('directory', { create: async () => new DirectoryBlobStore(path.join(root, 'contract')) });

test('directory layout is <root>/replays/<id>.osr and no temporary file is left behind', async () => {
  const dir = path.join(root, 'layout');
  const blobs = new DirectoryBlobStore(dir);
  await blobs.put('replays/42.osr', Buffer.from('frames'));
  assert.equal(readFileSync(path.join(dir, 'replays', '42.osr'), 'utf8'), 'frames');
  assert.deepEqual(readdirSync(path.join(dir, 'replays')), ['42.osr']);
});
