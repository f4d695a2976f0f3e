/**
 * Failed logins (§3.4): an ordinary 200 whose body is a notification followed by packet 5 with a
 * negative code, and `cho-token: no`.
 */
import { encodeServer } from '../../../protocol/bancho/writer.js';

export const LoginCode = {
  /** Bad credentials, banned/locked account, refused by the multi-account rules, session cap. */
  AuthenticationFailed: -1,
  /** The client offers to update. */
  ClientTooOld: -2,
  Banned: -3,
  /** Unexpected server error and maintenance mode (rs). */
  ServerError: -5,
} as const;

export interface LoginAnswer {
  token: string;
  body: Buffer;
  /** Set on success. */
  userId?: number;
}

export function loginFailure(code: number, notification: string): LoginAnswer {
  return { token: 'no', body: Buffer.concat([encodeServer.NOTIFICATION(notification), encodeServer.USER_ID(code)]) };
}
