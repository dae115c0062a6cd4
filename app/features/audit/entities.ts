import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) accountId!: number | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) actorUserId!: number | null;
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) targetType!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) targetId!: string | null;
  @Column({ type: 'json', nullable: true }) details!: Record<string, unknown> | null;
  @Column({ type: 'varchar', length: 45, nullable: true }) ip!: string | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
