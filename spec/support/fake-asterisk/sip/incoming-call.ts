/** A UA's INVITE (trace i): 401, INVITE with credentials, 100 Trying, the endpoint's context runs; 200 only when the app answers. */
import { canonicalHeaderName, headerParam, makeResponse, newTag, parseNameAddr, parseUri, type SipMessage } from '../../sip/message';
import type { SipAddress } from '../../sip/transport';
import { placeCall } from '../inbound';
import { SipDialog, contactUri, withoutTag } from './dialog';
import { CallMedia } from './media';
import type { SipSide } from './side';

export async function acceptInvite(side: SipSide, req: SipMessage, from: SipAddress): Promise<void> {
  const { world, transport } = side;
  const respond = (status: number, toTag = newTag()): void => transport.respond(req, makeResponse(req, status, { toTag }), from);
  const fromValue = req.headers.get('From') ?? '';
  const caller = parseNameAddr(fromValue);
  const user = parseUri(caller.uri).user;
  const endpoint = user !== undefined && world.config.hasEndpoint(user) ? user : side.registrar.endpointAt(from);
  if (endpoint === undefined || (side.guard.needsAuth(endpoint) && !side.guard.verify(req, endpoint))) {
    return transport.respond(req, side.guard.challenge(req, newTag(), endpoint), from);
  }
  const dialed = parseUri(req.uri ?? '').user ?? 's';
  const context = world.config.endpointValue(endpoint, 'context') ?? 'default';
  if (!world.dialplan.find(context, dialed)) return respond(404);
  respond(100);
  const media = await CallMedia.open();
  const direction = media.takeRemote(req.body);
  const callId = req.headers.get('Call-ID') ?? '';
  const phone = placeCall(world, {
    endpoint, dialed, callId, callerName: caller.display, callerNumber: user,
    remoteAddr: `${from.host}:${from.port}`, sipHeaders: uaHeaders(req),
  });
  const dialog = new SipDialog(transport, {
    role: 'uas', callId, localTag: newTag(), local: withoutTag(req.headers.get('To') ?? ''), remote: withoutTag(fromValue),
    remoteTag: headerParam(fromValue, 'tag'), remoteTarget: contactUri(req) ?? caller.uri, peer: from, phone, media,
  });
  dialog.invite = req;
  media.attach(phone);
  side.dialogs.set(callId, dialog);
  void phone.answered.then(() => {
    if (dialog.state !== 'early') return;
    dialog.state = 'confirmed';
    dialog.respond(req, 200, { headers: { 'Content-Type': 'application/sdp' }, body: media.answer(direction) });
  });
  void phone.ended.then((end) => dialog.channelEnded(end.cause));
}

/** The headers PJSIP_HEADER(read,...) can see. */
function uaHeaders(req: SipMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [raw, value] of req.headers.entries()) {
    const name = canonicalHeaderName(raw);
    if (!['Via', 'Authorization', 'Content-Length'].includes(name)) out[name] ??= value;
  }
  return out;
}
