/** POST /channels/create + POST /channels/{id}/dial (trace e2): the channel is in Stasis before it is dialed. */
import { runDialplan } from './dialplan-run';
import { ev } from './events';
import { localPair, parseLocal } from './factory';
import { dialString, enterStasis, setDialplan, setState } from './lifecycle';
import { armDial, createPjsip, dialPjsip, failLocal, splitEndpoint, validate, type OriginateArgs } from './originate';
import { AriError } from './router';
import type { Channel } from './types';
import type { World } from './world';

/** POST /channels/create: the channel is in Stasis (state Down) before it is dialed. */
export function createChannel(world: World, a: OriginateArgs): { channel: Channel; start: () => void } {
  const endpoint = validate(world, a);
  if (!a.app) throw new AriError(400, 'Application must be specified');
  const [tech, resource] = splitEndpoint(endpoint);
  const app = a.app;
  const args = a.appArgs ? a.appArgs.split(',') : [];
  const ch = tech === 'Local' ? createLocal(world, resource, a) : createPjsip(world, resource, a);
  if (tech === 'PJSIP') {
    setDialplan(ch, { app_name: '', app_data: '' });
    ch.awaitingDial = (t) => dialPjsip(world, ch, t, () => undefined, '');
  }
  world.bus.subscribeChannel(app, ch.id);
  return {
    channel: ch,
    start: () => {
      setDialplan(ch, { app_name: 'Stasis', app_data: [app, ...args].join(',') });
      world.emit(ev.dialplan(ch), ch);
      enterStasis(world, ch, app, args);
    },
  };
}

function createLocal(world: World, resource: string, a: OriginateArgs): Channel {
  const target = parseLocal(resource);
  const [one, two] = localPair(world, target, { one: a.channelId, two: a.otherChannelId }, false);
  one.awaitingDial = (timeoutSec) => {
    world.emit(ev.dial(one, '', dialString(one)), one);
    armDial(world, one, timeoutSec, () => undefined, '');
    two.onAnswer = () => setState(world, one, 'Up');
    if (world.dialplan.find(target.context, target.exten)) runDialplan(world, two, target.context, target.exten, 1);
    else failLocal(world, one, two);
  };
  return one;
}

/** POST /channels/{id}/dial on a channel from /channels/create. */
export function dialCreated(ch: Channel, timeoutSec: number): () => void {
  const dial = ch.awaitingDial;
  if (!dial) throw new AriError(409, 'Channel cannot be dialed.');
  ch.awaitingDial = undefined;
  return () => dial(timeoutSec);
}
