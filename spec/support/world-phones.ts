import type { Account } from '../../app/features/accounts/entities';
import type { Extension } from '../../app/features/extensions/entities';
import { provisionExtension } from '../../app/pbx/provisioning';
import type { ProvisioningDeps } from '../../app/pbx/provisioning/phone';
import type { AriNode } from '../../app/pbx/ari/node';
import type { AriRecordingProxy } from './ari-proxy';
import { SipPhone, type SipCall } from './sip/phone';
import { buildExtension } from './telephony-factories';

/** Where phones and the carrier meet Asterisk's PJSIP, and where the carrier listens. */
export interface SipAddresses {
  server: { host: string; port: number };
  /** Port the carrier's user agent listens on (real mode: the trunk's --trunk-port). */
  carrierPort: number;
  /** Address phones and the carrier bind (one Asterisk can reach). */
  localHost: string;
}

/**
 * A call on a phone (or on the carrier) of the scenario suite, with the Asterisk channel that
 * carries it: found by the SIP Call-ID, which Asterisk reports as the channel's protocol_id.
 */
export class PhoneCall {
  constructor(
    readonly sip: SipCall,
    private readonly log: AriRecordingProxy,
  ) {}

  /** The engine's channel for this call, once Asterisk has told the engine about it. */
  async channelId(timeoutMs = 10_000): Promise<string> {
    const seen = await this.log.waitForEvent((e) => e.event.channel?.protocol_id === this.sip.callId, timeoutMs);
    return seen.event.channel.id as string;
  }
}

/** A customer's desk phone: an extension of the account, provisioned into Asterisk and registered. */
export class TestPhone {
  private constructor(
    readonly extension: Extension,
    readonly sip: SipPhone,
    private readonly log: AriRecordingProxy,
  ) {}

  static async register(sipAddresses: SipAddresses, log: AriRecordingProxy, extension: Extension, password: string): Promise<TestPhone> {
    const sip = await SipPhone.start({ server: sipAddresses.server, host: sipAddresses.localHost, username: extension.sipUsername, password, displayName: extension.name });
    await sip.register();
    return new TestPhone(extension, sip, log);
  }

  /** The next call ringing this phone (not yet answered). */
  async nextCall(timeoutMs = 10_000): Promise<PhoneCall> {
    return new PhoneCall(await this.sip.nextIncoming(timeoutMs), this.log);
  }

  /** The phone dials `number` (an extension, an outside number, a feature code). */
  async dial(number: string): Promise<PhoneCall> {
    return new PhoneCall(await this.sip.call(number), this.log);
  }

  close(): Promise<void> {
    return this.sip.close();
  }
}

/** Creates an extension with a known password, provisions it on the engine's nodes and registers a phone for it. */
export async function phoneFor(
  deps: ProvisioningDeps,
  nodes: AriNode[],
  sipAddresses: SipAddresses,
  log: AriRecordingProxy,
  account: Account,
  exten: string,
  overrides: Partial<Extension> = {},
): Promise<TestPhone> {
  const extension = await buildExtension(deps.db, account, exten, overrides);
  await provisionExtension(deps, nodes, extension);
  return TestPhone.register(sipAddresses, log, extension, `secret-${exten}`);
}
