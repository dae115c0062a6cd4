/** Asterisk dials PJSIP/<endpoint> (or <number>@<endpoint>) whose UA has a contact: an INVITE to it (trace i, bob's leg). */
import { headerParam, newTag, parseUri, type SipMessage } from '../../sip/message';
import type { DialTarget } from '../dialing';
import type { Phone } from '../phone';
import { causeForStatus } from './causes';
import { SipDialog, contactUri } from './dialog';
import { CallMedia } from './media';
import type { UaContact } from './registrar';
import type { SipSide } from './side';

/** The dial timeout and the app end a ringing call (CANCEL); this only bounds a UA that never replies. */
const INVITE_TIMEOUT_MS = 10 * 60_000;

/** False when the endpoint has no SIP contact (the scripted far end plays it). */
export function dialUa(side: SipSide, phone: Phone, target: DialTarget): boolean {
  const contact = side.registrar.contactFor(target.endpoint);
  if (!contact) return false;
  void inviteUa(side, phone, target, contact);
  return true;
}

async function inviteUa(side: SipSide, phone: Phone, target: DialTarget, contact: UaContact): Promise<void> {
  const media = await CallMedia.open();
  const ch = side.world.channel(phone.channelId);
  if (!ch) return void media.close();
  ch.sip.remoteAddr = `${contact.address.host}:${contact.address.port}`;
  const uri = requestUri(contact, target);
  const { host } = side.transport.address;
  const caller = ch.caller.number || ch.connected.number || 'asterisk';
  const name = ch.caller.name || ch.connected.name;
  const dialog = new SipDialog(side.transport, {
    role: 'uac', callId: ch.protocolId, localTag: newTag(), local: `${name ? `"${name}" ` : ''}<sip:${caller}@${host}>`, remote: `<${uri}>`,
    remoteTarget: uri, peer: contact.address, phone, media,
  });
  side.dialogs.set(dialog.callId, dialog);
  media.attach(phone);
  const invite = dialog.request('INVITE', { 'Content-Type': 'application/sdp' }, media.offer(), 1);
  dialog.invite = invite;
  void phone.ended.then((end) => dialog.channelEnded(end.cause));
  const onResponse = (res: SipMessage): void => {
    if (dialog.state === 'early' && (res.status === 180 || res.status === 183)) phone.ring();
  };
  const final = await side.transport.request(invite, contact.address, { onResponse, timeoutMs: INVITE_TIMEOUT_MS }).catch(() => undefined);
  const status = final?.status ?? 408;
  if (final && status < 300) return confirm(dialog, final);
  if (dialog.state !== 'early') return;
  dialog.state = 'ended';
  phone.reject(causeForStatus(status));
}

/** 2xx: ACK it; the channel goes Up, or, when it ended meanwhile (a CANCEL crossed the 200), BYE. */
function confirm(dialog: SipDialog, ok: SipMessage): void {
  dialog.remoteTag = headerParam(ok.headers.get('To'), 'tag');
  dialog.remoteTarget = contactUri(ok) ?? dialog.remoteTarget;
  dialog.media.takeRemote(ok.body);
  const ack = dialog.request('ACK', {}, '', 1);
  dialog.sendStateless(ack);
  if (dialog.state === 'ended') {
    void dialog.send('BYE');
    return;
  }
  dialog.state = 'confirmed';
  dialog.phone.answer();
}

/** PJSIP/<number>@<endpoint> puts the number in the contact's user part; PJSIP/<endpoint> uses the contact as is. */
function requestUri(contact: UaContact, target: DialTarget): string {
  if (target.number === target.endpoint) return contact.uri;
  const u = parseUri(contact.uri);
  return `sip:${target.number}@${u.host}${u.port ? `:${u.port}` : ''}`;
}
