import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A message left in a box: an extension's own ("ext-101") or an account's shared one. */
@Entity('voicemail_messages')
export class VoicemailMessage {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) extensionId!: number | null;
  @Column({ type: 'varchar', length: 64 }) box!: string;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) callId!: number | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) callerNumber!: string | null;
  @Column({ type: 'bigint', unsigned: true }) recordingId!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) durationSeconds!: number | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) readAt!: Date | null;
  /** Claimed for the e-mail to the box owner (set before sending, cleared again if sending failed). */
  @Column({ type: 'datetime', precision: 3, nullable: true }) notifiedAt!: Date | null;
}
