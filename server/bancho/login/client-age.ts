/**
 * Client age rule (rs): a build is too old when its date plus 24 months (12 for cutting-edge) is
 * in the past.
 */
import type { OsuVersion } from '../../../protocol/bancho/version.js';

export function isClientTooOld(version: OsuVersion, nowMs: number): boolean {
  const months = version.stream === 'cuttingedge' ? 12 : 24;
  const { year, month, day } = version.date;
  const expires = Date.UTC(year, month - 1 + months, day);
  return expires < nowMs;
}
