import { randomInt } from 'node:crypto';
import type { Account } from '../../app/features/accounts/entities';
import { Call, CallLeg } from '../../app/features/calls/entities';
import type { Extension } from '../../app/features/extensions/entities';
import { CALL_DIRECTIONS, CHANNEL_VARS, DIALPLAN_CONTEXTS, DIALPLAN_EXTEN, DIALPLAN_EXTEN_PATTERN } from '../../app/pbx/contract';
import type { DialBehaviour, Phone, RequestLogEntry } from '../support/fake-asterisk';
import { buildAccountWithOwner } from '../support/factories';
import type { PbxHarness } from '../support/pbx';
import { buildExtension } from '../support/telephony-factories';

/** Helpers the hold and transfer specs share. */

/** A channel id shaped like Asterisk's, unique across fakes (call records are unique per node + channel). */
export const uniqueChannelId = () => `${Math.floor(Date.now() / 1000)}.${randomInt(1_000_000, 999_999_999)}`;

/**
 * The transfers context as the project's extensions.conf has it: a phone's REFER target runs
 * Stasis(app,transferred,<exten>) on the far half of a Local channel. (The fake ignores
 * TRANSFER_CONTEXT, so tests name this context in the REFER.)
 */
export function addTransfersContext(h: PbxHarness): void {
  h.fake.dialplan.set(DIALPLAN_CONTEXTS.transfers, DIALPLAN_EXTEN_PATTERN, [
    { app: 'Set', data: `${CHANNEL_VARS.direction}=${CALL_DIRECTIONS.transferred}` },
    { app: 'Stasis', data: `${h.app},${CALL_DIRECTIONS.transferred},${DIALPLAN_EXTEN}` },
  ]);
}

export interface Office {
  account: Account;
  alice: Extension;
  bob: Extension;
  carol: Extension;
}

/** An account with three registered phones: 201 alice, 202 bob, 203 carol (101-104 are emergency numbers). */
export async function buildOffice(h: PbxHarness, carol: Partial<Extension> = {}): Promise<Office> {
  const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid' });
  const alice = await buildExtension(h.deps.db, account, '201', { name: 'Алия', voicemailEnabled: false });
  const bob = await buildExtension(h.deps.db, account, '202', { name: 'Бауыржан', voicemailEnabled: false });
  const carolExt = await buildExtension(h.deps.db, account, '203', { name: 'Камила', voicemailEnabled: false, ...carol });
  for (const ext of [alice, bob, carolExt]) h.fake.addEndpoint(ext.sipUsername, { online: true });
  return { account, alice, bob, carol: carolExt };
}

/** The extension's phone dials `dialled` (from-phones hands it to Stasis(app,internal,<dialled>)). */
export function dialFrom(h: PbxHarness, ext: Pick<Extension, 'sipUsername'>, dialled: string): Phone {
  return h.fake.callIntoStasis({
    app: h.app, channelId: uniqueChannelId(), args: ['internal', dialled], endpoint: ext.sipUsername, tech: 'PJSIP', callerNumber: ext.sipUsername,
    channelVars: { [CHANNEL_VARS.callerEndpoint]: ext.sipUsername, [CHANNEL_VARS.transferContext]: DIALPLAN_CONTEXTS.transfers },
  });
}

/** The phone of an extension answers when rung (after `afterMs` Asterisk ms). */
export function answers(h: PbxHarness, ext: Extension, behaviour: DialBehaviour = { action: 'answer', afterMs: 50 }): void {
  h.fake.onDial(`PJSIP/${ext.sipUsername}`, behaviour);
}

/** `from` calls `to`, `to` answers, and both are in the call's bridge with the talking phase begun. */
export async function talking(h: PbxHarness, from: Extension, to: Extension): Promise<{ caller: Phone; callee: Phone }> {
  answers(h, to);
  const caller = dialFrom(h, from, to.exten);
  const callee = await h.fake.waitForDial(to.sipUsername);
  await inBridgeWith(h, caller, callee);
  await talkingPhaseOf(h, callee);
  return { caller, callee };
}

/**
 * The talking phase begins a moment after the parties are bridged (the recording starts first);
 * it shows when the app points the rung phone's transfers at the transfers context.
 */
export async function talkingPhaseOf(h: PbxHarness, callee: Phone): Promise<void> {
  await h.fake.waitForRequest((r) => r.path === `/channels/${callee.channelId}/variable` && r.query.variable === CHANNEL_VARS.transferContext);
}

/** Polls until the phones' channels are the only ones in one bridge; returns its id. */
export async function inBridgeWith(h: PbxHarness, ...phones: Phone[]): Promise<string> {
  const ids = phones.map((p) => p.channelId).sort();
  return until(() => h.fake.bridges().find((b) => JSON.stringify([...b.channels].sort()) === JSON.stringify(ids))?.id);
}

/** The call record a channel is a leg of. */
export async function callOf(h: PbxHarness, channelId: string): Promise<Call> {
  const leg = await until(() => h.deps.db.getRepository(CallLeg).findOneBy({ channelId }));
  return h.deps.db.getRepository(Call).findOneByOrFail({ id: leg.callId });
}

/** The call record once it is finished. */
export function finished(h: PbxHarness, callId: number): Promise<Call> {
  return until(() => h.deps.db.getRepository(Call).findOneBy({ id: callId, state: 'ended' }));
}

/** Requests the app sent so far that match. */
export function requestsTo(h: PbxHarness, method: string, path: string | RegExp): RequestLogEntry[] {
  return h.fake.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
}

/** Media the app played to a channel, in order. */
export function mediaPlayedTo(h: PbxHarness, channelId: string): string[] {
  return requestsTo(h, 'POST', `/channels/${channelId}/play`).map((r) => String(r.query.media));
}

import { until } from '../support/until';
export { until };
