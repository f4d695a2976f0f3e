/**
 * A user as the client sees them: USER_PRESENCE (83) and USER_STATS (11) built from the shared
 * Presence record. Encoded once per change and shared by every recipient's queue.
 */
import { countryIndex } from '../../../protocol/bancho/countries.js';
import { encodeServer } from '../../../protocol/bancho/writer.js';
import { vanillaOf } from '../../../protocol/osu/modes.js';
import type { Presence } from '../../ports/state.js';

export function presencePacket(p: Presence): Buffer {
  return encodeServer.USER_PRESENCE({
    userId: p.userId,
    username: p.username,
    utcOffset: p.utcOffset,
    countryIndex: countryIndex(p.country),
    privileges: p.clientPrivileges,
    mode: vanillaOf(p.mode),
    longitude: p.longitude,
    latitude: p.latitude,
    globalRank: p.globalRank,
  });
}

export function statsPacket(p: Presence): Buffer {
  return encodeServer.USER_STATS({
    userId: p.userId,
    action: {
      action: p.action,
      infoText: p.infoText,
      beatmapMd5: p.beatmapMd5,
      mods: p.mods,
      mode: vanillaOf(p.mode),
      beatmapId: p.beatmapId,
    },
    rankedScore: p.rankedScore,
    // The database keeps percent; the wire wants a fraction.
    accuracy: p.accuracy / 100,
    playCount: p.playcount,
    totalScore: p.totalScore,
    globalRank: p.globalRank,
    // The writer moves pp > 65535 into the ranked-score field (bpy/legacy rule).
    pp: Math.round(p.pp),
  });
}

/** 83 followed by 11. */
export function userPackets(p: Presence): Buffer {
  return Buffer.concat([presencePacket(p), statsPacket(p)]);
}
