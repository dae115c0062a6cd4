import type { Event } from 'ari-client';

export type AriEvent = Event & Record<string, any>;
export type EventHandler = (event: AriEvent) => void;

/**
 * Routes each ARI event to the handlers of the ids it concerns (channel, playback, recording,
 * bridge), so a call's listeners live in one map entry removed at the call's end: nothing leaks,
 * and the cost of an event does not grow with the number of calls.
 */
export class EventRouter {
  private readonly handlers = new Map<string, Set<EventHandler>>();

  /** Keys an event concerns, e.g. "channel:1700.5", "playback:p-1", "type:StasisStart". */
  static keysOf(event: AriEvent): string[] {
    const keys = [`type:${event.type}`];
    if (event.channel?.id) keys.push(`channel:${event.channel.id}`);
    if (event.peer?.id) keys.push(`channel:${event.peer.id}`);
    if (event.playback?.id) keys.push(`playback:${event.playback.id}`);
    if (event.recording?.name) keys.push(`recording:${event.recording.name}`);
    if (event.bridge?.id) keys.push(`bridge:${event.bridge.id}`);
    if (event.transferer_first_leg?.id) keys.push(`channel:${event.transferer_first_leg.id}`);
    if (event.transferer_second_leg?.id) keys.push(`channel:${event.transferer_second_leg.id}`);
    if (event.referred_by?.source_channel?.id) keys.push(`channel:${event.referred_by.source_channel.id}`);
    if (event.replace_channel?.id) keys.push(`channel:${event.replace_channel.id}`);
    return keys;
  }

  dispatch(event: AriEvent): void {
    for (const key of new Set(EventRouter.keysOf(event))) {
      const set = this.handlers.get(key);
      if (!set) continue;
      for (const handler of [...set]) handler(event);
    }
  }

  /** Adds a handler; the returned function removes it. */
  on(key: string, handler: EventHandler): () => void {
    let set = this.handlers.get(key);
    if (!set) this.handlers.set(key, (set = new Set()));
    set.add(handler);
    return () => {
      set!.delete(handler);
      if (set!.size === 0 && this.handlers.get(key) === set) this.handlers.delete(key);
    };
  }

  /** How many ids have handlers: a leak shows here. */
  get size(): number {
    return this.handlers.size;
  }
}
