/**
 * The public packet readers (shared/spec/bancho-protocol.md §1–2). See client-reader.ts and
 * server-reader.ts; the contract is in errors.ts (DecodeResult): never throws, unknown ids are
 * skipped by length, the first malformed packet stops decoding with a BanchoDecodeError.
 */
export { readClientPackets } from './client-reader.js';
export { readServerPackets } from './server-reader.js';
export { BanchoDecodeError } from './errors.js';
export type { DecodeResult, SkippedPacket } from './errors.js';
