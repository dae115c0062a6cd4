import { expect } from 'chai';
import dgram from 'node:dgram';
import {
  SipHeaders, headerParam, makeResponse, newBranch, newCallId, newTag, parseNameAddr, parseSipMessage, parseUri,
  serializeSipMessage,
} from './sip/message';
import { buildAuthorization, parseChallenge, verifyAuthorization } from './sip/digest';
import { buildSdp, parseSdp } from './sip/sdp';
import { RtpSocket, buildRtp, parseRtp } from './sip/rtp';
import { SipTransport } from './sip/transport';
import { until } from './until';

const ASTERISK_401 = [
  'SIP/2.0 401 Unauthorized',
  'Via: SIP/2.0/UDP 127.0.0.1:5070;rport=5070;received=127.0.0.1;branch=z9hG4bKPj7c1d',
  'Call-ID: 5f0c2a77-1d1e-4c65-9d2b-0c6b1f0e9a11',
  'From: "Alice Phone" <sip:alice@127.0.0.1>;tag=f4395bcb-b42a-4d71',
  'To: <sip:alice@127.0.0.1>;tag=z9hG4bKPj7c1d',
  'CSeq: 1 REGISTER',
  'WWW-Authenticate: Digest realm="asterisk",nonce="1700000000/abc",opaque="6f2d",algorithm=md5,qop="auth"',
  'Server: Asterisk PBX 22.0.0',
  'Content-Length:  0',
  '', '',
].join('\r\n');

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=Asterisk\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'
  + 'm=audio 17000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n'
  + 'a=fmtp:101 0-16\r\na=ptime:20\r\na=maxptime:150\r\na=recvonly\r\n';

const COMPACT_INVITE = [
  'INVITE sip:bob@127.0.0.1:5080;transport=udp SIP/2.0',
  'v: SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bKPjaaa, SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKPjbbb',
  'v: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKPjccc',
  'f: "Alice, Phone" <sip:alice@127.0.0.1>;tag=abc',
  't: <sip:bob@127.0.0.1>',
  'i: call-1@127.0.0.1',
  'CSeq: 102 INVITE',
  'm: <sip:asterisk@127.0.0.1:5060>',
  'k: replaces, timer',
  'c: application/sdp',
  `l: ${Buffer.byteLength(SDP)}`,
  '',
  SDP + 'trailing junk after content-length',
].join('\r\n');

describe('SIP primitives', () => {
  describe('message', () => {
    it('parses an Asterisk 401 with its challenge, Via params and tags', () => {
      const m = parseSipMessage(Buffer.from(ASTERISK_401));
      expect(m).to.include({ kind: 'response', status: 401, reason: 'Unauthorized', body: '' });
      expect(headerParam(m.headers.get('via'), 'received')).to.equal('127.0.0.1');
      expect(headerParam(m.headers.get('Via'), 'branch')).to.equal('z9hG4bKPj7c1d');
      expect(headerParam(m.headers.get('From'), 'tag')).to.equal('f4395bcb-b42a-4d71');
      expect(parseNameAddr(m.headers.get('from')!)).to.deep.equal({ display: 'Alice Phone', uri: 'sip:alice@127.0.0.1', params: { tag: 'f4395bcb-b42a-4d71' } });
      const ch = parseChallenge(m.headers.get('www-authenticate')!);
      expect(ch).to.include({ scheme: 'Digest', realm: 'asterisk', nonce: '1700000000/abc', opaque: '6f2d', algorithm: 'md5' });
      expect(ch.qop).to.deep.equal(['auth']);
    });

    it('understands compact headers, comma-joined and repeated Via, and cuts the body at Content-Length', () => {
      const m = parseSipMessage(COMPACT_INVITE);
      expect(m).to.include({ kind: 'request', method: 'INVITE', uri: 'sip:bob@127.0.0.1:5080;transport=udp' });
      expect(m.headers.getAll('Via')).to.have.length(3);
      expect(headerParam(m.headers.getAll('via')[2], 'branch')).to.equal('z9hG4bKPjccc');
      expect(headerParam(m.headers.get('v'), 'rport')).to.equal('');
      expect(m.headers.get('Call-ID')).to.equal('call-1@127.0.0.1');
      expect(parseNameAddr(m.headers.get('From')!).display).to.equal('Alice, Phone');
      expect(m.headers.getAll('Supported')).to.deep.equal(['replaces', 'timer']);
      expect(m.headers.get('content-type')).to.equal('application/sdp');
      expect(m.body).to.equal(SDP);
    });

    it('serializes with full names and a recomputed Content-Length, and round-trips', () => {
      const m = parseSipMessage(COMPACT_INVITE);
      m.body = 'v=0\r\nс=кириллица\r\n';
      m.headers.set('Content-Length', 999);
      const wire = serializeSipMessage(m);
      expect(wire).to.match(/^INVITE sip:bob@127\.0\.0\.1:5080;transport=udp SIP\/2\.0\r\n/);
      expect(wire).to.include('\r\nCall-ID: call-1@127.0.0.1\r\n').and.include('\r\nFrom: "Alice, Phone"');
      expect(wire).to.include(`\r\nContent-Length: ${Buffer.byteLength(m.body)}\r\n\r\n`);
      expect(wire).not.to.include('999');
      const again = parseSipMessage(wire);
      expect(again.body).to.equal(m.body);
      expect(again.headers.getAll('Via')).to.deep.equal(m.headers.getAll('Via'));
    });

    it('keeps headers case-insensitive and multi-valued', () => {
      const h = new SipHeaders();
      h.append('route', '<sip:a;lr>').append('Route', '<sip:b;lr>').set('X-Custom', '1');
      expect(h.getAll('ROUTE')).to.deep.equal(['<sip:a;lr>', '<sip:b;lr>']);
      h.set('x-custom', '2');
      expect(h.getAll('X-CUSTOM')).to.deep.equal(['2']);
      h.delete('Route');
      expect(h.get('route')).to.equal(undefined);
      expect(h.entries()).to.deep.equal([['x-custom', '2']]);
    });

    it('parses URIs with user, port, params and headers', () => {
      expect(parseUri('sip:101@127.0.0.1:5060;transport=udp')).to.deep.include({ user: '101', host: '127.0.0.1', port: 5060, params: { transport: 'udp' } });
      expect(parseUri('sip:127.0.0.1')).to.deep.include({ host: '127.0.0.1', params: {} }).and.not.have.property('port');
      const refer = parseUri('<sip:bob@127.0.0.1?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>');
      expect(refer.headers.Replaces).to.equal('abc@h;to-tag=1;from-tag=2');
    });

    it('builds responses copying the dialog headers and adding a To tag', () => {
      const req = parseSipMessage(COMPACT_INVITE);
      const res = makeResponse(req, 180, { toTag: 'xyz' });
      expect(res.headers.getAll('Via')).to.have.length(3);
      expect(headerParam(res.headers.get('To'), 'tag')).to.equal('xyz');
      expect(serializeSipMessage(res)).to.match(/^SIP\/2\.0 180 Ringing\r\n/);
    });

    it('makes fresh identifiers', () => {
      expect(newBranch()).to.match(/^z9hG4bK.{8,}/);
      expect(newTag()).not.to.equal(newTag());
      expect(newCallId()).not.to.equal(newCallId());
    });
  });

  describe('digest', () => {
    const rfc = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

    it('computes the RFC 2617 example response', () => {
      const auth = buildAuthorization({ challenge: rfc, method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle Of Life', nc: 1, cnonce: '0a4f113b' });
      expect(auth).to.include('response="6629fae49393a05397450978507c4ef1"').and.include('qop=auth').and.include('nc=00000001')
        .and.include('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
      expect(verifyAuthorization(auth, { method: 'GET', realm: 'testrealm@host.com', password: 'Circle Of Life', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093' })).to.equal(true);
      expect(verifyAuthorization(auth, { method: 'GET', realm: 'testrealm@host.com', password: 'wrong', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093' })).to.equal(false);
      expect(verifyAuthorization(auth, { method: 'POST', realm: 'testrealm@host.com', password: 'Circle Of Life', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093' })).to.equal(false);
    });

    it('falls back to the RFC 2069 form without qop', () => {
      const auth = buildAuthorization({ challenge: 'Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"', method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle Of Life' });
      expect(auth).to.include('response="670fd8c2df070c60b045671b8b24ff02"').and.not.include('qop=');
    });

    it('answers an Asterisk REGISTER challenge as md5sum computes it', () => {
      const ch = parseChallenge(parseSipMessage(ASTERISK_401).headers.get('WWW-Authenticate')!);
      const auth = buildAuthorization({ challenge: ch, method: 'REGISTER', uri: 'sip:127.0.0.1:5060', username: 'alice', password: 's3cret', cnonce: 'deadbeef' });
      expect(auth).to.include('response="4411176c774c5114c22ecf29ed7ed927"');
      expect(verifyAuthorization(auth, { method: 'REGISTER', realm: 'asterisk', password: 's3cret', nonce: 'other' })).to.equal(false);
    });
  });

  describe('sdp', () => {
    it('builds an offer a desk phone would send and reads it back', () => {
      const body = buildSdp({ address: '127.0.0.1', port: 40000, direction: 'sendonly', sessionId: 7, version: 3 });
      expect(body).to.include('o=- 7 3 IN IP4 127.0.0.1').and.include('m=audio 40000 RTP/AVP 0 8 101').and.include('a=fmtp:101 0-16')
        .and.include('a=ptime:20');
      expect(parseSdp(body)).to.deep.include({ address: '127.0.0.1', port: 40000, direction: 'sendonly', payloads: [0, 8, 101], dtmfPayload: 101 });
    });

    it('reads Asterisk\'s answer and defaults the direction to sendrecv', () => {
      expect(parseSdp(SDP)).to.deep.include({ address: '127.0.0.1', port: 17000, direction: 'recvonly', payloads: [0, 101] });
      expect(parseSdp(SDP.replace('a=recvonly\r\n', '')).direction).to.equal('sendrecv');
    });
  });

  describe('rtp', () => {
    let a: RtpSocket, b: RtpSocket;
    beforeEach(async () => {
      a = await RtpSocket.open();
      b = await RtpSocket.open();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it('sends RFC 4733 events: marked start, one timestamp, three end packets, reported once', async () => {
      const raw = dgram.createSocket('udp4');
      await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
      const packets: Buffer[] = [];
      raw.on('message', (m) => packets.push(m));
      await a.sendDtmf({ address: '127.0.0.1', port: raw.address().port }, '#', 100);
      await until(() => (packets.length >= 7 ? true : null), 2000, 'RTP packets');
      raw.close();
      const parsed = packets.map((p) => parseRtp(p)!);
      expect(parsed.every((p) => p.payloadType === 101 && p.timestamp === parsed[0].timestamp)).to.equal(true);
      expect(parsed[0].marker).to.equal(true);
      expect(parsed.slice(1).some((p) => p.marker)).to.equal(false);
      expect(parsed.map((p) => p.payload[0])).to.satisfy((codes: number[]) => codes.every((c) => c === 11));
      const ends = parsed.filter((p) => p.payload[1] & 0x80);
      expect(ends).to.have.length(3);
      expect(ends.every((p) => p.payload.readUInt16BE(2) === 800)).to.equal(true);
      expect(parsed.map((p) => p.seq)).to.deep.equal(parsed.map((_, i) => (parsed[0].seq + i) & 0xffff));
    });

    it('receives digits sent by another RtpSocket, each once with its duration', async () => {
      const got: Array<[string, number]> = [];
      b.onDtmf((d, ms) => got.push([d, ms]));
      await a.sendDtmf({ address: '127.0.0.1', port: b.port }, '5', 120);
      await a.sendDtmf({ address: '127.0.0.1', port: b.port }, '*', 60);
      await until(() => (got.length >= 2 ? true : null), 2000, 'two digits');
      expect(got).to.deep.equal([['5', 120], ['*', 60]]);
      expect(b.packetsReceived).to.be.greaterThan(6);
    });

    it('ignores audio packets for DTMF but counts them', async () => {
      const got: string[] = [];
      b.onDtmf((d) => got.push(d));
      const audio = buildRtp({ payloadType: 0, marker: false, seq: 1, timestamp: 1, ssrc: 1, payload: Buffer.alloc(160, 0xff) });
      const s = dgram.createSocket('udp4');
      await new Promise<void>((r) => s.send(audio, b.port, '127.0.0.1', () => r()));
      s.close();
      await until(() => (b.packetsReceived >= 1 ? true : null), 2000, 'audio packet');
      expect(got).to.deep.equal([]);
    });
  });

  describe('transport', () => {
    it('retransmits an unanswered request, absorbs the duplicates and matches the response by branch', async () => {
      const client = await SipTransport.bind();
      const server = await SipTransport.bind();
      let seen = 0;
      server.onRequest((req, from) => {
        seen++;
        setTimeout(() => server.respond(req, makeResponse(req, 200), from), 1200);
      });
      const req = parseSipMessage([
        'OPTIONS sip:127.0.0.1 SIP/2.0', `Via: ${client.viaSentBy()};branch=${newBranch()}`, 'From: <sip:a@127.0.0.1>;tag=1',
        'To: <sip:127.0.0.1>', `Call-ID: ${newCallId()}`, 'CSeq: 1 OPTIONS', '', '',
      ].join('\r\n'));
      const res = await client.request(req, server.address);
      expect(res.status).to.equal(200);
      expect(seen).to.equal(1);
      expect(client.log.filter((l) => l.startsWith('>> ') && l.includes('OPTIONS sip:')).length).to.be.greaterThan(1);
      await client.close();
      await server.close();
    });

    it('ACKs a failed INVITE on its branch and answers a retransmitted request with the same response', async () => {
      const client = await SipTransport.bind();
      const raw = dgram.createSocket('udp4');
      await new Promise<void>((r) => raw.bind(0, '127.0.0.1', () => r()));
      const got: string[] = [];
      raw.on('message', (m) => got.push(m.toString()));
      const branch = newBranch();
      const invite = parseSipMessage([
        'INVITE sip:601@127.0.0.1 SIP/2.0', `Via: ${client.viaSentBy()};branch=${branch}`, 'From: <sip:a@127.0.0.1>;tag=1',
        'To: <sip:601@127.0.0.1>', 'Call-ID: inv-1', 'CSeq: 1 INVITE', '', '',
      ].join('\r\n'));
      const pending = client.request(invite, { host: '127.0.0.1', port: raw.address().port });
      await until(() => (got.length ? true : null), 2000, 'INVITE');
      const busy = serializeSipMessage(makeResponse(parseSipMessage(got[0]), 486, { toTag: 'srv' }));
      raw.send(busy, client.address.port, '127.0.0.1');
      expect((await pending).status).to.equal(486);
      await until(() => (got.some((m) => m.startsWith('ACK ')) ? true : null), 2000, 'ACK');
      const ack = parseSipMessage(got.find((m) => m.startsWith('ACK '))!);
      expect(headerParam(ack.headers.get('Via'), 'branch')).to.equal(branch);
      expect(headerParam(ack.headers.get('To'), 'tag')).to.equal('srv');
      expect(ack.headers.get('CSeq')).to.equal('1 ACK');

      let handled = 0;
      client.onRequest((req, from) => {
        handled++;
        client.respond(req, makeResponse(req, 200, { toTag: 'x' }), from);
      });
      const options = `OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${raw.address().port};branch=${newBranch()}\r\n`
        + 'From: <sip:b@127.0.0.1>;tag=2\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: opt-1\r\nCSeq: 7 OPTIONS\r\nContent-Length: 0\r\n\r\n';
      got.length = 0;
      raw.send(options, client.address.port, '127.0.0.1');
      await until(() => (got.length === 1 ? true : null), 2000, 'first 200');
      raw.send(options, client.address.port, '127.0.0.1');
      await until(() => (got.length === 2 ? true : null), 2000, 'second 200');
      expect(handled).to.equal(1);
      expect(got[1]).to.equal(got[0]);
      raw.close();
      await client.close();
    });
  });
});
