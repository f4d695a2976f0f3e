/**
 * One replay ready for analysis: header plus §1.5 time line, decoded by a chosen LZMA path.
 * Decode and parse happen in the same worker as the heuristics so the frame text never crosses
 * threads (cheat-detection.md §1.7).
 */
import { readOsr, type OsrHeader, type Timeline } from '../../protocol/replay/index.js';
import { defaultKernels, type CheatKernels } from './kernels/index.js';

export interface LoadedReplay {
  header: OsrHeader;
  timeline: Timeline;
}

/** Builds the time line from a compressed frame stream (what a client uploads). */
export function timelineFromStream(stream: Uint8Array, k: CheatKernels = defaultKernels(), beatmapVersion?: number): Timeline {
  return k.timeline(stream, beatmapVersion);
}

export function loadReplay(osr: Uint8Array, k: CheatKernels = defaultKernels()): LoadedReplay {
  const file = readOsr(osr, { lzma: k.lzma });
  return { header: file.header, timeline: k.timeline(file.frames) };
}
