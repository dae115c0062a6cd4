export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** What a phone offers or answers: one audio stream, PCMU/PCMA and RFC 4733 events. */
export function buildSdp(o: { address: string; port: number; direction?: SdpDirection | string; sessionId?: number | string; version?: number }): string {
  const id = o.sessionId ?? Math.floor(Math.random() * 1e9);
  return [
    'v=0',
    `o=- ${id} ${o.version ?? 1} IN IP4 ${o.address}`,
    's=-',
    `c=IN IP4 ${o.address}`,
    't=0 0',
    `m=audio ${o.port} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    `a=${o.direction ?? 'sendrecv'}`,
    '',
  ].join('\r\n');
}

const MIRRORED: Record<string, SdpDirection> = { sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };

/** The direction an answer takes to an offer that holds (sendonly is answered recvonly...); undefined for sendrecv. */
export function mirroredDirection(offered: string): SdpDirection | undefined {
  return MIRRORED[offered];
}

export interface ParsedSdp {
  address: string;
  port: number;
  direction: string;
  /** Payload type numbers of the audio m= line, in order. */
  payloads: number[];
  /** Payload type → encoding name (`PCMU/8000`), from a=rtpmap. */
  rtpmap: Record<number, string>;
  /** The payload type of telephone-event, if offered. */
  dtmfPayload?: number;
}

/** Reads the audio stream's address, port, direction (media level wins over session level) and payloads. */
export function parseSdp(body: string): ParsedSdp {
  let address = '', port = 0, payloads: number[] = [];
  let sessionDir: string | undefined, mediaDir: string | undefined, inAudio = false, seenMedia = false;
  const rtpmap: Record<number, string> = {};
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      const [media, p, , ...fmts] = line.slice(2).split(/\s+/);
      inAudio = media === 'audio' && !seenMedia;
      if (inAudio) {
        port = Number(p);
        payloads = fmts.map(Number).filter((n) => Number.isInteger(n));
      }
      seenMedia = true;
      continue;
    }
    if (seenMedia && !inAudio) continue;
    if (line.startsWith('c=')) {
      const addr = line.split(/\s+/)[2];
      if (addr) address = addr.split('/')[0];
    } else if (/^a=(sendrecv|sendonly|recvonly|inactive)$/.test(line)) {
      if (seenMedia) mediaDir = line.slice(2); else sessionDir = line.slice(2);
    } else if (line.startsWith('a=rtpmap:')) {
      const m = /^a=rtpmap:(\d+)\s+(\S+)/.exec(line);
      if (m) rtpmap[Number(m[1])] = m[2];
    }
  }
  const dtmf = Object.entries(rtpmap).find(([, enc]) => enc.toLowerCase().startsWith('telephone-event/'));
  return {
    address, port, direction: mediaDir ?? sessionDir ?? 'sendrecv', payloads, rtpmap,
    ...(dtmf ? { dtmfPayload: Number(dtmf[0]) } : {}),
  };
}
