/** The fake's RTP end of one SIP call: the SDP it offers/answers and RFC 4733 digits both ways. */
import { RtpSocket } from '../../sip/rtp';
import { buildSdp, mirroredDirection, parseSdp } from '../../sip/sdp';
import type { Phone } from '../phone';

export class CallMedia {
  private remote?: { address: string; port: number };
  private version = 0;
  private readonly sessionId = Math.floor(Math.random() * 1e9);
  /** digits to the UA go one after another, as a channel sends them */
  private sending: Promise<void> = Promise.resolve();

  private constructor(private readonly rtp: RtpSocket) {}

  static async open(): Promise<CallMedia> {
    return new CallMedia(await RtpSocket.open('127.0.0.1', 0));
  }

  /** Digits from the UA become the phone's DTMF; digits the phone hears go to the UA. */
  attach(phone: Phone): void {
    this.rtp.onDtmf((digit, durationMs) => void phone.dtmf(digit, { durationMs }));
    phone.signals.dtmf = (digit, durationMs) => {
      const to = this.remote;
      if (to) this.sending = this.sending.then(() => this.rtp.sendDtmf(to, digit, durationMs)).catch(() => undefined);
    };
  }

  /** Reads the UA's SDP; returns its direction (sendrecv, sendonly, inactive...). */
  takeRemote(body: string): string {
    if (!body.trim()) return 'sendrecv';
    const sdp = parseSdp(body);
    if (sdp.port > 0) this.remote = { address: sdp.address || '127.0.0.1', port: sdp.port };
    return sdp.direction;
  }

  offer(): string {
    return this.sdp('sendrecv');
  }

  /** The answer to an offer with `remoteDirection` (sendonly is answered recvonly, trace j). */
  answer(remoteDirection: string): string {
    return this.sdp(mirroredDirection(remoteDirection) ?? 'sendrecv');
  }

  close(): Promise<void> {
    return this.rtp.close();
  }

  private sdp(direction: string): string {
    return buildSdp({ address: '127.0.0.1', port: this.rtp.port, direction, sessionId: this.sessionId, version: ++this.version });
  }
}
