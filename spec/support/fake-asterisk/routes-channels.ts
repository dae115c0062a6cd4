/** /channels routes: thin handlers over originate, lifecycle, dialplan and media. */
import { HANGUP_REASONS } from './causes';
import { continueInDialplan } from './dialplan-run';
import { ev } from './events';
import { enterStasis, hangup, newChannel } from './lifecycle';
import { createChannel, dialCreated } from './create-dial';
import { originate, type OriginateArgs } from './originate';
import { fakeUuid, int, noContent, ok, variables } from './params';
import { AriError, type Ctx, type Reply, type Router } from './router';
import { channelJson } from './snapshots';
import { transferProgress } from './transfers';
import type { Channel } from './types';
import type { World } from './world';
import { registerChannelMedia } from './routes-channel-media';

export function registerChannelRoutes(r: Router, world: World): void {
  r.add('GET', '/channels', () => ok([...world.channels.values()].filter((c) => c.alive).map(channelJson)));
  r.add('POST', '/channels', (c) => startOriginate(world, c, originate));
  r.add('POST', '/channels/create', (c) => startOriginate(world, c, createChannel));
  r.add('GET', '/channels/{channelId}', (c) => ok(channelJson(world.requireChannel(c.params.channelId))));
  r.add('POST', '/channels/{channelId}', (c) => startOriginate(world, { ...c, query: { ...c.query, channelId: c.params.channelId } }, originate));
  r.add('DELETE', '/channels/{channelId}', (c) => hangupRoute(world, c));
  r.add('POST', '/channels/{channelId}/continue', (c) => continueRoute(world, c));
  r.add('POST', '/channels/{channelId}/move', (c) => moveRoute(world, c));
  r.add('POST', '/channels/{channelId}/dial', (c) => dialRoute(world, c));
  r.add('POST', '/channels/{channelId}/snoop', (c) => snoopRoute(world, c, c.query.snoopId));
  r.add('POST', '/channels/{channelId}/snoop/{snoopId}', (c) => snoopRoute(world, c, c.params.snoopId));
  r.add('POST', '/channels/{channelId}/transfer_progress', (c) => progressRoute(world, c));
  r.add('POST', '/channels/{channelId}/redirect', () => {
    throw new AriError(501, 'Not implemented by the fake Asterisk');
  });
  r.add('POST', '/channels/externalMedia', () => {
    throw new AriError(501, 'Not implemented by the fake Asterisk');
  });
  registerChannelMedia(r, world);
}

function originateArgs(c: Ctx): OriginateArgs {
  const q = c.query;
  return {
    endpoint: q.endpoint, extension: q.extension, context: q.context, priority: q.priority ? int(q.priority, 1) : undefined,
    app: q.app, appArgs: q.appArgs, callerId: q.callerId, timeout: int(q.timeout, 30), channelId: q.channelId,
    otherChannelId: q.otherChannelId, originator: q.originator, formats: q.formats, variables: variables(c.body),
  };
}

function startOriginate(world: World, c: Ctx, how: (w: World, a: OriginateArgs) => { channel: Channel; start: () => void }): Reply {
  const { channel, start } = how(world, originateArgs(c));
  c.after(start);
  return ok(channelJson(channel));
}

function hangupRoute(world: World, c: Ctx): Reply {
  const ch = world.requireChannel(c.params.channelId);
  const { reason, reason_code: code } = c.query;
  let cause = 16;
  if (code !== undefined) cause = int(code, -1);
  else if (reason !== undefined) cause = HANGUP_REASONS[reason] ?? -1;
  if (cause < 0) throw new AriError(400, 'Invalid reason for hangup provided');
  // Events before the 204: the traces show both orders; this one also settles requests racing the hang-up.
  hangup(world, ch, { cause, request: { cause: 32, soft: true } });
  return noContent;
}

function continueRoute(world: World, c: Ctx): Reply {
  const ch = world.requireStasis(c.params.channelId);
  const { context, extension, priority } = c.query;
  c.after(() => continueInDialplan(world, ch, { context, extension, priority: priority ? int(priority, 1) : undefined }));
  return noContent;
}

/** move: StasisEnd/StasisStart between apps, or ApplicationMoveFailed (trace f2). */
function moveRoute(world: World, c: Ctx): Reply {
  const ch = world.requireStasis(c.params.channelId);
  const target = c.query.app;
  if (!target) throw new AriError(400, 'Missing parameter app');
  const args = c.query.appArgs ? c.query.appArgs.split(',') : [];
  c.after(() => {
    const from = ch.stasis?.app;
    if (!from || !ch.alive) return;
    if (!world.bus.isActive(target)) return world.emitTo(from, ev.moveFailed(ch, target, args));
    ch.stasis = undefined;
    world.emitTo(from, ev.stasisEnd(ch));
    world.bus.subscribeChannel(from, ch.id, -1);
    world.bus.subscribeChannel(target, ch.id);
    ch.stasis = { app: target, args };
    world.emitTo(target, ev.stasisStart(ch, args));
  });
  return noContent;
}

function dialRoute(world: World, c: Ctx): Reply {
  const ch = world.channel(c.params.channelId);
  if (!ch) throw new AriError(404, 'Channel cannot be found.');
  c.after(dialCreated(ch, int(c.query.timeout, 0)));
  return noContent;
}

/** A Snoop/ channel that enters the given app right away (cheap spy/whisper stand-in). */
function snoopRoute(world: World, c: Ctx, snoopId: string | undefined): Reply {
  const target = world.requireChannel(c.params.channelId);
  const app = c.query.app;
  if (!app) throw new AriError(400, 'Missing parameter app');
  const snoop = newChannel(world, {
    id: snoopId || fakeUuid(), name: `Snoop/${target.id}-${world.ids.unrealSuffix()}`, tech: 'Snoop', state: 'Up',
    dialplan: { context: 'default', exten: 's', priority: 1, app_name: 'Stasis', app_data: app },
  });
  const args = c.query.appArgs ? c.query.appArgs.split(',') : [];
  c.after(() => enterStasis(world, snoop, app, args));
  return ok(channelJson(snoop));
}

function progressRoute(world: World, c: Ctx): Reply {
  const ch = world.requireChannel(c.params.channelId);
  const states = c.query.states;
  if (!states || !['channel_progress', 'channel_answered', 'channel_declined', 'channel_unavailable'].includes(states)) {
    throw new AriError(400, 'Invalid states value');
  }
  c.after(() => transferProgress(world, ch, states));
  return noContent;
}

