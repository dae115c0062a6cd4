import type { DataSource } from 'typeorm';
import { Membership } from '../users/entities';
import { Account, Tariff } from './entities';

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

/** A tariff's name in the page's language, or the code when the tariff is gone. */
export async function tariffNameOf(db: DataSource, code: string | null, locale: 'ru' | 'kk' | 'en'): Promise<string | null> {
  if (!code) return null;
  const tariff = await db.getRepository(Tariff).findOneBy({ code });
  if (!tariff) return code;
  return { ru: tariff.nameRu, kk: tariff.nameKk, en: tariff.nameEn }[locale];
}
