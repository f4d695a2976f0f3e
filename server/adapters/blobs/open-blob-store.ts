/** Chooses the BlobStore from the configuration: S3 when S3_BUCKET is set, else DATA_DIR. */
import type { Config } from '../../config.js';
import type { BlobStore } from '../../ports/blob-store.js';
import { DirectoryBlobStore } from './directory-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

export function openBlobStore(config: Pick<Config, 'dataDir' | 's3'>): BlobStore {
  return config.s3 ? new S3BlobStore(config.s3) : new DirectoryBlobStore(config.dataDir);
}
