/** Requests inside a call: BYE, CANCEL, re-INVITE (hold, trace j), REFER (transfers, traces l and m). */
import { parseNameAddr, parseUri, type SipMessage } from '../../sip/message';
import type { World } from '../world';
import type { SipDialog } from './dialog';
import type { SipSide } from './side';

const HOLDING = new Set(['sendonly', 'inactive']);

export function handleInDialog(side: SipSide, dialog: SipDialog, req: SipMessage): void {
  switch (req.method) {
    case 'ACK': return;
    case 'BYE': return bye(dialog, req);
    case 'CANCEL': return cancel(dialog, req);
    case 'INVITE': return reinvite(dialog, req);
    case 'REFER': return refer(side, dialog, req);
    default: return dialog.respond(req, 200);
  }
}

function bye(dialog: SipDialog, req: SipMessage): void {
  dialog.respond(req, 200);
  if (dialog.state === 'ended') return;
  dialog.state = 'ended';
  void dialog.media.close();
  dialog.phone.hangup(16);
}

/** CANCEL of the UA's own unanswered INVITE: 200, 487 to the INVITE, the channel hangs up. */
function cancel(dialog: SipDialog, req: SipMessage): void {
  dialog.respond(req, 200);
  if (dialog.state !== 'early' || dialog.role !== 'uas' || !dialog.invite) return;
  dialog.state = 'ended';
  dialog.respond(dialog.invite, 487);
  void dialog.media.close();
  dialog.phone.hangup(16);
}

/** sendonly / inactive: the phone holds (ChannelHold); sendrecv: it resumes. Answered with the mirrored direction. */
function reinvite(dialog: SipDialog, req: SipMessage): void {
  if (dialog.state !== 'confirmed') return dialog.respond(req, 491);
  const direction = dialog.media.takeRemote(req.body);
  dialog.respond(req, 200, { headers: { 'Content-Type': 'application/sdp' }, body: dialog.media.answer(direction) });
  if (HOLDING.has(direction)) dialog.phone.hold();
  else dialog.phone.unhold();
}

/** 202, then the transfer; its progress comes back as NOTIFY sipfrags (none for ari-only until transfer_progress). */
function refer(side: SipSide, dialog: SipDialog, req: SipMessage): void {
  const referTo = req.headers.get('Refer-To');
  if (dialog.state !== 'confirmed' || !referTo) return dialog.respond(req, referTo ? 481 : 400);
  const target = parseUri(parseNameAddr(referTo).uri);
  const replaces = target.headers.Replaces;
  const other = replaces === undefined ? undefined : side.dialogs.get(replaces.split(';')[0]);
  if (replaces !== undefined && !other) return dialog.respond(req, 481);
  dialog.respond(req, 202);
  dialog.phone.signals.notify = (sipfrag) => {
    const final = Number(sipfrag.split(' ')[0]) >= 200;
    void dialog.send('NOTIFY', {
      Event: 'refer', 'Subscription-State': final ? 'terminated;reason=noresource' : 'active;expires=60',
      'Content-Type': 'message/sipfrag;version=2.0',
    }, `SIP/2.0 ${sipfrag}\r\n`);
  };
  if (other) dialog.phone.attendedTransfer(other.phone);
  else dialog.phone.blindTransfer(target.user ?? 's', { context: transferContext(side.world, dialog.phone.channelId) });
}

/** chan_pjsip looks the REFER target up in TRANSFER_CONTEXT (a channel variable, e.g. from the endpoint's set_var). */
function transferContext(world: World, channelId: string): string | undefined {
  const ch = world.channel(channelId);
  const own = ch?.vars.get('TRANSFER_CONTEXT');
  if (own) return own;
  const setVar = ch?.endpoint ? world.config.endpointValue(ch.endpoint, 'set_var') ?? '' : '';
  return /(?:^|[;,\n])\s*TRANSFER_CONTEXT=([^;,\n]+)/.exec(setVar)?.[1]?.trim();
}
