import { expect } from 'chai';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMailCapture, type MailCapture } from '../../../app/features/mail/capture-server';
import { createMailer } from '../../../app/features/mail/mailer';
import { VoicemailMessage } from '../../../app/features/voicemail/entities';
import { buildAccountWithOwner } from '../../support/factories';
import { startPbxHarness, type PbxHarness } from '../../support/pbx';
import { buildNumber, buildScenario, randomMobile } from '../../support/telephony-factories';
import { until } from '../../support/until';

describe('voicemail e-mail straight from the engine', () => {
  let h: PbxHarness;
  let mail: MailCapture;
  before(async () => {
    h = await startPbxHarness();
    h.fake.addEndpoint('carrier', { online: true });
    mail = await startMailCapture({ port: 0, dir: await mkdtemp(path.join(tmpdir(), 'vpbx-mail-')) });
    // The engine reads the mailer from its deps when a message is saved: the harness's silent one is swapped for real SMTP.
    h.deps.mailer = createMailer({ smtpUrl: mail.smtpUrl, from: h.deps.config.mail.from }, h.deps.logger);
  });
  after(async () => {
    await h.close();
    await mail.close();
  });

  it('given a caller leaves a message in a shared box, then the owner gets it attached without waiting for the job', async () => {
    const { account, owner } = await buildAccountWithOwner(h.deps.db, { paymentMethod: 'postpaid' });
    const scenario = await buildScenario(h.deps.db, account, { start: 'vm', steps: { vm: { type: 'voicemail', box: 'reception', greeting: { sound: 'vm-intro' } } } });
    const number = await buildNumber(h.deps.db, account, scenario);
    const caller = randomMobile();
    const phone = h.fake.callIntoStasis({ app: h.app, args: ['inbound', number.e164], callerNumber: caller, endpoint: 'carrier' });
    await h.fake.waitForEvent((e) => e.type === 'RecordingStarted' && e.event.recording?.target_uri === `channel:${phone.channelId}`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    phone.hangup();
    const record = await h.finishedCall(phone.channelId);
    const message = await until(() => h.deps.db.getRepository(VoicemailMessage).findOneBy({ callId: record.id }));
    const received = await mail.waitFor(owner.email);
    expect(received.subject).to.equal(`Голосовое сообщение от ${caller}`);
    expect(received.attachments).to.have.length(1);
    expect(received.attachments[0].mimeType).to.equal('audio/wav');
    expect(received.attachments[0].size).to.be.at.least(44 + 16000);
    expect((await h.deps.db.getRepository(VoicemailMessage).findOneByOrFail({ id: message.id })).notifiedAt).to.be.instanceOf(Date);
  });
});
