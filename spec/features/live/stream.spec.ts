import { expect } from 'chai';
import { dialFrom } from '../../pbx/outbound-support';
import { buildExtension, buildNumber, randomMobile } from '../../support/telephony-factories';
import { signedInMember } from '../../support/sign-in';
import { EventReader, ownerOf, sessionCookie, useLiveWorld } from './support';

const trunk = (number: string) => `PJSIP/${number}@carrier`;
type LiveCall = { id: number; state: string; direction: string; from: string; to: string; extension: string; recording: boolean; elapsedSeconds: number };
const call = (e: { data: unknown }) => e.data as LiveCall;

describe('live monitoring: the event stream', () => {
  const w = useLiveWorld();

  it('given an owner watching, when a phone calls out and the far end rings, answers, is held, resumed and hung up, then the stream shows the call appear, change state and disappear', async () => {
    const { account, owner } = await ownerOf(w.app);
    await buildNumber(w.h.deps.db, account);
    const ext = await buildExtension(w.h.deps.db, account, '201', { name: 'Айгуль' });
    const stream = await EventReader.open(`${w.app.baseUrl}/a/${account.id}/live/events`, await sessionCookie(w.app.baseUrl, owner.login!));
    try {
      expect(stream.status).to.equal(200);
      expect(stream.contentType).to.match(/^text\/event-stream/);
      expect((await stream.next((e) => e.event === 'snapshot')).data).to.deep.equal({ calls: [] });

      const callee = randomMobile();
      w.h.fake.onDial(trunk(callee), 'manual');
      const phone = dialFrom(w.h, ext, callee);
      const far = await w.h.fake.waitForDial(trunk(callee));
      const ringing = call(await stream.next((e) => e.event === 'call' && call(e).state === 'ringing' && call(e).to === callee));
      expect(ringing).to.include({ direction: 'outbound', extension: '201 Айгуль', recording: false });

      const from = stream.events.length;
      far.answer();
      await stream.next((e) => e.event === 'call' && call(e).id === ringing.id && call(e).state === 'talking', from);
      phone.hold();
      await stream.next((e) => e.event === 'call' && call(e).id === ringing.id && call(e).state === 'held', from);
      phone.unhold();
      const resumed = stream.events.length;
      await stream.next((e) => e.event === 'call' && call(e).id === ringing.id && call(e).state === 'talking', resumed);
      phone.hangup();
      await stream.next((e) => e.event === 'gone' && (e.data as { id: number }).id === ringing.id, resumed);
    } finally {
      stream.close();
    }
  });

  it('given an employee, when calls of their own extension and of another go on, then their stream shows only their own', async () => {
    const { account } = await ownerOf(w.app);
    await buildNumber(w.h.deps.db, account);
    const { user } = await signedInMember(w.app, account, 'employee');
    const mine = await buildExtension(w.h.deps.db, account, '202', { userId: user.id });
    const other = await buildExtension(w.h.deps.db, account, '203');
    const stream = await EventReader.open(`${w.app.baseUrl}/a/${account.id}/live/events`, await sessionCookie(w.app.baseUrl, user.login!));
    try {
      await stream.next((e) => e.event === 'snapshot');
      const [theirs, own] = [randomMobile(), randomMobile()];
      for (const n of [theirs, own]) w.h.fake.onDial(trunk(n), 'ring');
      const otherPhone = dialFrom(w.h, other, theirs);
      await w.h.fake.waitForDial(trunk(theirs));
      const myPhone = dialFrom(w.h, mine, own);
      await stream.next((e) => e.event === 'call' && call(e).to === own);
      expect(stream.events.filter((e) => e.event === 'call').map((e) => call(e).to)).to.deep.equal([own]);
      otherPhone.hangup();
      myPhone.hangup();
      await stream.next((e) => e.event === 'gone');
      expect(stream.events.filter((e) => e.event === 'gone')).to.have.length(1);
    } finally {
      stream.close();
    }
  });

  it('given an accountant, or someone of another account, when they open the stream, then it is refused (403, 404)', async () => {
    const { account } = await ownerOf(w.app);
    const { agent } = await signedInMember(w.app, account, 'accountant');
    expect((await agent.get(`/a/${account.id}/live/events`)).status).to.equal(403);
    const stranger = await ownerOf(w.app);
    expect((await stranger.agent.get(`/a/${account.id}/live/events`)).status).to.equal(404);
  });
});
