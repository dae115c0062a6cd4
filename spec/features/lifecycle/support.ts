import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Account } from '../../../app/features/accounts/entities';
import { CallLeg } from '../../../app/features/calls/entities';
import type { Recording } from '../../../app/features/recordings/entities';
import { promptsDir } from '../../../app/features/lifecycle/live-files';
import type { TestApp } from '../../support/app';
import { startFakeAsterisk, type FakeAsterisk } from '../../support/fake-asterisk';
import { buildAccountWithOwner } from '../../support/factories';
import { buildExtension, buildNumber, buildRingGroup, buildScenario, listNumber, randomMobile } from '../../support/telephony-factories';
import { buildCall } from '../calls/call-factory';
import { buildRecording } from '../storage/support';

export const NODE = 'fake-node';

/** The test app's files in fresh directories and its PBX access pointed at a fake Asterisk that keeps recordings. */
export async function withFakeStorage(app: TestApp): Promise<FakeAsterisk> {
  const fake = await startFakeAsterisk({ user: 'vpbx', password: 'fake-secret' });
  const root = await mkdtemp(path.join(tmpdir(), 'vpbx-lifecycle-'));
  Object.assign(app.deps.config.media, { storageDir: path.join(root, 'storage'), soundsDir: path.join(root, 'sounds') });
  pointAt(app, fake.url, fake);
  return fake;
}

/** Removes the directories withFakeStorage made. */
export async function removeFakeStorage(app: TestApp): Promise<void> {
  await rm(path.dirname(app.deps.config.media.storageDir), { recursive: true, force: true });
}

/** Points the app's PBX access at a URL (a closed port plays a node that is down). */
export function pointAt(app: TestApp, url: string, fake: FakeAsterisk): void {
  Object.assign(app.deps.config.pbx, { nodes: [{ name: NODE, url }], user: fake.user, password: fake.password, requestTimeoutMs: 1000 });
}

/** Whether the fake node still has the recording (GET /recordings/stored/{name}). */
export async function storedOnNode(fake: FakeAsterisk, name: string): Promise<boolean> {
  const reply = await fetch(`${fake.url}/ari/recordings/stored/${encodeURIComponent(name)}`, {
    headers: { authorization: `Basic ${Buffer.from(`${fake.user}:${fake.password}`).toString('base64')}` },
  });
  return reply.ok;
}

export interface PopulatedAccount {
  account: Account;
  owner: Awaited<ReturnType<typeof buildAccountWithOwner>>['owner'];
  callId: number;
  callRecording: Recording;
  voicemail: Recording;
  promptBytes: Buffer;
}

/** An account with what a customer has: a scenario, a number, an extension in a ring group, a list, a call with its recording and a voicemail on the node, a prompt file, a ledger entry. */
export async function populatedAccount(app: TestApp, fake: FakeAsterisk): Promise<PopulatedAccount> {
  const { db } = app.deps;
  const { account, owner } = await buildAccountWithOwner(db, { paymentMethod: 'postpaid' });
  const scenario = await buildScenario(db, account, { start: 'ring', steps: { ring: { type: 'dial', target: { extension: '101' } } } });
  await buildNumber(db, account, scenario);
  const ext = await buildExtension(db, account, '101', { provisionedAt: new Date() });
  await buildRingGroup(db, account, [ext]);
  await listNumber(db, account, 'black', randomMobile());
  const call = await buildCall(db, account, { node: NODE });
  await db.getRepository(CallLeg).insert({ callId: call.id, channelId: call.channelId, role: 'caller', endpoint: 'carrier', number: call.fromNumber, startedAt: call.startedAt });
  const callRecording = await buildRecording(db, account, { kind: 'call', callId: call.id, asteriskName: `calls/${account.id}/${call.id}`, durationSeconds: 2, sizeBytes: 44 + 2 * 16_000 });
  const voicemail = await buildRecording(db, account, { kind: 'voicemail', callId: call.id, asteriskName: `voicemail/${account.id}/${call.id}-vm`, durationSeconds: 1 });
  fake.addStoredRecording(callRecording.asteriskName, 'wav', 2);
  fake.addStoredRecording(voicemail.asteriskName, 'wav', 1);
  const inserted: { insertId: number } = await db.query(
    `INSERT INTO prompts (account_id, name, source, size_bytes, duration_ms, created_at, updated_at) VALUES (?, 'Приветствие', 'upload', 10, 1000, ?, ?)`,
    [account.id, new Date(), new Date()],
  );
  const prompt = { id: Number(inserted.insertId) };
  const promptBytes = Buffer.from(`RIFF-prompt-${account.id}`);
  await mkdir(promptsDir(app.deps.config, account.id), { recursive: true });
  await writeFile(path.join(promptsDir(app.deps.config, account.id), `prompt-${prompt.id}.wav`), promptBytes);
  await db.query(
    `INSERT INTO ledger_entries (account_id, kind, amount_tiyn, occurred_at, reason, source_key, category, created_at) VALUES (?, 'payment', 500000, ?, 'Оплата', ?, 'payment', ?)`,
    [account.id, new Date(), `test-${account.id}`, new Date()],
  );
  return { account, owner, callId: call.id, callRecording, voicemail, promptBytes };
}
