import { expect } from 'chai';
import { SIP_NOISE, checkTrace } from './fake-asterisk/conformance';
import type { FakeAsterisk } from './fake-asterisk';

// Traces i-n (SIP phones alice/bob/carol, recorded from Asterisk 22.10.1): the phones' SIP side comes from
// the trace's notes; ChannelVarset / connected-line / ChannelDialplan chatter is left out of the comparison.
const sipSetup = (fake: FakeAsterisk): void => {
  fake.addEndpoint('sipp'); // the recording's pjsip.conf had an unregistered sipp endpoint
  fake.onDial('bob', 'manual'); // bob's 180 / 200 notes drive the callee
};

describe('fake Asterisk replays the SIP traces', () => {
  it('i: a phone calls into Stasis, channel variables, originate to bob (400 with originator+formats), bridge', async () => {
    // req 9 reads PJSIP_HEADER(read,From): the From tag is the phone's random one
    const { phones } = await checkTrace({ trace: 'i-sip-call-into-stasis', sip: true, exclude: SIP_NOISE, skipBodies: [9], setup: sipSetup });
    expect(phones.calls.get('alice')?.[0].stasisStatus).to.equal('SUCCESS');
  });

  it('j: phone hold / unhold give ChannelHold / ChannelUnhold, app-side hold gives none', async () => {
    await checkTrace({ trace: 'j-sip-hold', sip: true, exclude: SIP_NOISE, setup: sipSetup });
  });

  it('k: DTMF events alone in Stasis, none in a plain mixing bridge, back in a dtmf_events bridge', async () => {
    const { phones } = await checkTrace({
      trace: 'k-sip-dtmf', sip: true, exclude: SIP_NOISE, setup: sipSetup,
      actions: (_fake, p) => {
        const alice = () => p.current('alice');
        const bob = () => p.current('bob');
        return {
          18: () => alice()?.dtmf('12#*', { durationMs: 160 }),
          23: () => alice()?.dtmf('9', { durationMs: 1000 }),
          56: async () => {
            await alice()?.dtmf('57', { durationMs: 160 });
            await bob()?.dtmf('0', { durationMs: 160 });
          },
          80: () => alice()?.dtmf('58', { durationMs: 160 }),
          82: () => bob()?.dtmf('1', { durationMs: 160 }),
        };
      },
    });
    // what each phone heard as RFC 4733 events (the trace's rtp notes): bridged digits and POST /dtmf
    expect(phones.calls.get('bob')?.[0].receivedDtmf).to.deep.equal(['5', '7', '5', '8']);
    expect(phones.calls.get('alice')?.[0].receivedDtmf).to.deep.equal(['0', '1', '3']);
  });

  it('l: blind transfer by REFER (BridgeBlindTransfer) and the ari-only variant (ChannelTransfer)', async () => {
    const { phones } = await checkTrace({ trace: 'l-sip-blind-transfer', sip: true, exclude: SIP_NOISE, setup: sipSetup });
    const [first, second] = phones.calls.get('alice') ?? [];
    expect(first.notifies).to.deep.equal(['100 Trying', '200 OK']);
    expect(second.notifies, 'ari-only: NOTIFYs only from transfer_progress').to.deep.equal(['100 Trying', '200 OK']);
  });

  it('m: attended transfer by REFER with Replaces links the two bridges with a Local pair', async () => {
    const { phones } = await checkTrace({ trace: 'm-sip-attended-transfer', sip: true, exclude: SIP_NOISE, setup: sipSetup });
    const [call1] = phones.calls.get('alice') ?? [];
    expect(call1.notifies).to.deep.equal(['100 Trying', '200 OK']);
  });

  it('n: dynamic res_pjsip config: 403 without a writable wizard, PUT/GET/DELETE with one, a dynamic phone calls in', async () => {
    const { phones } = await checkTrace({
      trace: 'n-dynamic-config', sip: true, exclude: SIP_NOISE,
      fakeOptions: { sorceryWritable: false },
      setup: (fake) => {
        fake.addEndpoint('sipp');
        for (const phone of ['alice', 'bob']) fake.registerPhone(phone);
      },
      // the restart with sorcery.conf (trace seq 30) makes the astdb wizard writable
      actions: (fake) => ({ 32: () => fake.setSorceryWritable(true) }),
      // req 30: after a restart Asterisk shows carol's registered contact in her aor; the fake does not restart
      skipBodies: [30],
    });
    expect(phones.registrations).to.deep.equal([{ ua: 'carol', ok: true }, { ua: 'carol', ok: false }]);
  });
});
