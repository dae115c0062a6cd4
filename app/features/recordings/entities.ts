import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RecordingKind = 'call' | 'voicemail' | 'prompt' | 'fax';

/** A stored audio file, named by our ids inside Asterisk's recordings directory. */
@Entity('recordings')
export class Recording {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) callId!: number | null;
  @Column({ type: 'enum', enum: ['call', 'voicemail', 'prompt', 'fax'] }) kind!: RecordingKind;
  @Column({ type: 'varchar', length: 255 }) asteriskName!: string;
  @Column({ type: 'varchar', length: 10, default: 'wav' }) format!: string;
  @Column({ type: 'int', unsigned: true, nullable: true }) durationSeconds!: number | null;
  @Column({ type: 'bigint', unsigned: true, nullable: true }) sizeBytes!: number | null;
  @Column({ type: 'enum', enum: ['recording', 'done', 'failed'], default: 'recording' }) state!: 'recording' | 'done' | 'failed';
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
