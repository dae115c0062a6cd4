import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';

const EVENTS = '0123456789*#ABCD';
const PACKET_MS = 20;
const SAMPLES_PER_MS = 8;

/** The RFC 4733 event code of a DTMF digit (0-9, *, #, A-D). */
export function dtmfEventCode(digit: string): number {
  const code = EVENTS.indexOf(digit.toUpperCase());
  if (code < 0) throw new Error(`not a DTMF digit: ${digit}`);
  return code;
}

/** A parsed RTP packet header plus payload. */
export interface RtpPacket { payloadType: number; marker: boolean; seq: number; timestamp: number; ssrc: number; payload: Buffer }

/** Parses the fixed RTP header (CSRCs and extensions skipped); null if not RTP v2. */
export function parseRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < 12 || buf[0] >> 6 !== 2) return null;
  const csrcs = buf[0] & 0x0f;
  let offset = 12 + csrcs * 4;
  if (buf[0] & 0x10 && buf.length >= offset + 4) offset += 4 + buf.readUInt16BE(offset + 2) * 4;
  return {
    payloadType: buf[1] & 0x7f, marker: (buf[1] & 0x80) !== 0, seq: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4), ssrc: buf.readUInt32BE(8), payload: buf.subarray(offset),
  };
}

/** Builds an RTP v2 packet. */
export function buildRtp(p: Omit<RtpPacket, 'payload'> & { payload: Buffer }): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (p.marker ? 0x80 : 0) | (p.payloadType & 0x7f);
  header.writeUInt16BE(p.seq & 0xffff, 2);
  header.writeUInt32BE(p.timestamp >>> 0, 4);
  header.writeUInt32BE(p.ssrc >>> 0, 8);
  return Buffer.concat([header, p.payload]);
}

function eventPayload(code: number, end: boolean, duration: number): Buffer {
  const b = Buffer.alloc(4);
  b[0] = code;
  b[1] = (end ? 0x80 : 0) | 10; // volume -10 dBm0
  b.writeUInt16BE(Math.min(duration, 0xffff), 2);
  return b;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One UDP RTP endpoint on 127.0.0.1: sends and receives RFC 4733 DTMF, counts packets. */
export class RtpSocket {
  /** Resolves once bound; `RtpSocket.open()` awaits it for you. */
  readonly ready: Promise<void>;
  /** The payload types taken as telephone-event on receive. */
  dtmfPayloadTypes = new Set([101]);
  packetsReceived = 0;
  private readonly socket = dgram.createSocket('udp4');
  private readonly ssrc = randomInt(0, 0xffffffff);
  private seq = randomInt(0, 0xffff);
  private readonly tsBase = randomInt(0, 0x7fffffff);
  private readonly t0 = Date.now();
  private readonly listeners: Array<(digit: string, durationMs: number) => void> = [];
  private readonly packetListeners: Array<(p: RtpPacket, from: { address: string; port: number }) => void> = [];
  private readonly endedEvents = new Set<string>();
  private closed = false;

  constructor(host = '127.0.0.1', port = 0) {
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(port, host, () => {
        this.socket.off('error', reject);
        this.socket.on('error', () => {});
        resolve();
      });
    });
    this.socket.on('message', (buf, rinfo) => this.receive(buf, { address: rinfo.address, port: rinfo.port }));
  }

  /** Binds a socket on 127.0.0.1 (port 0 = any free port). */
  static async open(host = '127.0.0.1', port = 0): Promise<RtpSocket> {
    const s = new RtpSocket(host, port);
    await s.ready;
    return s;
  }

  get port(): number {
    return this.socket.address().port;
  }

  get address(): string {
    return this.socket.address().address;
  }

  /** Calls `cb` once per received digit, at its first end packet. */
  onDtmf(cb: (digit: string, durationMs: number) => void): void {
    this.listeners.push(cb);
  }

  /** Calls `cb` for every RTP packet received. */
  onPacket(cb: (p: RtpPacket, from: { address: string; port: number }) => void): void {
    this.packetListeners.push(cb);
  }

  /** Sends one digit as RFC 4733: a marked start, updates every 20 ms, then three end packets, one timestamp. */
  async sendDtmf(to: { address: string; port: number }, digit: string, durationMs = 100, payloadType = 101): Promise<void> {
    const code = dtmfEventCode(digit);
    const timestamp = this.now();
    const total = Math.max(PACKET_MS, durationMs) * SAMPLES_PER_MS;
    let duration = 0;
    let first = true;
    while (duration < total) {
      duration = Math.min(total, duration + PACKET_MS * SAMPLES_PER_MS);
      if (duration >= total) break;
      this.send(to, { payloadType, marker: first, timestamp, payload: eventPayload(code, false, duration) });
      first = false;
      await sleep(PACKET_MS);
    }
    for (let i = 0; i < 3; i++) {
      this.send(to, { payloadType, marker: first && i === 0, timestamp, payload: eventPayload(code, true, total) });
      if (i < 2) await sleep(5);
    }
  }

  /** Sends one 20 ms PCMU silence packet (keeps NAT/strict-RTP learning happy). */
  sendSilence(to: { address: string; port: number }): void {
    this.send(to, { payloadType: 0, marker: false, timestamp: this.now(), payload: Buffer.alloc(160, 0xff) });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private now(): number {
    return (this.tsBase + (Date.now() - this.t0) * SAMPLES_PER_MS) >>> 0;
  }

  private send(to: { address: string; port: number }, p: { payloadType: number; marker: boolean; timestamp: number; payload: Buffer }): void {
    if (this.closed) return;
    this.seq = (this.seq + 1) & 0xffff;
    this.socket.send(buildRtp({ ...p, seq: this.seq, ssrc: this.ssrc }), to.port, to.address);
  }

  private receive(buf: Buffer, from: { address: string; port: number }): void {
    const p = parseRtp(buf);
    if (!p) return;
    this.packetsReceived++;
    for (const cb of this.packetListeners) cb(p, from);
    if (!this.dtmfPayloadTypes.has(p.payloadType) || p.payload.length < 4) return;
    const end = (p.payload[1] & 0x80) !== 0;
    if (!end) return;
    const key = `${p.ssrc}:${p.timestamp}`;
    if (this.endedEvents.has(key)) return;
    this.endedEvents.add(key);
    const digit = EVENTS[p.payload[0]];
    if (!digit) return;
    const durationMs = Math.round(p.payload.readUInt16BE(2) / SAMPLES_PER_MS);
    for (const cb of this.listeners) cb(digit, durationMs);
  }
}
