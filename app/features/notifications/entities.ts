import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notice to an account's members, shown in the cabinet and optionally e-mailed.
 * `dedupeKey` makes a notice once-only (e.g. "storage-90:2026-12", "invoice-overdue:17").
 */
@Entity('notifications')
export class Notification {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  /** Translation keys notifications.kinds.<kind>.title / .body. */
  @Column({ type: 'varchar', length: 60 }) kind!: string;
  @Column({ type: 'json' }) params!: Record<string, string | number>;
  @Column({ type: 'varchar', length: 120 }) dedupeKey!: string;
  @Column({ type: 'enum', enum: ['info', 'warning'], default: 'info' }) level!: 'info' | 'warning';
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) readAt!: Date | null;
}
