/** ARI answered that the thing is gone (404) or not ours any more (409/422): the party hung up. A normal event. */
export class AriGone extends Error {
  constructor(readonly operation: string, cause: unknown) {
    super(`${operation}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'AriGone';
  }
}

/** Asterisk did not answer in time or is not connected: becomes "PBX unavailable" for people. */
export class AriUnavailable extends Error {
  constructor(readonly operation: string, reason: string) {
    super(`${operation}: ${reason}`);
    this.name = 'AriUnavailable';
  }
}

// ari-client drops the HTTP status and keeps the body; these are the bodies of 404/409/422 in the recorded traces.
const GONE = /not found|not in stasis|not in a stasis|not in bridge|channel not in|is not in the bridge|Channel is not/i;

/** Turns an ari-client rejection into AriGone when it means the channel, bridge or playback is gone. */
export function classifyAriError(operation: string, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (GONE.test(message)) return new AriGone(operation, err);
  return err instanceof Error ? err : new Error(message);
}

export const isGone = (err: unknown): err is AriGone => err instanceof AriGone;
