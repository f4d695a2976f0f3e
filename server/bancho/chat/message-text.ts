/** Message text rules shared by public and private chat. */

export const MAX_MESSAGE_LENGTH = 2000;
export const TRUNCATION_SUFFIX = '... (truncated)';

/** Trims; cuts to 2000 characters plus `... (truncated)` (bpy). */
export function normaliseText(raw: string): { text: string; truncated: boolean } {
  const trimmed = raw.trim();
  if (trimmed.length <= MAX_MESSAGE_LENGTH) return { text: trimmed, truncated: false };
  return { text: trimmed.slice(0, MAX_MESSAGE_LENGTH) + TRUNCATION_SUFFIX, truncated: true };
}

export const truncatedNotice = `Your message was longer than ${MAX_MESSAGE_LENGTH} characters and has been truncated.`;
