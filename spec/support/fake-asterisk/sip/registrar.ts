/** REGISTER: digest against the endpoint's auth, then the AOR's contact (the UA's source address, rewrite_contact). */
import { makeResponse, newTag, parseNameAddr, parseUri, type SipMessage } from '../../sip/message';
import type { SipAddress, SipTransport } from '../../sip/transport';
import type { World } from '../world';
import type { DigestGuard } from './auth';

export interface UaContact {
  uri: string;
  address: SipAddress;
}

const DEFAULT_EXPIRES = 3600;
const MAX_EXPIRES = 7200;

export class Registrar {
  /** registered contacts and static ones (trunks), by endpoint */
  private readonly contacts = new Map<string, UaContact>();
  private readonly statics = new Set<string>();

  constructor(private readonly world: World, private readonly transport: SipTransport, private readonly guard: DigestGuard) {}

  handle(req: SipMessage, from: SipAddress): void {
    const respond = (status: number, headers: Record<string, string> = {}): void =>
      this.transport.respond(req, makeResponse(req, status, { toTag: newTag(), headers }), from);
    const user = parseUri(parseNameAddr(req.headers.get('From') ?? '').uri).user;
    const endpoint = user !== undefined && this.world.config.hasEndpoint(user) ? user : undefined;
    if (!this.guard.verify(req, endpoint)) return this.transport.respond(req, this.guard.challenge(req, newTag(), endpoint), from);
    const aor = parseUri(parseNameAddr(req.headers.get('To') ?? '').uri).user ?? '';
    if (!this.world.config.hasEndpoint(aor)) return respond(404);
    const contact = req.headers.get('Contact');
    if (contact === undefined) return respond(200);
    const binding = parseNameAddr(contact);
    const asked = Number(binding.params.expires ?? req.headers.get('Expires') ?? DEFAULT_EXPIRES);
    const expires = Math.min(Number.isFinite(asked) ? asked : DEFAULT_EXPIRES, MAX_EXPIRES);
    if (contact.trim() === '*' || expires === 0) {
      this.unregister(aor);
      return respond(200);
    }
    this.contacts.set(aor, { uri: binding.uri, address: from });
    this.world.config.registered.add(aor);
    respond(200, { Contact: `<${binding.uri}>;expires=${expires}`, Expires: String(expires) });
  }

  /** A static contact (aor contact=sip:host:port), e.g. a carrier's UA behind a trunk endpoint. */
  setStatic(endpoint: string, address: SipAddress): void {
    this.contacts.set(endpoint, { uri: `sip:${address.host}:${address.port}`, address });
    this.statics.add(endpoint);
    this.world.config.registered.add(endpoint);
  }

  /** The endpoint whose static contact is this address (identify by IP, as for a carrier's trunk). */
  endpointAt(address: SipAddress): string | undefined {
    for (const endpoint of this.statics) {
      const c = this.contacts.get(endpoint);
      if (c && c.address.host === address.host && c.address.port === address.port) return endpoint;
    }
    return undefined;
  }

  /** The UA to INVITE for a dial to this endpoint; none when it unregistered or was never a SIP UA. */
  contactFor(endpoint: string): UaContact | undefined {
    const contact = this.contacts.get(endpoint);
    if (!contact) return undefined;
    if (this.statics.has(endpoint) || this.world.config.registered.has(endpoint)) return contact;
    this.contacts.delete(endpoint);
    return undefined;
  }

  private unregister(aor: string): void {
    this.contacts.delete(aor);
    this.world.config.registered.delete(aor);
  }
}

