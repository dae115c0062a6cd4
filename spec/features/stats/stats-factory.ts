import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import type { CallDirection, CallDisposition } from '../../../app/features/calls/entities';

/** How a call went, as the statistics count it. */
export type Fate = 'answered' | 'missed' | 'lost' | 'refused';

export interface StatsCall {
  startedAt: Date;
  fate: Fate;
  direction?: CallDirection;
  phoneNumberId?: number | null;
  extensionId?: number | null;
  /** start → the employee's answer (answered calls) */
  waitSeconds?: number;
  billableSeconds?: number;
  /** the disposition the engine left; the default is what it writes for each fate */
  disposition?: CallDisposition | null;
  /** the call is still going: no end, no disposition */
  active?: boolean;
  endedAt?: Date;
}

const DEFAULT_DISPOSITION: Record<Fate, CallDisposition> = { answered: 'answered', missed: 'no_answer', lost: 'abandoned', refused: 'blocked' };
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

/**
 * Call rows and legs as the engine leaves them: a scenario answers the caller first (so calls.answered_at
 * is set for every call that reached the greeting), a callee leg exists when someone's phone rang,
 * and it has answered_at when they picked up.
 */
export async function insertStatsCalls(db: DataSource, account: Account, calls: StatsCall[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < calls.length; i += 500) {
    const chunk = calls.slice(i, i + 500);
    const rows = chunk.map((c) => {
      const wait = c.waitSeconds ?? 10;
      const billable = c.fate === 'answered' ? (c.billableSeconds ?? 60) : 0;
      const ivrAnswered = c.fate === 'refused' ? null : at(c.startedAt, 1);
      const ended = c.active ? null : (c.endedAt ?? at(c.startedAt, c.fate === 'answered' ? wait + billable : 25));
      const disposition = c.active ? null : c.disposition === undefined ? DEFAULT_DISPOSITION[c.fate] : c.disposition;
      return [account.id, c.direction ?? 'inbound', '+77015550000', '+77272000000', c.phoneNumberId ?? null, c.extensionId ?? null, 'stats-node',
        `st-${randomBytes(8).toString('hex')}`, c.active ? 'active' : 'ended', c.startedAt, ivrAnswered, ended, disposition, billable];
    });
    const result: { insertId: number } = await db.query(
      `INSERT INTO calls (account_id, direction, from_number, to_number, phone_number_id, extension_id, node, channel_id, state, started_at, answered_at, ended_at, disposition, billable_seconds)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flat(),
    );
    const chunkIds = chunk.map((_, k) => Number(result.insertId) + k);
    ids.push(...chunkIds);
    const legs: unknown[][] = [];
    chunk.forEach((c, k) => {
      legs.push([chunkIds[k], `in-${chunkIds[k]}`, 'caller', c.startedAt, c.fate === 'refused' ? null : at(c.startedAt, 1)]);
      if (c.fate === 'answered') legs.push([chunkIds[k], `out-${chunkIds[k]}`, 'callee', at(c.startedAt, 3), at(c.startedAt, c.waitSeconds ?? 10)]);
      if (c.fate === 'missed') legs.push([chunkIds[k], `out-${chunkIds[k]}`, 'callee', at(c.startedAt, 3), null]);
    });
    await db.query(`INSERT INTO call_legs (call_id, channel_id, role, started_at, answered_at) VALUES ${legs.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, legs.flat());
  }
  return ids;
}
