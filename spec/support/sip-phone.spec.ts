import { expect } from 'chai';
import dgram from 'node:dgram';
import { SipPhone } from './sip/phone';
import { SippRun, startSipp } from './sipp';
import { until } from './until';

/** A bare UDP listener standing in for sipp's media port: RFC 4733 end events (event codes) and PCMU packets. */
async function rtpListener(): Promise<{ port: number; endEvents: number[]; counts: { audio: number }; close(): void }> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  const endEvents: number[] = [];
  const seen = new Set<string>();
  const counts = { audio: 0 };
  socket.on('message', (b) => {
    if (b.length >= 12 && (b[1] & 0x7f) === 0) counts.audio++;
    if (b.length < 16 || b[0] >> 6 !== 2 || (b[1] & 0x7f) !== 101 || !(b[13] & 0x80)) return;
    const key = `${b.readUInt32BE(8)}:${b.readUInt32BE(4)}`;
    if (!seen.has(key)) endEvents.push(b[12]);
    seen.add(key);
  });
  return { port: socket.address().port, endEvents, counts, close: () => socket.close() };
}

describe('SipPhone against sipp', function () {
  this.timeout(30_000);
  const phones: SipPhone[] = [];
  const sipps: SippRun[] = [];
  const cleanups: Array<() => void> = [];

  async function phoneFor(sipp: SippRun, username = 'bob', password = 's3cret'): Promise<SipPhone> {
    const phone = await SipPhone.start({ server: { host: '127.0.0.1', port: sipp.port }, username, password, displayName: 'Bob Desk' });
    phones.push(phone);
    return phone;
  }

  /** A phone sipp calls directly (its server is never contacted). */
  async function calledPhone(): Promise<SipPhone> {
    const phone = await SipPhone.start({ server: { host: '127.0.0.1', port: 9 }, username: 'bob', password: 'x' });
    phones.push(phone);
    return phone;
  }

  async function sipp(o: Parameters<typeof startSipp>[0]): Promise<SippRun> {
    const run = await startSipp(o);
    sipps.push(run);
    return run;
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') for (const p of phones) console.log(p.sipLog.join('\n'));
    await Promise.all(phones.splice(0).map((p) => p.close()));
    for (const s of sipps.splice(0)) s.kill();
    for (const c of cleanups.splice(0)) c();
  });

  describe('given sipp as a registrar', () => {
    it('registers with digest credentials sipp verifies, then unregisters with Expires 0', async () => {
      const registrar = await sipp({ scenario: 'registrar', keys: { user: 'bob', password: 's3cret' } });
      const phone = await phoneFor(registrar);
      await phone.register();
      await phone.unregister();
      await registrar.expectSuccess();
    });

    it('rejects with the status when the password is wrong', async () => {
      const registrar = await sipp({ scenario: 'registrar', keys: { user: 'bob', password: 's3cret' } });
      const phone = await phoneFor(registrar, 'bob', 'wrong');
      const error = await phone.register().then(() => null, (e: Error) => e);
      expect(error?.message).to.equal('403');
      expect((await registrar.exit).code).not.to.equal(0);
    });
  });

  describe('given sipp calling the phone', () => {
    it('rings, answers, hears sipp\'s RFC 4733 digit and ends on sipp\'s BYE', async () => {
      const phone = await calledPhone();
      const caller = await sipp({ scenario: 'uac-call', remote: phone.address, service: 'bob' });
      const call = await phone.nextIncoming();
      expect(call.direction).to.equal('in');
      expect(call.remoteIdentity).to.deep.equal({ display: 'Sipp Caller', user: '7771234' });
      call.ring();
      await call.answer();
      await until(() => (call.receivedDtmf.length ? true : null), 3000, 'digit from sipp');
      expect(call.receivedDtmf).to.deep.equal(['0']);
      expect(await call.ended).to.deep.equal({ by: 'remote' });
      expect(call.rtpPacketsReceived).to.be.greaterThan(5);
      await caller.expectSuccess();
    });

    it('ends with 487 when sipp cancels while it rings', async () => {
      const phone = await calledPhone();
      const caller = await sipp({ scenario: 'uac-cancel', remote: phone.address, service: 'bob' });
      const call = await phone.nextIncoming();
      call.ring();
      expect(await call.ended).to.deep.equal({ by: 'remote', status: 487 });
      await caller.expectSuccess();
    });
  });

  describe('given sipp calling the phone (more)', () => {
    it('answers 486 Busy Here when the call is rejected', async () => {
      const phone = await calledPhone();
      const caller = await sipp({ scenario: 'uac-reject', remote: phone.address, service: 'bob' });
      const call = await phone.nextIncoming();
      call.ring();
      await call.reject();
      expect(await call.ended).to.deep.equal({ by: 'local', status: 486 });
      await caller.expectSuccess();
    });

    it('answers sipp\'s hold re-INVITE recvonly, an in-dialog OPTIONS 200, and the resume sendrecv', async () => {
      const phone = await calledPhone();
      const caller = await sipp({ scenario: 'uac-reinvite', remote: phone.address, service: 'bob' });
      const call = await phone.nextIncoming();
      await call.answer();
      await until(() => (call.remoteDirection() === 'sendonly' ? true : null), 3000, 'held by sipp');
      await until(() => (call.remoteDirection() === 'sendrecv' ? true : null), 3000, 'resumed by sipp');
      expect(await call.ended).to.deep.equal({ by: 'remote' });
      await caller.expectSuccess();
    });
  });

  describe('given sipp answering the phone\'s calls', () => {
    it('ends a call answered 486 with that status', async () => {
      const callee = await sipp({ scenario: 'uas-busy' });
      const phone = await phoneFor(callee);
      const call = await phone.call('606');
      expect(await call.ended).to.deep.equal({ by: 'remote', status: 486 });
      const answered = await call.answered.then(() => 'answered', (e: Error) => e.message);
      expect(answered).to.equal('call ended before answer (486)');
      await callee.expectSuccess();
    });

    it('cancels a ringing call on hangup (CANCEL on the INVITE\'s branch, 487 ACKed)', async () => {
      const callee = await sipp({ scenario: 'uas-ring-cancel' });
      const phone = await phoneFor(callee);
      const call = await phone.call('607');
      await until(() => (phone.sipLog.some((l) => l.startsWith('<<') && l.includes('180 Ringing')) ? true : null), 3000, '180');
      await call.hangup();
      expect(await call.ended).to.deep.equal({ by: 'local', status: 487 });
      await callee.expectSuccess();
      const branch = (name: string) => new RegExp(`${name}-BRANCH (branch=\\S+)`).exec(callee.logs())?.[1];
      expect(branch('CANCEL')).to.match(/^branch=z9hG4bK/).and.equal(branch('INVITE'));
    });

    it('authenticates a 407, gets answered, sends RFC 4733 digits to the SDP address sipp gave, hangs up', async () => {
      const media = await rtpListener();
      cleanups.push(media.close);
      const callee = await sipp({ scenario: 'uas-auth-call', keys: { rtpport: media.port } });
      const phone = await phoneFor(callee);
      const call = await phone.call('601');
      expect(call.direction).to.equal('out');
      expect(call.remoteIdentity.user).to.equal('601');
      await call.answered;
      expect(call.remoteDirection()).to.equal('sendrecv');
      await call.dtmf('1#', { durationMs: 80, gapMs: 50 });
      await until(() => (media.endEvents.length >= 2 ? true : null), 2000, 'RFC 4733 end events');
      expect(media.endEvents).to.deep.equal([1, 11]);
      await until(() => (media.counts.audio > 3 ? true : null), 2000, 'PCMU packets, as a desk phone streams');
      await call.hangup();
      expect(await call.ended).to.deep.equal({ by: 'local' });
      await callee.expectSuccess();
    });

    it('puts the call on hold with a=sendonly and resumes with a=sendrecv', async () => {
      const callee = await sipp({ scenario: 'uas-hold', keys: { rtpport: 9 } });
      const phone = await phoneFor(callee);
      const call = await phone.call('602');
      await call.answered;
      await call.hold();
      expect(call.remoteDirection()).to.equal('recvonly');
      await call.unhold();
      expect(call.remoteDirection()).to.equal('sendrecv');
      await call.hangup();
      await callee.expectSuccess();
    });

    it('blind-transfers with REFER and collects the NOTIFY sipfrags', async () => {
      const callee = await sipp({ scenario: 'uas-refer', keys: { rtpport: 9 } });
      const phone = await phoneFor(callee);
      const call = await phone.call('603');
      await call.answered;
      await call.blindTransfer('700');
      await until(() => (call.notifies.length >= 2 ? true : null), 3000, 'two NOTIFYs');
      expect(call.notifies).to.deep.equal(['SIP/2.0 100 Trying', 'SIP/2.0 200 OK']);
      await call.hangup();
      await callee.expectSuccess();
      expect(callee.logs()).to.include(`REFER-TO <sip:700@127.0.0.1:${callee.port}>`)
        .and.include('REFERRED-BY <sip:bob@127.0.0.1>');
    });

    it('attended-transfers with Replaces naming the other dialog (to-tag = sipp\'s, from-tag = ours)', async () => {
      const callee = await sipp({ scenario: 'uas-refer', calls: 2, keys: { rtpport: 9 } });
      const phone = await phoneFor(callee);
      const first = await phone.call('604');
      await first.answered;
      const second = await phone.call('605');
      await second.answered;
      await first.attendedTransfer(second);
      await until(() => (first.notifies.includes('SIP/2.0 200 OK') ? true : null), 3000, 'NOTIFY 200');
      await second.hangup();
      await first.hangup();
      await callee.expectSuccess();
      const referTo = /REFER-TO <([^>]*)>/.exec(callee.logs())?.[1] ?? '';
      const [uri, query] = referTo.split('?');
      expect(uri).to.equal(`sip:605@127.0.0.1:${callee.port}`);
      const replaces = decodeURIComponent(query.replace(/^Replaces=/, ''));
      expect(second.remoteTag).to.match(/SIPpTag01/);
      expect(replaces).to.equal(`${second.callId};to-tag=${second.remoteTag};from-tag=${second.localTag}`);
    });
  });
});
