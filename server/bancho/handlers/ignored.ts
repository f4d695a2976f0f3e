/**
 * Packets accepted and deliberately ignored: PING (any response drains the queue, so no PONG is
 * needed), ERROR_REPORT (client crash report nobody parses), BEATMAP_INFO_REQUEST and IRC_ONLY
 * (obsolete), RECEIVE_UPDATES is handled separately (its filter is stored).
 */
export const ignored = (): void => {};
