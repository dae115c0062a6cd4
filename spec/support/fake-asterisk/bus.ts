/** Stasis applications, their subscriptions, and event delivery to websockets. */
import type { AriEvent, EventLogEntry, Json, RequestLogEntry } from './types';

export interface WsLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface Conn {
  id: number;
  ws: WsLike;
  apps: string[];
}

export interface App {
  name: string;
  conn?: Conn;
  subscribeAll: boolean;
  channelSubs: Map<string, number>;
  bridgeSubs: Map<string, number>;
  endpointSubs: Set<string>;
  deviceSubs: Set<string>;
  /** PUT /applications/{app}/eventFilter */
  allowed: Json[];
  disallowed: Json[];
}

/** Who an event is about; recipients follow the apps' subscriptions. */
export interface Route {
  channelIds?: string[];
  bridgeId?: string;
  device?: string;
  /** app-specific events (StasisStart, StasisEnd, ApplicationReplaced, ...) */
  apps?: string[];
}

const OPEN = 1;

export class Bus {
  readonly apps = new Map<string, App>();
  readonly events: EventLogEntry[] = [];
  readonly requests: RequestLogEntry[] = [];
  private seq = 0;
  private connIds = 0;
  private waiters = new Set<() => void>();

  constructor(private readonly asteriskId: string) {}

  nextSeq(): number {
    return ++this.seq;
  }

  newConn(ws: WsLike, apps: string[]): Conn {
    return { id: ++this.connIds, ws, apps };
  }

  /** Finds or registers an application (Asterisk keeps them after their websocket closes). */
  app(name: string): App {
    let app = this.apps.get(name);
    if (!app) {
      app = {
        name, subscribeAll: false, channelSubs: new Map(), bridgeSubs: new Map(), endpointSubs: new Set(), deviceSubs: new Set(),
        allowed: [], disallowed: [],
      };
      this.apps.set(name, app);
    }
    return app;
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.conn !== undefined;
  }

  publish(event: Json, route: Route): void {
    for (const app of this.recipients(route)) this.deliver(app, event);
  }

  /** Sends one event to one app's current websocket, if it has one. */
  deliver(app: App, event: Json): void {
    const conn = app.conn;
    if (!conn || conn.ws.readyState !== OPEN || !passesFilter(app, String(event.type))) return;
    const full = { ...event, asterisk_id: this.asteriskId, application: app.name } as AriEvent;
    conn.ws.send(JSON.stringify(full));
    this.events.push({ seq: this.nextSeq(), time: Date.now(), app: app.name, connId: conn.id, type: String(event.type), event: full });
    this.changed();
  }

  private recipients(route: Route): App[] {
    if (route.apps) return route.apps.map((n) => this.apps.get(n)).filter((a): a is App => a !== undefined);
    return [...this.apps.values()].filter((app) => app.subscribeAll || this.interested(app, route));
  }

  private interested(app: App, route: Route): boolean {
    if (route.channelIds?.some((id) => (app.channelSubs.get(id) ?? 0) > 0)) return true;
    if (route.bridgeId && (app.bridgeSubs.get(route.bridgeId) ?? 0) > 0) return true;
    return route.device !== undefined && app.deviceSubs.has(route.device);
  }

  /** Only registered apps can subscribe (originate app=<unknown app> subscribes nothing). */
  subscribeChannel(appName: string, channelId: string, delta = 1): void {
    const app = this.apps.get(appName);
    if (app) bump(app.channelSubs, channelId, delta);
    this.prune();
  }

  subscribeBridge(appName: string, bridgeId: string, delta = 1): void {
    const app = this.apps.get(appName);
    if (app) bump(app.bridgeSubs, bridgeId, delta);
    this.prune();
  }

  forgetChannel(channelId: string): void {
    for (const app of this.apps.values()) app.channelSubs.delete(channelId);
    this.prune();
  }

  forgetBridge(bridgeId: string): void {
    for (const app of this.apps.values()) app.bridgeSubs.delete(bridgeId);
    this.prune();
  }

  /** Asterisk forgets an app once it has neither a websocket nor any subscription. */
  prune(): void {
    for (const [name, app] of this.apps) {
      const subscribed = app.channelSubs.size + app.bridgeSubs.size + app.endpointSubs.size + app.deviceSubs.size > 0;
      if (!app.conn && !subscribed) this.apps.delete(name);
    }
  }

  logRequest(entry: Omit<RequestLogEntry, 'seq' | 'time'>): RequestLogEntry {
    const full = { seq: this.nextSeq(), time: Date.now(), ...entry };
    this.requests.push(full);
    this.changed();
    return full;
  }

  /** Resolves with the first value `find` returns, re-checking whenever the logs grow. */
  waitFor<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = find();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake-asterisk: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  changed(): void {
    for (const check of [...this.waiters]) check();
  }
}

function passesFilter(app: App, type: string): boolean {
  const has = (list: Json[]): boolean => list.some((f) => f.type === type);
  if (has(app.disallowed)) return false;
  return app.allowed.length === 0 || has(app.allowed);
}

function bump(map: Map<string, number>, key: string, delta: number): void {
  const next = (map.get(key) ?? 0) + delta;
  if (next > 0) map.set(key, next);
  else map.delete(key);
}
