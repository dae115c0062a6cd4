import { expect } from 'chai';
import { VoicemailMessage } from '../../../app/features/voicemail/entities';
import { deliverVoicemail } from '../../../app/features/voicemail/mail';
import { sendVoicemailMail } from '../../../app/jobs/send-voicemail-mail';
import { HOUR } from '../../support/clock';
import { addMember, buildAccountWithOwner, buildUser } from '../../support/factories';
import { buildExtension } from '../../support/telephony-factories';
import { startAppWithAsterisk, type AppWithAsterisk } from '../recordings/support';
import { buildMessage } from './message-factory';

describe('voicemail e-mail (send-voicemail-mail job)', () => {
  let env: AppWithAsterisk;
  before(async () => (env = await startAppWithAsterisk()));
  after(() => env.close());

  const mailsTo = async (email: string) => (await env.app.mail.list()).filter((m) => m.to.includes(email.toLowerCase()));
  const notifiedAt = async (id: number) => (await env.app.deps.db.getRepository(VoicemailMessage).findOneByOrFail({ id })).notifiedAt;

  it('mails the extension\'s user, in his language, with the message as a WAV attachment, exactly once', async () => {
    const { account } = await buildAccountWithOwner(env.app.deps.db);
    const user = await buildUser(env.app.deps.db, { locale: 'kk' });
    await addMember(env.app.deps.db, account, user, 'employee');
    const ext = await buildExtension(env.app.deps.db, account, '501', { userId: user.id });
    const message = await buildMessage(env, account, { box: 'ext-501', extensionId: ext.id, callerNumber: '+77015550101', durationSeconds: 3 });

    expect(await sendVoicemailMail.run(env.app.deps)).to.be.at.least(1);
    const mail = await env.app.mail.waitFor(user.email);
    expect(mail.subject).to.equal('+77015550101 нөмірінен дауыстық хабар');
    expect(mail.text).to.contain('«Ішкі нөмір 501» жәшігіне дауыстық хабар келді.');
    expect(mail.text).to.contain('Ұзақтығы: 00:03');
    expect(mail.text).to.contain(`/a/${account.id}/voicemail`);
    expect(mail.attachments).to.have.length(1);
    expect(mail.attachments[0]).to.include({ mimeType: 'audio/wav', size: 44 + 3 * 16000 });
    expect(mail.attachments[0].filename).to.match(/^voicemail-\d{4}-\d\d-\d\d_\d\d-\d\d_\+77015550101\.wav$/);
    expect(await notifiedAt(message.id)).to.be.instanceOf(Date);

    expect(await sendVoicemailMail.run(env.app.deps)).to.equal(0);
    expect(await deliverVoicemail(env.app.deps, message.id)).to.equal(false);
    expect(await mailsTo(user.email)).to.have.length(1);
  });

  it('sends one e-mail when two processes race for the same message', async () => {
    const { account, owner } = await buildAccountWithOwner(env.app.deps.db);
    const message = await buildMessage(env, account, { box: 'front-desk' });
    const [first, second] = await Promise.all([deliverVoicemail(env.app.deps, message.id), deliverVoicemail(env.app.deps, message.id), sendVoicemailMail.run(env.app.deps)]);
    expect([first, second].filter(Boolean).length).to.be.at.most(1);
    await env.app.mail.waitFor(owner.email);
    expect(await mailsTo(owner.email)).to.have.length(1);
  });

  it('mails a shared box\'s message to the owners and admins, each in their own language, not to employees', async () => {
    const { account, owner } = await buildAccountWithOwner(env.app.deps.db);
    const admin = await buildUser(env.app.deps.db, { locale: 'en' });
    await addMember(env.app.deps.db, account, admin, 'admin');
    const employee = await buildUser(env.app.deps.db);
    await addMember(env.app.deps.db, account, employee, 'employee');
    await buildMessage(env, account, { box: 'sales', callerNumber: null });
    await sendVoicemailMail.run(env.app.deps);
    expect((await env.app.mail.waitFor(owner.email)).subject).to.equal('Голосовое сообщение от Номер скрыт');
    const english = await env.app.mail.waitFor(admin.email);
    expect(english.subject).to.equal('Voicemail from Number withheld');
    expect(english.text).to.contain('A voicemail message arrived in “Shared box “sales””.');
    expect(english.attachments).to.have.length(1);
    expect(await mailsTo(employee.email)).to.have.length(0);
  });

  it('given the node does not answer, then the message is released and the next run sends it', async () => {
    const { account, owner } = await buildAccountWithOwner(env.app.deps.db);
    const message = await buildMessage(env, account, { box: 'night', node: 'node-not-configured' });
    await sendVoicemailMail.run(env.app.deps);
    expect(await notifiedAt(message.id)).to.equal(null);
    expect(await mailsTo(owner.email)).to.have.length(0);
    await env.app.deps.db.query('UPDATE calls SET node = ? WHERE id = ?', [env.node, message.callId]);
    await sendVoicemailMail.run(env.app.deps);
    expect((await env.app.mail.waitFor(owner.email)).attachments).to.have.length(1);
  });

  it('given the file is gone, then the e-mail still goes, saying so, without an attachment; a day-old message gets none', async () => {
    const { account, owner } = await buildAccountWithOwner(env.app.deps.db);
    const gone = await buildMessage(env, account, { box: 'gone' });
    await fetch(`${env.fake.url}/ari/recordings/stored/${encodeURIComponent(gone.asteriskName)}`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('vpbx:fake-secret').toString('base64')}` } });
    const stale = await buildMessage(env, account, { box: 'stale', createdAt: new Date(env.app.clock.now().getTime() - 25 * HOUR) });
    await sendVoicemailMail.run(env.app.deps);
    const mail = await env.app.mail.waitFor(owner.email);
    expect(mail.attachments).to.have.length(0);
    expect(mail.text).to.contain('Запись не удалось приложить');
    expect(await mailsTo(owner.email)).to.have.length(1);
    expect(await notifiedAt(stale.id)).to.equal(null);
  });
});
