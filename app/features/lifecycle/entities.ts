import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The zip of an account's data made after its service ended. Each step stamps the row: made
 * (created_at), live data removed (purged_at), the file deleted for good (deleted_at).
 */
@Entity('account_archives')
export class AccountArchive {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'datetime', precision: 3 }) serviceEndedAt!: Date;
  /** Relative to config.media.storageDir. */
  @Column({ type: 'varchar', length: 500 }) path!: string;
  @Column({ type: 'bigint', unsigned: true }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'datetime', precision: 3 }) expiresAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) purgedAt!: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) deletedAt!: Date | null;
}
