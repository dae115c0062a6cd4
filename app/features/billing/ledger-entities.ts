import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ledgerKinds = ['charge', 'payment', 'correction'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

/**
 * One movement of an account's money. The balance is the sum of amount_tiyn over the account's
 * entries (charges negative, payments positive); accounts.balance_tiyn is a cache of that sum kept
 * in the same transaction. Entries are never edited: a correction is a new entry.
 * `source_key` makes writers idempotent: e.g. "call:123" for a rated call, "fee:2026-11:acc-5"
 * for a monthly fee, "payment:<bank ref>"; a second insert with the same key is refused by the index.
 */
@Entity('ledger_entries')
export class LedgerEntry {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'enum', enum: ledgerKinds }) kind!: LedgerKind;
  /** Integer tiyn; negative for charges. */
  @Column({ type: 'bigint' }) amountTiyn!: number;
  /** When the service was rendered or the money arrived (turnover date for documents). */
  @Column({ type: 'datetime', precision: 3 }) occurredAt!: Date;
  /** Translation key or plain text saying why (shown to the customer). */
  @Column({ type: 'varchar', length: 500 }) reason!: string;
  /** The user (staff or member) who wrote it; null for the system (rating, monthly fees). */
  @Column({ type: 'int', unsigned: true, nullable: true }) authorUserId!: number | null;
  @Column({ type: 'varchar', length: 120 }) sourceKey!: string;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) callId!: number | null;
  /** Service category for documents and usage: 'calls', 'subscription', 'option:<code>', 'payment', 'correction'. */
  @Column({ type: 'varchar', length: 60 }) category!: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
