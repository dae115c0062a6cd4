import type { AriEvent } from '../ari/event-router';
import { Channel } from '../call/channel';
import { BlindTransfer } from './blind';
import type { Conversation } from './conversation';
import { AttendedMerge } from './merge';
import { localPairName } from './registry';

/**
 * Transfers phones make themselves (SIP REFER), handled the way Asterisk does by default
 * (PJSIP_TRANSFER_HANDLING core), as traces l1 and m recorded it:
 * - a Local channel takes the transferer's place in our bridge (StasisStart with no arguments and
 *   replace_channel = the transferer);
 * - blind: the other Local half runs the transfers context into Stasis(transferred) (see
 *   flows/transferred.ts), then BridgeBlindTransfer names transferee, Local half and target;
 * - attended: a second Local pair half replaces the transferer in the other call's bridge, then
 *   BridgeAttendedTransfer names both bridges and the pair linking them.
 * The app then finishes the job its own way: it rings the blind target itself, and brings an
 * attended transfer's two bridges down to one.
 */
export function phoneTransferEvent(conversation: Conversation, event: AriEvent): boolean {
  if (event.type === 'StasisStart' && event.replace_channel?.id) {
    void replaced(conversation, event).catch((err: unknown) => conversation.log.error({ err }, 'transfer: replacing a party failed'));
    return true;
  }
  if (event.type === 'BridgeBlindTransfer') return blindTransferred(conversation, event);
  if (event.type === 'BridgeAttendedTransfer') return attendedTransferred(conversation, event);
  return false;
}

async function replaced(conversation: Conversation, event: AriEvent): Promise<void> {
  const outgoing = conversation.parties.get(event.replace_channel.id)?.channel;
  if (!outgoing) return;
  const incoming = new Channel(conversation.node, event.channel.id, event.channel);
  // Register before anything awaits: the pair's other half may already be on its way into Stasis.
  const pair = localPairName(event.channel.name);
  if (pair) conversation.registry.expectLocal(pair, conversation);
  conversation.log.info({ transferer: outgoing.id, local: incoming.id, name: event.channel.name }, 'transfer: a Local channel took a party\'s place');
  conversation.formerParties.push(outgoing);
  await conversation.replace(outgoing, incoming);
}

/** The transferers a transfer took out stay in Stasis until their phones hang up (traces l, m): let them go. */
function releaseTransferers(conversation: Conversation, ids: (string | undefined)[]): void {
  for (const former of conversation.formerParties) {
    if (ids.includes(former.id) && former.isUp) void former.hangup().catch(() => undefined);
  }
}

function blindTransferred(conversation: Conversation, event: AriEvent): boolean {
  releaseTransferers(conversation, [event.channel?.id]);
  const link = conversation.parties.get(event.replace_channel?.id ?? '')?.channel;
  const transferee = conversation.parties.get(event.transferee?.id ?? '')?.channel ?? soleOtherParty(conversation, [link?.id, event.channel?.id]);
  if (event.result !== 'Success' || !link || !transferee) {
    conversation.log.warn({ result: event.result, link: Boolean(link), transferee: Boolean(transferee) }, 'blind transfer not for this call');
    return true;
  }
  const started = conversation.runOperation(new BlindTransfer(conversation, { via: 'refer', exten: String(event.exten), transferee, link }), 'blind transfer by phone');
  // Another transfer holds the call: this one cannot go on, and its Local pair must not linger.
  if (!started) void conversation.dismiss(link).catch(() => undefined);
  return true;
}

/**
 * Asterisk names no transferee when the bridge had more than two members, as it has while a
 * Recorder channel records it: then the transferee is the one party of ours left besides the link.
 */
function soleOtherParty(conversation: Conversation, notThese: (string | undefined)[]): Channel | undefined {
  const others = [...conversation.parties.values()].filter((p) => !notThese.includes(p.channel.id));
  return others.length === 1 ? others[0].channel : undefined;
}

function attendedTransferred(conversation: Conversation, event: AriEvent): boolean {
  releaseTransferers(conversation, [event.transferer_first_leg?.id, event.transferer_second_leg?.id]);
  if (event.result !== 'Success' || event.destination_type !== 'link') {
    conversation.log.info({ result: event.result, type: event.destination_type }, 'attended transfer: nothing to merge');
    return true;
  }
  const bridges = [event.transferer_first_leg_bridge?.id, event.transferer_second_leg_bridge?.id];
  const otherBridge = bridges.find((id) => id && id !== conversation.bridgeId);
  const other = otherBridge ? conversation.registry.conversationOf(otherBridge) : undefined;
  // Both calls see the event; the older one keeps the conversation, the newer one gives its party up.
  if (other && other.session.callId < conversation.session.callId) return true;
  conversation.runOperation(new AttendedMerge(conversation, other, event), 'attended transfer by phone');
  return true;
}
