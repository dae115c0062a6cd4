/** /ari/events websockets: one per application at a time; a newer one replaces the older (trace h3). */
import type { Conn, WsLike } from './bus';
import { ev } from './events';
import type { World } from './world';

export interface WsSocket extends WsLike {
  on(event: 'close', cb: () => void): void;
  on(event: 'message' | 'error', cb: (arg: unknown) => void): void;
  /** ws internals: the frame parser, whose 'conclude' is a received close frame */
  _receiver?: { prependListener(event: 'conclude', cb: (code: number) => void): void };
}

const live = new WeakMap<World, Set<Conn>>();

/** Registers the apps on this websocket; the previous websocket of each gets ApplicationReplaced. */
export function connectApps(world: World, ws: WsSocket, apps: string[], subscribeAll: boolean): void {
  const conn = world.bus.newConn(ws, apps);
  conns(world).add(conn);
  for (const name of apps) {
    const app = world.bus.app(name);
    if (app.conn && app.conn !== conn) world.bus.deliver(app, ev.applicationReplaced());
    app.conn = conn;
    app.subscribeAll = subscribeAll;
  }
  ws.on('error', () => undefined);
  ws.on('close', () => disconnect(world, conn));
  // Asterisk answers a close frame without a status code with 1000; ws would echo an empty one (1005)
  ws._receiver?.prependListener('conclude', (code) => code === 1005 && ws.close(1000));
  world.bus.changed();
}

/** The app stays registered (channels stay in Stasis) but nothing is delivered or queued. */
function disconnect(world: World, conn: Conn): void {
  conns(world).delete(conn);
  for (const name of conn.apps) {
    const app = world.bus.apps.get(name);
    if (app?.conn === conn) app.conn = undefined;
  }
  world.bus.prune();
  world.bus.changed();
}

function conns(world: World): Set<Conn> {
  let set = live.get(world);
  if (!set) {
    set = new Set();
    live.set(world, set);
  }
  return set;
}

/** Closes every event websocket: a close frame (clean) or a TCP drop (the client sees 1006). */
export function dropConnections(world: World, opts: { abrupt?: boolean; code?: number } = {}): void {
  for (const conn of [...conns(world)]) {
    if (opts.abrupt) conn.ws.terminate();
    else conn.ws.close(opts.code ?? 1000);
    disconnect(world, conn);
  }
}

/** Names of applications that currently have a websocket. */
export function connectedApps(world: World): string[] {
  return [...world.bus.apps.values()].filter((a) => a.conn).map((a) => a.name);
}
