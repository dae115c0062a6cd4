import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CallDirection } from '../calls/entities';
import type { SpeechLang } from '../speech/synthesizer';

export const warningSources = ['default', 'text', 'prompt'] as const;
export type WarningSource = (typeof warningSources)[number];

/** Numbers stored as a JSON array in a text column. */
const idList = { to: (ids: number[] | undefined) => JSON.stringify(ids ?? []), from: (raw: string | null) => (raw ? (JSON.parse(raw) as number[]) : []) };
const directionList = { to: (d: CallDirection[] | undefined) => (d ?? []).join(','), from: (raw: string | null) => (raw ? (raw.split(',') as CallDirection[]) : []) };

/**
 * Which of the account's calls are recorded, and how the warning was made. The switch, the
 * warning's sound and the decline key live on the account, where the engine reads them.
 */
@Entity('recording_rules')
export class RecordingRules {
  @PrimaryColumn({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'enum', enum: ['all', 'selected'], default: 'all' }) scope!: 'all' | 'selected';
  @Column({ type: 'varchar', length: 64, transformer: directionList }) directions!: CallDirection[];
  /** The account's DIDs (phone_numbers.id) whose inbound calls are recorded. */
  @Column({ type: 'text', transformer: idList }) numberIds!: number[];
  /** Extensions whose own calls (out of the account and between phones) are recorded. */
  @Column({ type: 'text', transformer: idList }) extensionIds!: number[];
  @Column({ type: 'enum', enum: warningSources, nullable: true }) warningSource!: WarningSource | null;
  @Column({ type: 'varchar', length: 2000, nullable: true }) warningText!: string | null;
  @Column({ type: 'enum', enum: ['ru', 'kk', 'en'], nullable: true }) warningLang!: SpeechLang | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) warningPromptId!: number | null;
  @Column({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}
