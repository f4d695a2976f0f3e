/** Public API of the bancho protocol layer: ids, types, readers, writers, login, versions, countries. */
export { ClientPacketId, ServerPacketId, PROTOCOL_VERSION } from './ids.js';
export type { ClientPacketName, ServerPacketName, ClientPacketIdValue, ServerPacketIdValue } from './ids.js';
export * from './types.js';
export type { ClientPayloads, ServerPayloads, ClientPacket, ServerPacket } from './payloads.js';
export { readClientPackets, readServerPackets, BanchoDecodeError } from './reader.js';
export type { DecodeResult, SkippedPacket } from './reader.js';
export { encodeServer, encodeClient, encodeRawPacket, concatPackets, encodeServerPacket, encodeClientPacket } from './writer.js';
export type { MatchEncodeOptions, ServerEncoders, ClientEncoders } from './writer.js';
export { parseLoginBody, LoginParseError } from './login.js';
export type { LoginRequest, ClientHashes, LoginField } from './login.js';
export { parseOsuVersion, OsuVersionError } from './version.js';
export type { OsuVersion, ReleaseStream } from './version.js';
export { countryIndex, countryCode, COUNTRY_CODES } from './countries.js';
