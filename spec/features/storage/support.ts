import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import { Recording, type RecordingKind } from '../../../app/features/recordings/entities';

/** A finished recording row of the account (no file behind it unless the test puts one on the fake node). */
export async function buildRecording(db: DataSource, account: Pick<Account, 'id'>, overrides: Partial<Recording> = {}): Promise<Recording> {
  const kind: RecordingKind = overrides.kind ?? 'call';
  return db.getRepository(Recording).save({
    accountId: account.id, callId: null, kind, asteriskName: `${kind}s/${account.id}/${randomBytes(6).toString('hex')}`, format: 'wav',
    durationSeconds: 10, sizeBytes: null, state: 'done', createdAt: new Date(), ...overrides,
  });
}
