import { expect } from 'chai';
import { Account } from '../../../app/features/accounts/entities';
import { Notification } from '../../../app/features/notifications/entities';
import { NotificationsService } from '../../../app/features/notifications/service';
import { Recording } from '../../../app/features/recordings/entities';
import { storageUsage } from '../../../app/features/recordings/usage';
import { checkAccountStorage } from '../../../app/features/storage/alerts';
import { checkStorage } from '../../../app/jobs/check-storage';
import { startTestApp, type TestApp } from '../../support/app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn } from '../../support/http';
import { buildRecording } from './support';

describe('storage: usage against the quota and the notices', () => {
  let app: TestApp;
  before(async () => (app = await startTestApp()));
  after(() => app.close());

  const noticesOf = (accountId: number) => app.deps.db.getRepository(Notification).find({ where: { accountId }, order: { id: 'ASC' } });
  const setQuota = (accountId: number, bytes: number) => app.deps.db.getRepository(Account).update(accountId, { storageQuotaBytes: bytes });

  it('given recordings of every kind, some without a size, then usage counts sizes as stored and the others as 8 kHz 16-bit WAV of their duration, never another account\'s', async () => {
    const { account } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 5_000_000 });
    const other = await buildAccountWithOwner(app.deps.db);
    await buildRecording(app.deps.db, account, { kind: 'call', sizeBytes: 1000, durationSeconds: 99 });
    await buildRecording(app.deps.db, account, { kind: 'voicemail', sizeBytes: null, durationSeconds: 10 });
    await buildRecording(app.deps.db, account, { kind: 'prompt', sizeBytes: null, durationSeconds: null });
    await buildRecording(app.deps.db, account, { kind: 'fax', sizeBytes: 5000, durationSeconds: null });
    await buildRecording(app.deps.db, other.account, { sizeBytes: 777_777 });
    expect(await storageUsage(app.deps.db, account.id)).to.deep.equal({ usedBytes: 1000 + (44 + 10 * 16_000) + 44 + 5000, quotaBytes: 5_000_000 });
  });

  it('given prompts the account uploaded or had spoken, then their files count toward its usage too', async () => {
    const { account } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 5_000_000 });
    await buildRecording(app.deps.db, account, { kind: 'call', sizeBytes: 1000 });
    await app.deps.db.query(
      "INSERT INTO prompts (account_id, name, source, size_bytes, duration_ms, created_at, updated_at) VALUES (?, 'Приветствие', 'upload', 64044, 4000, NOW(3), NOW(3)), (?, 'Меню', 'tts', 32044, 2000, NOW(3), NOW(3))",
      [account.id, account.id],
    );
    expect((await storageUsage(app.deps.db, account.id)).usedBytes).to.equal(1000 + 64044 + 32044);
  });

  it('given usage passes 90%, when the job runs twice, then the owners get one notice (cabinet and e-mail) and other members none', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 1_000_000 });
    const employee = await buildUser(app.deps.db);
    await addMember(app.deps.db, account, employee, 'employee');
    await buildRecording(app.deps.db, account, { sizeBytes: 920_000 });
    await checkStorage.run(app.deps);
    await checkStorage.run(app.deps);
    const notices = await noticesOf(account.id);
    expect(notices.map((n) => n.kind)).to.deep.equal(['storage_90']);
    expect(notices[0].params).to.include({ percent: 92 });
    const mail = await app.mail.waitFor(owner.email);
    expect(mail.subject).to.equal('Хранилище заполнено на 92%');
    const all = await app.mail.list();
    expect(all.filter((m) => m.to.includes(owner.email.toLowerCase()) && m.subject.startsWith('Хранилище'))).to.have.length(1);
    expect(all.filter((m) => m.to.includes(employee.email.toLowerCase()))).to.have.length(0);
  });

  it('given usage dropped below 90% and climbed back, then a second crossing gets a second notice', async () => {
    const { account } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 1_000_000 });
    const big = await buildRecording(app.deps.db, account, { sizeBytes: 950_000 });
    await checkStorage.run(app.deps);
    await app.deps.db.getRepository(Recording).delete(big.id);
    await checkStorage.run(app.deps);
    expect(await noticesOf(account.id)).to.have.length(1);
    await buildRecording(app.deps.db, account, { sizeBytes: 930_000 });
    await checkStorage.run(app.deps);
    const notices = await noticesOf(account.id);
    expect(notices.map((n) => [n.kind, n.dedupeKey])).to.deep.equal([['storage_90', 'storage_90:1'], ['storage_90', 'storage_90:2']]);
  });

  it('given usage reaches the quota, then the owner is told storage is full (once), after the 90% notice', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 1_000_000 });
    await buildRecording(app.deps.db, account, { sizeBytes: 910_000 });
    await checkStorage.run(app.deps);
    await buildRecording(app.deps.db, account, { sizeBytes: 100_000 });
    await checkStorage.run(app.deps);
    await checkStorage.run(app.deps);
    expect((await noticesOf(account.id)).map((n) => n.kind)).to.deep.equal(['storage_90', 'storage_full']);
    const mail = await app.mail.waitFor(owner.email, (m) => m.subject === 'Хранилище заполнено');
    expect(mail.text).to.contain('Новые записи разговоров больше не сохраняются');
  });

  it('given the check crashed after the notice but before it saved the new level, when it runs again, then no second notice goes out', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 1000 });
    await buildRecording(app.deps.db, account, { sizeBytes: 5000 });
    const notices = new NotificationsService(app.deps.db, app.deps.mailer, app.deps.clock);
    expect(await checkAccountStorage(app.deps.db, notices, account.id, app.deps.clock.now())).to.equal(true);
    await app.deps.db.query('DELETE FROM storage_alerts WHERE account_id = ?', [account.id]);
    expect(await checkAccountStorage(app.deps.db, notices, account.id, app.deps.clock.now())).to.equal(false);
    expect((await noticesOf(account.id)).map((n) => n.kind)).to.deep.equal(['storage_full']);
    await app.mail.waitFor(owner.email);
    expect((await app.mail.list()).filter((m) => m.to.includes(owner.email.toLowerCase()))).to.have.length(1);
  });

  it('shows the members usage against the quota on the dashboard, with a warning when it is high', async () => {
    const { account, owner } = await buildAccountWithOwner(app.deps.db, { storageQuotaBytes: 10 * 1024 * 1024 });
    await buildRecording(app.deps.db, account, { sizeBytes: 9.5 * 1024 * 1024 });
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const page = (await agent.get(`/a/${account.id}`)).text;
    expect(page).to.match(/data-level="high"/);
    expect(page).to.contain('занято 9,5 МБ из 10 МБ (95%)');
    expect(page).to.contain('Место почти закончилось');
    await setQuota(account.id, 1024 * 1024 * 1024);
    const roomy = (await agent.get(`/a/${account.id}`)).text;
    expect(roomy).to.match(/data-level="normal"/).and.not.contain('Место почти закончилось');
  });
});
