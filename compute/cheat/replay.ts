/**
 * One replay ready for analysis: header plus §1.5 time line, decoded by a chosen LZMA path.
 * Decode and parse happen in the same worker as the heuristics so the frame text never crosses
 * threads (cheat-detection.md §1.7).
 */
import { buildTimeline, decodeLzmaJs, parseFrameText, readOsr, type LzmaDecoder, type OsrHeader, type Timeline } from '../../protocol/replay/index.js';

export interface LoadedReplay {
  header: OsrHeader;
  timeline: Timeline;
}

/** Builds the time line from a compressed frame stream (what a client uploads). */
export function timelineFromStream(stream: Uint8Array, lzma: LzmaDecoder = decodeLzmaJs, beatmapVersion?: number): Timeline {
  return buildTimeline(parseFrameText(lzma(stream)), beatmapVersion === undefined ? {} : { beatmapVersion });
}

export function loadReplay(osr: Uint8Array, lzma: LzmaDecoder = decodeLzmaJs): LoadedReplay {
  const file = readOsr(osr, { lzma });
  return { header: file.header, timeline: timelineFromStream(file.frames, lzma) };
}
