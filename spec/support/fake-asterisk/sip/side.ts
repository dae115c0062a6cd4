/** The fake Asterisk's SIP side (UDP, 127.0.0.1): registrar, calls both ways, mapped onto the phone model. */
import { makeResponse, parseNameAddr, type SipMessage } from '../../sip/message';
import { SipTransport, type SipAddress } from '../../sip/transport';
import type { World } from '../world';
import { DigestGuard } from './auth';
import type { SipDialog } from './dialog';
import { handleInDialog } from './in-dialog';
import { acceptInvite } from './incoming-call';
import { dialUa } from './outgoing-call';
import { Registrar } from './registrar';

export class SipSide {
  readonly guard: DigestGuard;
  readonly registrar: Registrar;
  /** calls by Call-ID */
  readonly dialogs = new Map<string, SipDialog>();

  private constructor(readonly world: World, readonly transport: SipTransport) {
    this.guard = new DigestGuard(world);
    this.registrar = new Registrar(world, transport, this.guard);
    transport.onRequest((req, from) => this.receive(req, from));
    world.dialUa = (phone, target) => dialUa(this, phone, target);
  }

  static async start(world: World, port = 0): Promise<SipSide> {
    return new SipSide(world, await SipTransport.bind('127.0.0.1', port));
  }

  get address(): SipAddress {
    return this.transport.address;
  }

  async close(): Promise<void> {
    await Promise.all([...this.dialogs.values()].map((d) => d.media.close()));
    await this.transport.close();
  }

  private receive(req: SipMessage, from: SipAddress): void {
    const dialog = this.dialogs.get(req.headers.get('Call-ID') ?? '');
    if (dialog && (req.method !== 'INVITE' || parseNameAddr(req.headers.get('To') ?? '').params.tag !== undefined)) {
      return handleInDialog(this, dialog, req);
    }
    switch (req.method) {
      case 'REGISTER': return this.registrar.handle(req, from);
      case 'INVITE': return void acceptInvite(this, req, from).catch(() => this.reply(req, from, 500));
      case 'OPTIONS': return this.reply(req, from, 200);
      case 'ACK': return;
      default: return this.reply(req, from, req.method === 'BYE' || req.method === 'CANCEL' ? 481 : 501);
    }
  }

  private reply(req: SipMessage, from: SipAddress, status: number): void {
    this.transport.respond(req, makeResponse(req, status), from);
  }
}
