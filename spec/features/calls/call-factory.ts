import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import { Call } from '../../../app/features/calls/entities';
import { randomMobile } from '../../support/telephony-factories';

/** An ended call row as the engine would leave it, with random numbers unless told otherwise. */
export async function buildCall(db: DataSource, account: Account | null, overrides: Partial<Call> = {}): Promise<Call> {
  const startedAt = overrides.startedAt ?? new Date(Date.UTC(2026, 10, 20, 6, randomInt(60), randomInt(60)));
  const duration = overrides.durationSeconds ?? randomInt(5, 300);
  const answered = (overrides.disposition ?? 'answered') === 'answered';
  return db.getRepository(Call).save({
    accountId: account?.id ?? null,
    direction: 'inbound',
    fromNumber: randomMobile(),
    toNumber: '+77272000000',
    dialled: '+77272000000',
    node: 'test-node',
    channelId: `ch-${randomBytes(8).toString('hex')}`,
    state: 'ended',
    startedAt,
    endedAt: new Date(startedAt.getTime() + duration * 1000),
    disposition: 'answered',
    durationSeconds: duration,
    billableSeconds: answered ? Math.max(0, duration - 5) : 0,
    ...overrides,
  });
}

/** `count` calls one minute apart, newest last, for paging and export. */
export async function buildCalls(db: DataSource, account: Account, count: number, overrides: Partial<Call> = {}): Promise<void> {
  const base = Date.UTC(2026, 9, 1);
  const rows = Array.from({ length: count }, (_, i) => ({
    accountId: account.id, direction: 'outbound' as const, fromNumber: '101', toNumber: randomMobile(), dialled: null, node: 'test-node',
    channelId: `bulk-${randomBytes(8).toString('hex')}`, state: 'ended' as const, startedAt: new Date(base + i * 60_000),
    disposition: 'answered' as const, durationSeconds: 60, billableSeconds: 50, ...overrides,
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.getRepository(Call).insert(rows.slice(i, i + 1000));
}
