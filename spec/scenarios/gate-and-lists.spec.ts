import { expect } from 'chai';
import type { Account } from '../../app/features/accounts/entities';
import { listNumber, randomMobile } from '../support/telephony-factories';
import { startTelephonyWorld, type TelephonyWorld } from '../support/telephony-world';
import { numberRunning } from './support';

describe('scenario suite: who gets through (account state, unknown numbers, black and white lists)', () => {
  let w: TelephonyWorld;
  before(async () => (w = await startTelephonyWorld()));
  after(() => w?.close());

  const greeting = { start: 's', steps: { s: { type: 'hangup', prompt: { sound: 'hello-world' } } } };

  for (const [label, overrides, sound] of [
    ['a suspended account', { status: 'suspended' }, 'sound:vpbx/service-suspended'],
    ['a prepaid account out of credit', { paymentMethod: 'prepaid', balanceTiyn: 0, creditLimitTiyn: 0 }, 'sound:vpbx/no-funds'],
  ] as const) {
    it(`given ${label}, the caller hears the notice and no scenario runs`, async () => {
      const { number } = await numberRunning(w, greeting, overrides as Partial<Account>);
      const caller = await w.callIn(number);
      await caller.ended;
      expect(w.mediaPlayedTo(caller)).to.deep.equal([sound]);
      expect((await w.finishedCall(caller)).disposition).to.equal('blocked');
    });
  }

  it('given a prepaid account with credit left, the call goes through', async () => {
    const { number } = await numberRunning(w, greeting, { paymentMethod: 'prepaid', balanceTiyn: -5_000, creditLimitTiyn: 10_000 });
    const caller = await w.callIn(number);
    await caller.ended;
    expect(w.mediaPlayedTo(caller)).to.deep.equal(['sound:hello-world']);
  });

  it('given a number that is not ours, the caller hears it is not in service', async () => {
    const caller = await w.callIn('+77270000001');
    await caller.ended;
    expect(w.mediaPlayedTo(caller)).to.deep.equal(['sound:ss-noservice']);
    expect((await w.finishedCall(caller)).disposition).to.equal('failed');
  });

  describe('black and white lists', () => {
    const definition = (blackAction: string) => ({
      start: 'check',
      steps: {
        check: { type: 'list_check', blackAction, blackPrompt: { sound: 'ss-noservice' }, whiteNext: 'vip', next: 'menu' },
        menu: { type: 'hangup', prompt: { sound: 'digits/1' } },
        vip: { type: 'hangup', prompt: { sound: 'digits/9' } },
      },
    });

    it('rejects a black-listed caller with the message and records the call as rejected', async () => {
      const from = randomMobile();
      const { account, number } = await numberRunning(w, definition('reject'));
      await listNumber(w.deps.db, account, 'black', from);
      const caller = await w.callIn(number, from);
      await caller.ended;
      expect(w.mediaPlayedTo(caller)).to.deep.equal(['sound:ss-noservice']);
      expect((await w.finishedCall(caller)).disposition).to.equal('rejected');
    });

    it('refuses a black-listed caller as busy, playing nothing', async () => {
      const from = randomMobile();
      const { account, number } = await numberRunning(w, definition('busy'));
      await listNumber(w.deps.db, account, 'black', from);
      const caller = await w.callIn(number, from);
      const end = await caller.ended;
      expect(end.cause).to.equal(17);
      expect(w.mediaPlayedTo(caller)).to.deep.equal([]);
    });

    it('sends a white-listed caller past the menu; anyone else goes on to it', async () => {
      const vip = randomMobile();
      const { account, number } = await numberRunning(w, definition('reject'));
      await listNumber(w.deps.db, account, 'white', vip);
      const white = await w.callIn(number, vip);
      const other = await w.callIn(number);
      await Promise.all([white.ended, other.ended]);
      expect(w.mediaPlayedTo(white)).to.deep.equal(['sound:digits/9']);
      expect(w.mediaPlayedTo(other)).to.deep.equal(['sound:digits/1']);
    });
  });
});
