import type { DataSource } from 'typeorm';
import { Membership } from '../users/entities';
import { Account } from './entities';

/** The accounts a user is an active member of, with the role in each. */
export async function membershipsOf(db: DataSource, userId: number) {
  const rows = await db.getRepository(Membership).find({
    where: { userId, status: 'active' },
    relations: { account: true },
    order: { accountId: 'ASC' },
  });
  return rows.filter((m) => m.account).map((m) => ({ account: m.account as Account, role: m.role }));
}

export async function findAccount(db: DataSource, id: number): Promise<Account> {
  return db.getRepository(Account).findOneByOrFail({ id });
}
