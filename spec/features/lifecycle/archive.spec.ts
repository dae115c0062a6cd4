import { createHash } from 'node:crypto';
import { access, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { Account } from '../../../app/features/accounts/entities';
import { AuditEntry } from '../../../app/features/audit/entities';
import { AccountArchive } from '../../../app/features/lifecycle/entities';
import { writeArchive } from '../../../app/features/lifecycle/archive-file';
import { archiveFile, archivePath, packArchive } from '../../../app/features/lifecycle/archives';
import { promptsDir } from '../../../app/features/lifecycle/live-files';
import { archiveEndedAccounts } from '../../../app/jobs/archive-ended-accounts';
import { deleteExpiredArchives } from '../../../app/jobs/delete-expired-archives';
import { startTestApp, type TestApp } from '../../support/app';
import { HOUR } from '../../support/clock';
import type { FakeAsterisk } from '../../support/fake-asterisk';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from '../../support/factories';
import { signIn, submitForm } from '../../support/http';
import { pointAt, populatedAccount, removeFakeStorage, storedOnNode, withFakeStorage } from './support';
import { readZip } from './zip-reader';

const DAY = 24 * HOUR;
const exists = (file: string) => access(file).then(() => true, () => false);
const binary = (res: { on: (e: string, f: (c?: Buffer) => void) => void; setEncoding?: unknown }, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('end of service: archive the next day, keep it 90 days, then delete it', () => {
  let app: TestApp;
  let fake: FakeAsterisk;
  before(async () => {
    app = await startTestApp();
    fake = await withFakeStorage(app);
  });
  after(async () => {
    await app.close();
    await fake.close();
    await removeFakeStorage(app);
  });

  const db = () => app.deps.db;
  const count = async (table: string, accountId: number) => Number((await db().query(`SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`, [accountId]))[0].n);
  const auditActions = async (accountId: number) => (await db().getRepository(AuditEntry).find({ where: { accountId }, order: { id: 'ASC' } })).map((a) => a.action);

  it('given the owner switched the service off, then the same day nothing is archived; the next day the zip holds the rows and files, the live data is gone, and the owner (only) downloads it; on day 91 it is deleted', async () => {
    const world = await populatedAccount(app, fake);
    const { account, owner } = world;
    app.clock.set(new Date('2026-12-10T05:00:00Z')); // 10:00 in Almaty
    const agent = app.agent();
    await signIn(agent, owner.login!, TEST_PASSWORD);
    const off = await submitForm(agent, `/a/${account.id}/service-end`, `/a/${account.id}/service-end`, { confirm: 'on' });
    expect(off.status).to.equal(302);
    expect(await db().getRepository(Account).findOneByOrFail({ id: account.id })).to.include({ status: 'terminated' });
    expect((await agent.get(`/a/${account.id}/archive`)).text).to.contain('Архив будет подготовлен на следующий день');

    app.clock.set(new Date('2026-12-10T18:30:00Z')); // 23:30 the same day
    await archiveEndedAccounts.run(app.deps);
    expect(await db().getRepository(AccountArchive).countBy({ accountId: account.id })).to.equal(0);
    expect(await count('calls', account.id)).to.equal(1);

    app.clock.set(new Date('2026-12-10T19:30:00Z')); // 00:30 the next day
    expect(await archiveEndedAccounts.run(app.deps)).to.be.at.least(1);
    const archive = await db().getRepository(AccountArchive).findOneByOrFail({ accountId: account.id });
    expect(archive.expiresAt.getTime() - archive.createdAt.getTime()).to.equal(90 * DAY);
    expect(archive.purgedAt).to.be.instanceOf(Date);
    const file = archiveFile(app.deps, archive);
    const bytes = await readFile(file);
    expect(bytes.length).to.equal(Number(archive.sizeBytes));
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(archive.sha256);

    const zip = readZip(bytes);
    const rows = (table: string) => JSON.parse(zip.get(`data/${table}.json`)!.toString('utf8')) as Record<string, unknown>[];
    expect(rows('accounts').map((r) => r.id)).to.deep.equal([account.id]);
    expect(rows('calls').map((r) => r.id)).to.deep.equal([world.callId]);
    expect(rows('call_legs').map((r) => r.call_id)).to.deep.equal([world.callId]);
    expect(rows('recordings')).to.have.length(2);
    expect(rows('ring_group_members')).to.have.length(1);
    expect(rows('prompts')).to.have.length(1);
    expect(rows('ledger_entries')).to.have.length(1);
    expect(rows('extensions')[0]).to.include({ exten: '101' }).and.not.have.property('sip_md5_cred');
    expect(rows('users').map((u) => u.email)).to.deep.equal([owner.email]);
    expect(rows('users')[0]).not.to.have.property('password_hash');
    const wav = zip.get(`recordings/${world.callRecording.asteriskName}.wav`)!;
    expect(wav.subarray(0, 4).toString()).to.equal('RIFF');
    expect(wav.length).to.equal(44 + 2 * 16_000);
    expect(zip.has(`recordings/${world.voicemail.asteriskName}.wav`)).to.equal(true);
    expect([...zip.entries()].find(([name]) => name.startsWith('prompts/'))?.[1]).to.deep.equal(world.promptBytes);
    expect(JSON.parse(zip.get('manifest.json')!.toString())).to.deep.include({ recordings: 2, prompts: 1, missingRecordings: [] });

    for (const table of ['calls', 'recordings', 'voicemail_messages', 'extensions', 'phone_numbers', 'scenarios', 'ring_groups', 'caller_list_entries', 'prompts']) {
      expect(await count(table, account.id), table).to.equal(0);
    }
    expect(Number((await db().query('SELECT COUNT(*) AS n FROM call_legs WHERE call_id = ?', [world.callId]))[0].n)).to.equal(0);
    expect(await storedOnNode(fake, world.callRecording.asteriskName)).to.equal(false);
    expect(await storedOnNode(fake, world.voicemail.asteriskName)).to.equal(false);
    expect(await exists(promptsDir(app.deps.config, account.id))).to.equal(false);
    expect(await count('ledger_entries', account.id)).to.equal(1);
    expect(await count('memberships', account.id)).to.equal(1);
    expect(await count('deleted_extensions', account.id), 'a trace so the pbx removes the phone').to.equal(1);

    const page = await agent.get(`/a/${account.id}/archive`);
    expect(page.text).to.contain('Архив готов').and.contain(archive.sha256);
    const download = await agent.get(`/a/${account.id}/archive/download`).buffer(true).parse(binary);
    expect(download.status).to.equal(200);
    expect(download.headers['content-disposition']).to.contain('attachment');
    expect(createHash('sha256').update(download.body as Buffer).digest('hex')).to.equal(archive.sha256);

    const stranger = await buildAccountWithOwner(db());
    const other = app.agent();
    await signIn(other, stranger.owner.login!, TEST_PASSWORD);
    expect((await other.get(`/a/${account.id}/archive`)).status).to.equal(404);
    expect((await other.get(`/a/${account.id}/archive/download`)).status).to.equal(404);
    const accountant = await buildUser(db());
    await addMember(db(), account, accountant, 'accountant');
    const colleague = app.agent();
    await signIn(colleague, accountant.login!, TEST_PASSWORD);
    expect((await colleague.get(`/a/${account.id}/archive/download`)).status).to.equal(403);

    app.clock.set(new Date(archive.createdAt.getTime() + 89 * DAY));
    await deleteExpiredArchives.run(app.deps);
    expect(await exists(file)).to.equal(true);
    app.clock.set(new Date(archive.createdAt.getTime() + 90 * DAY)); // day 91 after the switch-off
    expect(await deleteExpiredArchives.run(app.deps)).to.be.at.least(1);
    expect(await exists(file)).to.equal(false);
    expect((await db().getRepository(AccountArchive).findOneByOrFail({ id: archive.id })).deletedAt).to.be.instanceOf(Date);
    expect((await agent.get(`/a/${account.id}/archive`)).text).to.contain('Архив удалён');
    expect((await agent.get(`/a/${account.id}/archive/download`)).status).to.equal(404);

    expect(await auditActions(account.id)).to.include.members([
      'billing.service_switched_off', 'account.archive_created', 'account.live_data_removed', 'account.archive_downloaded', 'account.archive_deleted',
    ]);
  });

  it('given the job crashed after writing the zip but before recording it, when it runs again, then it finishes with one archive and one audit entry per step', async () => {
    const world = await populatedAccount(app, fake);
    const { account } = world;
    const endedAt = new Date('2026-12-12T05:00:00Z');
    await db().getRepository(Account).update(account.id, { status: 'terminated', serviceEndedAt: endedAt });
    app.clock.set(new Date(endedAt.getTime() + DAY));
    await writeArchive(app.deps, account.id, archivePath(account.id, endedAt));
    await archiveEndedAccounts.run(app.deps);
    await archiveEndedAccounts.run(app.deps);
    const archives = await db().getRepository(AccountArchive).findBy({ accountId: account.id });
    expect(archives).to.have.length(1);
    expect(archives[0].purgedAt).to.be.instanceOf(Date);
    const actions = await auditActions(account.id);
    expect(actions.filter((a) => a === 'account.archive_created')).to.have.length(1);
    expect(actions.filter((a) => a === 'account.live_data_removed')).to.have.length(1);
    expect(readZip(await readFile(archiveFile(app.deps, archives[0]))).has(`recordings/${world.callRecording.asteriskName}.wav`)).to.equal(true);
    expect(await exists(`${archiveFile(app.deps, archives[0])}.part`)).to.equal(false);
  });

  it('given the job crashed part way through removing the live data, when it runs again, then the removal completes without a second archive', async () => {
    const world = await populatedAccount(app, fake);
    const { account } = world;
    const endedAt = new Date('2026-12-13T05:00:00Z');
    await db().getRepository(Account).update(account.id, { status: 'terminated', serviceEndedAt: endedAt });
    app.clock.set(new Date(endedAt.getTime() + DAY));
    await packArchive(app.deps, account.id, endedAt);
    // The crash: one file already removed from the node, nothing else.
    await fetch(`${fake.url}/ari/recordings/stored/${encodeURIComponent(world.callRecording.asteriskName)}`, {
      method: 'DELETE', headers: { authorization: `Basic ${Buffer.from(`${fake.user}:${fake.password}`).toString('base64')}` },
    });
    await archiveEndedAccounts.run(app.deps);
    expect(await db().getRepository(AccountArchive).countBy({ accountId: account.id })).to.equal(1);
    expect(await count('recordings', account.id)).to.equal(0);
    expect(await storedOnNode(fake, world.voicemail.asteriskName)).to.equal(false);
    const actions = await auditActions(account.id);
    expect(actions.filter((a) => a === 'account.archive_created')).to.have.length(1);
    expect(actions.filter((a) => a === 'account.live_data_removed')).to.have.length(1);
  });

  it('given the Asterisk node does not answer, then nothing is archived or removed; when it is back, the next run archives', async () => {
    const world = await populatedAccount(app, fake);
    const { account } = world;
    const endedAt = new Date('2026-12-14T05:00:00Z');
    await db().getRepository(Account).update(account.id, { status: 'terminated', serviceEndedAt: endedAt });
    app.clock.set(new Date(endedAt.getTime() + DAY));
    pointAt(app, 'http://127.0.0.1:9', fake);
    try {
      await archiveEndedAccounts.run(app.deps);
    } finally {
      pointAt(app, fake.url, fake);
    }
    expect(await db().getRepository(AccountArchive).countBy({ accountId: account.id })).to.equal(0);
    expect(await count('recordings', account.id)).to.equal(2);
    expect(await storedOnNode(fake, world.callRecording.asteriskName)).to.equal(true);
    const left = await readdir(path.join(app.deps.config.media.storageDir, 'archives')).catch(() => [] as string[]);
    expect(left.filter((f) => f.startsWith(`account-${account.id}-`)), 'no half archive left').to.deep.equal([]);
    await archiveEndedAccounts.run(app.deps);
    expect(await db().getRepository(AccountArchive).countBy({ accountId: account.id })).to.equal(1);
    expect(await count('recordings', account.id)).to.equal(0);
  });

  it('given the expiry job crashed after deleting the file but before stamping the row, when it runs again, then the row is stamped with one audit entry', async () => {
    const world = await populatedAccount(app, fake);
    const endedAt = new Date('2026-12-15T05:00:00Z');
    await db().getRepository(Account).update(world.account.id, { status: 'terminated', serviceEndedAt: endedAt });
    app.clock.set(new Date(endedAt.getTime() + DAY));
    await archiveEndedAccounts.run(app.deps);
    const archive = await db().getRepository(AccountArchive).findOneByOrFail({ accountId: world.account.id });
    await rm(archiveFile(app.deps, archive));
    app.clock.set(new Date(archive.expiresAt.getTime() + HOUR));
    await deleteExpiredArchives.run(app.deps);
    await deleteExpiredArchives.run(app.deps);
    expect((await db().getRepository(AccountArchive).findOneByOrFail({ id: archive.id })).deletedAt).to.be.instanceOf(Date);
    expect((await auditActions(world.account.id)).filter((a) => a === 'account.archive_deleted')).to.have.length(1);
  });
});
