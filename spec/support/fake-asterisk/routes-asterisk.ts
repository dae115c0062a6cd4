/** /asterisk, /endpoints, /deviceStates, /mailboxes, /events/user routes. */
import { astTime } from './clock';
import { ev } from './events';
import { list, noContent, ok } from './params';
import { AriError, type Ctx, type Reply, type Router } from './router';
import type { Json } from './types';
import type { World } from './world';

const MODULES = ['res_ari.so', 'res_stasis.so', 'res_pjsip.so', 'chan_pjsip.so', 'res_stasis_playback.so', 'res_stasis_recording.so'];

export function registerAsteriskRoutes(r: Router, world: World): void {
  r.add('GET', '/asterisk/info', (c) => ok(info(world, list(c.query.only))));
  r.add('GET', '/asterisk/ping', () => ok({ asterisk_id: world.settings.asteriskId, ping: 'pong', timestamp: astTime() }));
  r.add('GET', '/asterisk/variable', (c) => ok({ value: world.globalVars.get(required(c.query.variable)) ?? '' }));
  r.add('POST', '/asterisk/variable', (c) => (world.globalVars.set(required(c.query.variable), c.query.value ?? ''), noContent));
  r.add('GET', '/asterisk/modules', () => ok(MODULES.map(moduleJson)));
  r.add('GET', '/asterisk/modules/{moduleName}', (c) => ok(moduleJson(knownModule(c))));
  for (const m of ['POST', 'PUT', 'DELETE']) r.add(m, '/asterisk/modules/{moduleName}', (c) => (knownModule(c), noContent));
  r.add('GET', '/asterisk/logging', () => ok([]));
  const cfg = '/asterisk/config/dynamic/{configClass}/{objectType}/{id}';
  r.add('GET', cfg, (c) => ok(world.config.get(c.params.configClass, c.params.objectType, c.params.id)));
  r.add('PUT', cfg, (c) => ok(world.config.put(c.params.configClass, c.params.objectType, c.params.id, fields(c))));
  r.add('DELETE', cfg, (c) => (world.config.delete(c.params.configClass, c.params.objectType, c.params.id), noContent));
  registerEndpoints(r, world);
  registerDevicesAndMailboxes(r, world);
  r.add('POST', '/events/user/{eventName}', (c) => userEvent(world, c));
}

function required(variable: string | undefined): string {
  if (!variable) throw new AriError(400, 'Variable name is required');
  return variable;
}

function info(world: World, only: string[]): Json {
  const started = astTime(world.startedAt);
  const all: Json = {
    build: { os: 'Linux', kernel: '6.18.44-fc-v669', machine: 'x86_64', options: 'OPTIONAL_API', date: '2026-11-22 03:16:19 UTC', user: 'root' },
    system: { version: '22.10.1', entity_id: world.settings.asteriskId },
    config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
    status: { startup_time: started, last_reload_time: started },
  };
  return only.length ? Object.fromEntries(Object.entries(all).filter(([k]) => only.includes(k))) : all;
}

function moduleJson(name: string): Json {
  return { name, description: name, use_count: 0, status: 'Running', support_level: 'core' };
}

function knownModule(c: Ctx): string {
  if (!MODULES.includes(c.params.moduleName)) throw new AriError(404, 'Module could not be found in running modules');
  return c.params.moduleName;
}

function fields(c: Ctx): Array<{ attribute: string; value: string }> {
  const f = c.body?.fields;
  if (f !== undefined && !Array.isArray(f)) throw new AriError(400, 'Bad request body');
  return ((f ?? []) as Array<{ attribute: string; value: unknown }>).map((x) => ({ attribute: String(x.attribute), value: String(x.value) }));
}

function registerEndpoints(r: Router, world: World): void {
  const endpointJson = (resource: string): Json => ({
    technology: 'PJSIP', resource, state: world.config.isOnline(resource) ? 'online' : 'offline',
    channel_ids: [...world.channels.values()].filter((ch) => ch.alive && ch.tech === 'PJSIP' && ch.endpoint === resource).map((ch) => ch.id),
  });
  r.add('GET', '/endpoints', () => ok(world.config.endpointIds().map(endpointJson)));
  r.add('GET', '/endpoints/{tech}', (c) => {
    if (c.params.tech.toUpperCase() !== 'PJSIP') throw new AriError(404, `No Endpoints found - invalid tech ${c.params.tech}`);
    return ok(world.config.endpointIds().map(endpointJson));
  });
  r.add('GET', '/endpoints/{tech}/{resource}', (c) => {
    if (c.params.tech.toUpperCase() !== 'PJSIP' || !world.config.hasEndpoint(c.params.resource)) throw new AriError(404, 'Endpoint not found');
    return ok(endpointJson(c.params.resource));
  });
}

function registerDevicesAndMailboxes(r: Router, world: World): void {
  const device = (name: string): Json => ({ name, state: world.deviceStates.get(name) ?? 'UNKNOWN' });
  r.add('GET', '/deviceStates', () => ok([...world.deviceStates.keys()].map(device)));
  r.add('GET', '/deviceStates/{deviceName}', (c) => ok(device(c.params.deviceName)));
  r.add('PUT', '/deviceStates/{deviceName}', (c) => setDevice(world, c.params.deviceName, c.query.deviceState));
  r.add('DELETE', '/deviceStates/{deviceName}', (c) => {
    if (!c.params.deviceName.startsWith('Stasis:')) throw new AriError(409, 'Uncontrolled device specified');
    if (!world.deviceStates.delete(c.params.deviceName)) throw new AriError(404, 'Device name is missing');
    return noContent;
  });
  const mailbox = (name: string): Json => {
    const m = world.mailboxes.get(name);
    if (!m) throw new AriError(404, 'Mailbox not found');
    return { name, old_messages: m.old, new_messages: m.new };
  };
  r.add('GET', '/mailboxes', () => ok([...world.mailboxes.keys()].map(mailbox)));
  r.add('GET', '/mailboxes/{mailboxName}', (c) => ok(mailbox(c.params.mailboxName)));
  r.add('PUT', '/mailboxes/{mailboxName}', (c) => {
    world.mailboxes.set(c.params.mailboxName, { old: Number(c.query.oldMessages ?? 0), new: Number(c.query.newMessages ?? 0) });
    return noContent;
  });
  r.add('DELETE', '/mailboxes/{mailboxName}', (c) => (mailbox(c.params.mailboxName), world.mailboxes.delete(c.params.mailboxName), noContent));
}

const DEVICE_STATES = ['NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD'];

function setDevice(world: World, name: string, state: string | undefined): Reply {
  if (!name.startsWith('Stasis:')) throw new AriError(409, 'Uncontrolled device specified');
  if (!state || !DEVICE_STATES.includes(state)) throw new AriError(400, 'Invalid device state');
  world.deviceStates.set(name, state);
  world.bus.publish(ev.deviceState(name, state), { device: name });
  return noContent;
}

function userEvent(world: World, c: Ctx): Reply {
  const app = c.query.application;
  if (!app || !world.bus.apps.has(app)) throw new AriError(404, 'Application not found');
  const vars = (c.body?.variables ?? {}) as Json;
  world.emitTo(app, ev.userEvent(c.params.eventName, vars));
  return noContent;
}
