import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildAccountWithOwner } from '../support/factories';
import type { Phone } from '../support/fake-asterisk';
import { buildExtension, buildNumber, buildScenario, randomMobile } from '../support/telephony-factories';

/**
 * A call's disposition says whether a person took it: the engine answering the caller for a
 * greeting or a menu does not make it answered.
 */
describe('call disposition: answered only when a person answered', () => {
  let h: PbxHarness;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
  });
  after(() => h.close());

  async function call(definition: unknown, setup: (acc: Account) => Promise<void> = async () => undefined): Promise<Phone> {
    const { account } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid' });
    await setup(account);
    const number = await buildNumber(h.deps.db, account, await buildScenario(h.deps.db, account, definition));
    return h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber: randomMobile(), endpoint: 'carrier' });
  }

  const playing = (phone: Phone, media: string) =>
    h.fake.waitForEvent((e) => e.type === 'PlaybackStarted' && e.event.playback?.target_uri === `channel:${phone.channelId}` && e.event.playback?.media_uri === media);

  it('given a caller who hangs up during the greeting, then the call is abandoned though the engine answered it; its seconds from that answer stay billable', async () => {
    const phone = await call({ start: 'hello', steps: { hello: { type: 'greeting', prompt: { sound: 'hello-world' } } } });
    await playing(phone, 'sound:hello-world');
    h.clock.advance(4000);
    phone.hangup();
    const record = await h.finishedCall(phone.channelId);
    expect(record.answeredAt).to.be.instanceOf(Date);
    expect(record).to.include({ disposition: 'abandoned', billableSeconds: 4 });
  });

  it('given a caller who hangs up in the menu without choosing, then the call is abandoned', async () => {
    const phone = await call({
      start: 'menu',
      steps: { menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'bye' }, timeoutSeconds: 30 }, bye: { type: 'hangup' } },
    });
    await playing(phone, 'sound:hello-world');
    phone.hangup();
    expect(await h.finishedCall(phone.channelId)).to.include({ disposition: 'abandoned' });
  });

  it('given a menu that falls back to an extension after no choice, when the phone answers, then the call is answered', async () => {
    const phone = await call(
      {
        start: 'menu',
        steps: {
          menu: { type: 'menu', prompt: { sound: 'hello-world' }, options: { '1': 'ring' }, timeoutSeconds: 1, retries: 0, fallback: 'ring' },
          ring: { type: 'dial', target: { extension: '101' } },
        },
      },
      async (acc) => {
        const ext = await buildExtension(h.deps.db, acc, '101');
        h.fake.addEndpoint(ext.sipUsername, { online: true });
        h.fake.onDial(`PJSIP/${ext.sipUsername}`, { action: 'answer', afterMs: 50 });
      },
    );
    const callee = await h.fake.waitForEvent((e) => e.type === 'ChannelEnteredBridge' && e.event.channel?.id !== phone.channelId, 10_000);
    expect(callee.event.channel?.id).to.be.a('string');
    phone.hangup();
    expect(await h.finishedCall(phone.channelId)).to.include({ disposition: 'answered' });
  });
});
