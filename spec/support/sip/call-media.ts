import { RtpSocket } from './rtp';
import { ParsedSdp, buildSdp, mirroredDirection, parseSdp } from './sdp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The media side of one call: its RTP socket, SDP offer/answer state, desk-phone audio and DTMF. */
export class CallMedia {
  /** The last SDP the other side sent. */
  remote?: ParsedSdp;
  direction = 'sendrecv';
  private version = 1;
  private emitted = false;
  private readonly sessionId = Math.floor(Math.random() * 1e9);
  private audioTimer?: NodeJS.Timeout;
  private audioPaused = false;

  private constructor(readonly rtp: RtpSocket) {}

  static async open(host?: string): Promise<CallMedia> {
    return new CallMedia(await RtpSocket.open(host));
  }

  /** Takes the other side's SDP, if the message had one. */
  takeRemote(body: string): void {
    if (body) this.remote = parseSdp(body);
  }

  /** Our offer; with a direction, a new version of it (hold/resume). */
  offer(direction?: string): string {
    if (direction && direction !== this.direction) {
      this.direction = direction;
      this.version++;
    }
    return this.sdp();
  }

  /** Our answer to the remote offer: mirrors sendonly/recvonly/inactive, keeps our own hold. */
  answer(): string {
    const next = mirroredDirection(this.remote?.direction ?? '') ?? (this.direction === 'sendonly' ? 'sendonly' : 'sendrecv');
    if (this.emitted && next !== this.direction) this.version++;
    this.direction = next;
    return this.sdp();
  }

  /** Streams 20 ms PCMU silence while the call is up and we send media; a held phone sends nothing. */
  setLive(live: boolean): void {
    if (!live || this.direction !== 'sendrecv') return this.stopAudio();
    if (this.audioTimer) return;
    this.audioTimer = setInterval(() => {
      const r = this.remote;
      if (r?.port && !this.audioPaused && r.direction !== 'sendonly' && r.direction !== 'inactive') {
        this.rtp.sendSilence({ address: r.address, port: r.port });
      }
    }, 20);
  }

  /** Sends the digits as RFC 4733 events (audio paused meanwhile) to the remote SDP address. */
  async dtmf(digits: string, opts: { durationMs?: number; gapMs?: number } = {}): Promise<void> {
    const r = this.remote;
    if (!r) throw new Error('no remote SDP to send DTMF to');
    this.audioPaused = true;
    try {
      for (const [i, digit] of [...digits].entries()) {
        if (i > 0) await sleep(opts.gapMs ?? 100);
        await this.rtp.sendDtmf({ address: r.address, port: r.port }, digit, opts.durationMs ?? 100, r.dtmfPayload ?? 101);
      }
    } finally {
      this.audioPaused = false;
    }
  }

  stopAudio(): void {
    clearInterval(this.audioTimer);
    this.audioTimer = undefined;
  }

  async close(): Promise<void> {
    this.stopAudio();
    await this.rtp.close();
  }

  private sdp(): string {
    this.emitted = true;
    return buildSdp({ address: this.rtp.address, port: this.rtp.port, direction: this.direction, sessionId: this.sessionId, version: this.version });
  }
}
