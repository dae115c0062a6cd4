import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { ValidationError } from '../../errors';
import { audit } from '../audit/service';
import { CallerListEntry, type CallerList } from './entities';
import type { CsvRow } from './csv';

export interface Actor {
  userId: number;
  ip: string | null;
}

/** The account's black and white lists of caller numbers. */
export class CallerListsService {
  constructor(private readonly db: DataSource, private readonly now: () => Date) {}

  entries(accountId: number, list: CallerList) {
    return this.db.getRepository(CallerListEntry).find({ where: { accountId, list }, order: { e164: 'ASC' } });
  }

  async add(accountId: number, actor: Actor, list: CallerList, e164: string, comment: string): Promise<void> {
    await inTransaction(this.db, async (em) => {
      if (await em.getRepository(CallerListEntry).existsBy({ accountId, list, e164 })) throw new ValidationError({ number: 'lists.already_listed' });
      await em.getRepository(CallerListEntry).insert({ accountId, list, e164, comment: comment || null });
      await audit(em, this.now(), { action: 'list.entry_added', accountId, actorUserId: actor.userId, ip: actor.ip, details: { list, e164 } });
    });
  }

  /** Adds every new row in one transaction; numbers already listed are counted, not duplicated. */
  async import(accountId: number, actor: Actor, list: CallerList, rows: CsvRow[]): Promise<{ added: number; skipped: number }> {
    return inTransaction(this.db, async (em) => {
      const existing = new Set((await em.getRepository(CallerListEntry).find({ select: { e164: true }, where: { accountId, list } })).map((e) => e.e164));
      const fresh = [...new Map(rows.filter((r) => !existing.has(r.e164)).map((r) => [r.e164, r])).values()];
      if (fresh.length) await em.getRepository(CallerListEntry).insert(fresh.map((r) => ({ accountId, list, e164: r.e164, comment: r.comment })));
      await audit(em, this.now(), { action: 'list.imported', accountId, actorUserId: actor.userId, ip: actor.ip, details: { list, added: fresh.length } });
      return { added: fresh.length, skipped: rows.length - fresh.length };
    });
  }

  /** Removes one entry of this account; another account's entry is "not found". */
  async remove(accountId: number, actor: Actor, entryId: number): Promise<boolean> {
    return inTransaction(this.db, async (em) => {
      const entry = await em.getRepository(CallerListEntry).findOneBy({ id: entryId, accountId });
      if (!entry) return false;
      await em.getRepository(CallerListEntry).delete(entry.id);
      await audit(em, this.now(), { action: 'list.entry_removed', accountId, actorUserId: actor.userId, ip: actor.ip, details: { list: entry.list, e164: entry.e164 } });
      return true;
    });
  }
}
