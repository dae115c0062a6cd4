/** /applications routes: list, details, subscriptions, event filters. */
import { list, ok } from './params';
import { AriError, type Ctx, type Reply, type Router } from './router';
import type { App } from './bus';
import type { Json } from './types';
import type { World } from './world';

/** Application JSON; subscribeAll apps show Asterisk's "all" topics. */
export function appJson(world: World, app: App): Json {
  const ids = (m: Map<string, number>): string[] => [...m.keys()];
  return {
    name: app.name,
    channel_ids: app.subscribeAll ? ['__AST_CHANNEL_ALL_TOPIC'] : ids(app.channelSubs).filter((id) => world.channel(id)),
    bridge_ids: app.subscribeAll ? ['__AST_BRIDGE_ALL_TOPIC'] : ids(app.bridgeSubs).filter((id) => world.bridges.has(id)),
    endpoint_ids: app.subscribeAll ? ['__AST_ENDPOINT_ALL_TOPIC'] : [...app.endpointSubs],
    device_names: app.subscribeAll ? ['__AST_DEVICE_STATE_ALL_TOPIC'] : [...app.deviceSubs],
    events_allowed: app.allowed,
    events_disallowed: app.disallowed,
  };
}

export function registerAppRoutes(r: Router, world: World): void {
  const app = (c: Ctx): App => {
    const a = world.bus.apps.get(c.params.applicationName);
    if (!a) throw new AriError(404, 'Application not found');
    return a;
  };
  r.add('GET', '/applications', () => ok([...world.bus.apps.values()].sort((a, b) => a.name.localeCompare(b.name)).map((a) => appJson(world, a))));
  r.add('GET', '/applications/{applicationName}', (c) => ok(appJson(world, app(c))));
  r.add('POST', '/applications/{applicationName}/subscription', (c) => subscription(world, app(c), c, true));
  r.add('DELETE', '/applications/{applicationName}/subscription', (c) => subscription(world, app(c), c, false));
  r.add('PUT', '/applications/{applicationName}/eventFilter', (c) => {
    const a = app(c);
    const filter = (c.body ?? {}) as { allowed?: Json[]; disallowed?: Json[] };
    if (filter.allowed !== undefined || filter.disallowed === undefined) a.allowed = filter.allowed ?? [];
    if (filter.disallowed !== undefined || filter.allowed === undefined) a.disallowed = filter.disallowed ?? [];
    return ok(appJson(world, a));
  });
}

/** eventSource=channel:ID|bridge:ID|endpoint:TECH/RES|deviceState:NAME (comma list). */
function subscription(world: World, app: App, c: Ctx, add: boolean): Reply {
  const sources = list(c.query.eventSource);
  if (sources.length === 0) throw new AriError(400, 'Missing parameter eventSource');
  for (const source of sources) {
    const [scheme, id = ''] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
    if (!['channel', 'bridge', 'endpoint', 'deviceState'].includes(scheme)) throw new AriError(400, 'Invalid event source URI scheme');
    if (!sourceExists(world, scheme, id)) throw new AriError(422, 'Event source does not exist');
    if (!add && !isSubscribed(app, scheme, id)) throw new AriError(409, 'Application not subscribed to event source');
    apply(world, app, scheme, id, add ? 1 : -1);
  }
  return ok(appJson(world, app));
}

function sourceExists(world: World, scheme: string, id: string): boolean {
  if (scheme === 'channel') return world.channel(id) !== undefined;
  if (scheme === 'bridge') return world.bridges.has(id);
  if (scheme === 'endpoint') return world.config.hasEndpoint(id.split('/')[1] ?? id);
  return true;
}

function isSubscribed(app: App, scheme: string, id: string): boolean {
  if (scheme === 'channel') return app.channelSubs.has(id);
  if (scheme === 'bridge') return app.bridgeSubs.has(id);
  return scheme === 'endpoint' ? app.endpointSubs.has(id) : app.deviceSubs.has(id);
}

function apply(world: World, app: App, scheme: string, id: string, delta: number): void {
  if (scheme === 'channel') return world.bus.subscribeChannel(app.name, id, delta);
  if (scheme === 'bridge') return world.bus.subscribeBridge(app.name, id, delta);
  const set = scheme === 'endpoint' ? app.endpointSubs : app.deviceSubs;
  if (delta > 0) set.add(id);
  else set.delete(id);
}
