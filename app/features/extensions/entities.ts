import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An employee's phone: a short number inside the account and its SIP endpoint. */
@Entity('extensions')
export class Extension {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'varchar', length: 8 }) exten!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'int', unsigned: true, nullable: true }) userId!: number | null;
  /** Also the Asterisk endpoint, auth and aor id. */
  @Column({ type: 'varchar', length: 64 }) sipUsername!: string;
  @Column({ type: 'char', length: 32 }) sipMd5Cred!: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) outboundCallerNumber!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) forwardAlways!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) forwardBusy!: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) forwardNoAnswer!: string | null;
  @Column({ type: 'smallint', unsigned: true, default: 20 }) forwardNoAnswerSeconds!: number;
  @Column({ type: 'varchar', length: 16, nullable: true }) forwardUnavailable!: string | null;
  @Column({ type: 'boolean', default: true }) voicemailEnabled!: boolean;
  @Column({ type: 'int', unsigned: true, nullable: true }) scenarioId!: number | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) provisionedAt!: Date | null;
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}

@Entity('ring_groups')
export class RingGroup {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'enum', enum: ['all', 'in_order'], default: 'all' }) strategy!: 'all' | 'in_order';
  @Column({ type: 'smallint', unsigned: true, default: 20 }) ringSeconds!: number;
}

@Entity('ring_group_members')
export class RingGroupMember {
  @PrimaryColumn({ type: 'int', unsigned: true }) ringGroupId!: number;
  @PrimaryColumn({ type: 'int', unsigned: true }) extensionId!: number;
  @Column({ type: 'smallint', unsigned: true, default: 0 }) position!: number;
}
