import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const callDispositions = ['answered', 'no_answer', 'busy', 'failed', 'congestion', 'rejected', 'blocked', 'abandoned', 'voicemail'] as const;
export type CallDisposition = (typeof callDispositions)[number];
export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type ConsentOutcome = 'not_required' | 'accepted' | 'declined' | 'hung_up' | 'warning_failed';
export type LegRole = 'caller' | 'callee' | 'transfer' | 'local';
export const warningOutcomes = ['heard', 'declined', 'warning_failed', 'hung_up'] as const;
export type WarningResult = (typeof warningOutcomes)[number];

/** One call, from the first channel's StasisStart to its end, whatever the engine did in between. */
@Entity('calls')
export class Call {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) accountId!: number | null;
  @Column({ type: 'enum', enum: ['inbound', 'outbound', 'internal'] }) direction!: CallDirection;
  @Column({ type: 'varchar', length: 32, nullable: true }) fromNumber!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) toNumber!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) dialled!: string | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) phoneNumberId!: number | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) extensionId!: number | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) scenarioId!: number | null;
  @Column({ type: 'varchar', length: 64 }) node!: string;
  @Column({ type: 'varchar', length: 64 }) channelId!: string;
  @Column({ type: 'enum', enum: ['active', 'ended'], default: 'active' }) state!: 'active' | 'ended';
  @Column({ type: 'datetime', precision: 3 }) startedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) answeredAt!: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) endedAt!: Date | null;
  @Column({ type: 'enum', enum: callDispositions, nullable: true }) disposition!: CallDisposition | null;
  @Column({ type: 'smallint', nullable: true }) hangupCause!: number | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) durationSeconds!: number | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) billableSeconds!: number | null;
  @Column({ type: 'enum', enum: ['not_required', 'accepted', 'declined', 'hung_up', 'warning_failed'], default: 'not_required' }) consent!: ConsentOutcome;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) recordingId!: number | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) endReason!: string | null;
}

@Entity('call_legs')
export class CallLeg {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'bigint', unsigned: true }) callId!: number;
  @Column({ type: 'varchar', length: 64 }) channelId!: string;
  @Column({ type: 'enum', enum: ['caller', 'callee', 'transfer', 'local'] }) role!: LegRole;
  @Column({ type: 'varchar', length: 128, nullable: true }) endpoint!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) number!: string | null;
  @Column({ type: 'datetime', precision: 3 }) startedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) answeredAt!: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) endedAt!: Date | null;
  @Column({ type: 'smallint', nullable: true }) hangupCause!: number | null;
  /** Since when this party holds the call; null while it does not. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) heldAt!: Date | null;
  /** What the recording warning came to for this party; null: it was never played to it. */
  @Column({ type: 'enum', enum: warningOutcomes, nullable: true }) warning!: WarningResult | null;
}
