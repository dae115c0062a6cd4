import type { DataSource } from 'typeorm';
import { Account } from '../accounts/entities';
import { AuditEntry } from '../audit/entities';
import { Membership } from '../users/entities';

export const PAGE_SIZE = 25;

/** Accounts by name, БИН, id or a member's e-mail, newest first. */
export async function searchAccounts(db: DataSource, query: string, page: number) {
  const qb = db.getRepository(Account).createQueryBuilder('a').orderBy('a.id', 'DESC');
  const q = query.trim();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    qb.where('a.legal_name LIKE :like', { like })
      .orWhere('a.bin LIKE :prefix', { prefix: `${q.replace(/\D/g, '') || '-'}%` })
      .orWhere('a.id = :id', { id: /^\d+$/.test(q) ? Number(q) : -1 })
      .orWhere('a.id IN (SELECT m.account_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email LIKE :like)', { like });
  }
  const [accounts, total] = await qb.skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).getManyAndCount();
  return { accounts, total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** One account as support sees it: details, members and the newest audit rows. */
export async function accountCard(db: DataSource, id: number) {
  const account = await db.getRepository(Account).findOneBy({ id });
  if (!account) return undefined;
  const [members, auditLog] = await Promise.all([
    db.getRepository(Membership).find({ where: { accountId: id }, relations: { user: true }, order: { id: 'ASC' } }),
    db.getRepository(AuditEntry).find({ where: { accountId: id }, order: { id: 'DESC' }, take: 100 }),
  ]);
  return { account, members, auditLog };
}
