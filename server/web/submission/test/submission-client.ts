/**
 * Test helper (not a test): builds a stable client's score submission — the score string, the
 * client-hash string, both encrypted with the real cipher from one IV, and the multipart body
 * with the two same-named `score` parts — and posts it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { encryptField, scoreKey } from '../../../../protocol/osu/score-cipher.js';
import { formatScoreData, type ScoreData } from '../../../../protocol/osu/score-data.js';

export const md5 = (s: string | Uint8Array): string => createHash('md5').update(s).digest('hex');

/** The raw hardware a scripted player "has"; login sends md5(md5(raw)), c1 sends md5(raw). */
export interface RawHardware {
  osuPath: string;
  adapters: string;
  uninstallId: string;
  diskSignature: string;
}

export const hardwareOf = (username: string): RawHardware => ({
  osuPath: `C:\\osu!\\${username}`,
  adapters: `00-11-22-33-44-${md5(username).slice(0, 2)}.`,
  uninstallId: `uninstall-${username}`,
  diskSignature: `disk-${username}`,
});

/** Login's five hashes for the bancho client helper. */
export function loginHashes(hw: RawHardware) {
  return {
    osuPathMd5: md5(hw.osuPath),
    adapters: hw.adapters,
    adaptersMd5: md5(hw.adapters),
    uninstallMd5: md5(md5(hw.uninstallId)),
    diskMd5: md5(md5(hw.diskSignature)),
  };
}

export function clientHashString(hw: RawHardware): string {
  const h = loginHashes(hw);
  return `${h.osuPathMd5}:${h.adapters}:${h.adaptersMd5}:${h.uninstallMd5}:${h.diskMd5}:`;
}

export interface SubmissionOptions {
  data: Omit<ScoreData, 'checksum'> & { checksum?: string };
  password: string;
  hardware: RawHardware;
  osuVersion?: string;
  replay?: Uint8Array | null;
  iv?: Buffer;
  userAgent?: string;
  exited?: boolean;
  scoreTimeMs?: number;
  failTimeMs?: number;
  /** Replace the score part with these bytes (base64 text) as sent. */
  rawScore?: string;
  token?: string;
}

export interface BuiltSubmission {
  body: Buffer;
  contentType: string;
  headers: Record<string, string>;
  checksum: string;
}

export async function buildSubmission(o: SubmissionOptions): Promise<BuiltSubmission> {
  const osuVersion = o.osuVersion ?? '20240101';
  const key = scoreKey(osuVersion);
  const iv = o.iv ?? randomBytes(32);
  const checksum = o.data.checksum ?? randomBytes(16).toString('hex');
  const data: ScoreData = { ...o.data, checksum };
  const encScore = encryptField(Buffer.from(formatScoreData(data)), key, iv).toString('base64');
  const encHash = encryptField(Buffer.from(clientHashString(o.hardware)), key, iv).toString('base64');
  const fd = new FormData();
  fd.append('x', o.exited ? '1' : '0');
  fd.append('ft', String(o.failTimeMs ?? 0));
  fd.append('score', o.rawScore ?? encScore);
  fd.append('fs', Buffer.from('visual').toString('base64'));
  fd.append('bmk', data.beatmapMd5);
  fd.append('sbk', '');
  fd.append('iv', iv.toString('base64'));
  fd.append('c1', `${md5(o.hardware.uninstallId)}|${md5(o.hardware.diskSignature)}`);
  fd.append('st', String(o.scoreTimeMs ?? 90_000));
  fd.append('pass', md5(o.password));
  fd.append('osuver', osuVersion);
  fd.append('s', encHash);
  if (o.replay !== null) fd.append('score', new Blob([new Uint8Array(o.replay ?? replayBytes(checksum))]), 'score');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  const headers: Record<string, string> = { 'user-agent': o.userAgent ?? 'osu!' };
  if (o.token) headers.token = o.token;
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')!, headers, checksum };
}

/** Stand-in replay frames: unique bytes per play, comfortably over score-service's 24-byte floor. */
export const replayBytes = (seed: string): Buffer => Buffer.concat([Buffer.from('LZMA-frames:'), Buffer.from(seed), randomBytes(64)]);

export async function postSubmission(url: string, s: BuiltSubmission): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/web/osu-submit-modular-selector.php`, {
    method: 'POST',
    headers: { 'content-type': s.contentType, ...s.headers },
    body: new Uint8Array(s.body),
  });
  return { status: res.status, body: await res.text() };
}

/** The player and map of the crash test (crash-child.ts creates them). */
export const CRASH_USER = 'zed';
export const CRASH_PASSWORD = 'zed-password';
export const CRASH_MAP_MD5 = 'c'.repeat(32);
