import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Extension } from '../../app/features/extensions/entities';
import type { PhoneNumber } from '../../app/features/numbers/entities';
import { CHANNEL_VARS } from '../../app/pbx/contract';
import type { Phone, RequestLogEntry } from '../support/fake-asterisk';
import { startPbxHarness, type PbxHarness } from '../support/pbx';

/** Helpers the specs of calls from phones share (outbound, internal, forwarding). */

/**
 * A channel id shaped like Asterisk's (<epoch>.<n>) but unique across fakes: each fake counts its
 * ids from <start second>.0, and the harness always names its node "fake", so two spec files
 * starting within one second would otherwise share call records (unique node + channel id).
 */
export const uniqueChannelId = () => `${Math.floor(Date.now() / 1000)}.${randomInt(1_000_000, 999_999_999)}`;

/** The extension's phone dials `dialled`: the dialplan of from-phones hands it to Stasis(app,internal,<dialled>). */
export function dialFrom(h: PbxHarness, ext: Pick<Extension, 'sipUsername'>, dialled: string): Phone {
  return h.fake.callIntoStasis({
    app: h.app, channelId: uniqueChannelId(), args: ['internal', dialled], endpoint: ext.sipUsername, tech: 'PJSIP', callerNumber: ext.sipUsername,
    channelVars: { [CHANNEL_VARS.callerEndpoint]: ext.sipUsername },
  });
}

/** Every originate (POST /channels) so far, with its parameters. */
export function originates(h: PbxHarness): RequestLogEntry[] {
  return h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/channels');
}

/** The originate of a leg to `endpoint` (waits for it), among requests after `afterSeq`. */
export function originateTo(h: PbxHarness, endpoint: string, afterSeq = 0): Promise<RequestLogEntry> {
  return h.fake.waitForRequest((r) => r.seq > afterSeq && r.method === 'POST' && r.path === '/channels' && r.query.endpoint === endpoint);
}

/** What the phone was played, in order. */
export function mediaPlayedTo(h: PbxHarness, phone: Phone): string[] {
  return h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${phone.channelId}/play`).map((r) => String(r.query.media));
}

/** A caller-number rule of the account: calls to numbers starting with `prefix` show `number`. */
export async function addCallerNumberRule(db: DataSource, number: PhoneNumber, prefix: string, accountId = number.accountId): Promise<void> {
  await db.query('INSERT INTO caller_number_rules (account_id, prefix, phone_number_id) VALUES (?, ?, ?)', [accountId, prefix, number.id]);
}

import { until } from '../support/until';
export { until };

/** The sounds a deployment has besides Asterisk's: our notices (and a core one the fake lacks). */
export function addDeploymentSounds(h: PbxHarness): void {
  for (const name of ['vpbx/service-suspended', 'vpbx/no-funds', 'cannot-complete-as-dialed']) h.fake.sounds.add(name, 2);
}

/** The engine against a fake with the carrier trunk and our notice sounds, as calls from phones need. */
export async function startCarrierHarness(): Promise<PbxHarness> {
  const h = await startPbxHarness();
  h.fake.addEndpoint('carrier', { online: true });
  addDeploymentSounds(h);
  return h;
}
