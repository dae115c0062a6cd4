import { randomBytes } from 'node:crypto';
import type { Account } from '../../../app/features/accounts/entities';
import { Recording } from '../../../app/features/recordings/entities';
import { VoicemailMessage } from '../../../app/features/voicemail/entities';
import { buildCall } from '../calls/call-factory';
import type { AppWithAsterisk } from '../recordings/support';

/** A saved message as the engine leaves it: the call, the recording row, the message row, the file on the fake node. */
export async function buildMessage(env: AppWithAsterisk, account: Account, overrides: Partial<VoicemailMessage> & { node?: string } = {}): Promise<VoicemailMessage & { asteriskName: string }> {
  const { node, ...message } = overrides;
  const db = env.app.deps.db;
  const createdAt = message.createdAt ?? env.app.clock.now();
  const call = await buildCall(db, account, { node: node ?? env.node, disposition: 'voicemail', startedAt: createdAt });
  const asteriskName = `voicemail/${account.id}/${call.id}-${randomBytes(4).toString('hex')}`;
  const durationSeconds = message.durationSeconds ?? 2;
  const recording = await db.getRepository(Recording).save({
    accountId: account.id, callId: call.id, kind: 'voicemail', asteriskName, format: 'wav', durationSeconds, state: 'done', createdAt,
  });
  env.fake.addStoredRecording(asteriskName, 'wav', durationSeconds);
  const saved = await db.getRepository(VoicemailMessage).save({
    accountId: account.id, box: 'shared', extensionId: null, callId: call.id, callerNumber: call.fromNumber, recordingId: recording.id,
    durationSeconds, createdAt, readAt: null, notifiedAt: null, ...message,
  });
  return { ...saved, id: Number(saved.id), recordingId: Number(recording.id), asteriskName };
}
