import type { AriEvent, EventRouter } from './event-router';

/** The party hung up (or the channel left the app) while we waited for something. */
export class HungUp extends Error {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} hung up`);
    this.name = 'HungUp';
  }
}

export class WaitTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`no ${what} within ${ms} ms`);
    this.name = 'WaitTimeout';
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Aborted when the party hangs up; its reason is thrown. */
  signal?: AbortSignal;
}

/** Resolves with the first event under `key` that matches; subscribes before the caller acts, so no race with the response. */
export function waitForEvent(router: EventRouter, key: string, match: (e: AriEvent) => boolean, options: WaitOptions = {}): Promise<AriEvent> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    let timer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      off();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const off = router.on(key, (event) => match(event) && finish(() => resolve(event)));
    const onAbort = () => finish(() => reject(options.signal!.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) timer = setTimeout(() => finish(() => reject(new WaitTimeout(key, options.timeoutMs!))), options.timeoutMs);
  });
}
