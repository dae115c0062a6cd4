import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SpeechLang } from '../speech/synthesizer';

export const promptSources = ['upload', 'tts'] as const;
export type PromptSource = (typeof promptSources)[number];

/** A sound of the account's own (custom/<accountId>/prompt-<id>.wav in Asterisk's sounds); its bytes count toward storage. */
@Entity('prompts')
export class Prompt {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'enum', enum: promptSources }) source!: PromptSource;
  /** What was spoken, for a synthesised prompt. */
  @Column({ type: 'varchar', length: 2000, nullable: true }) text!: string | null;
  @Column({ type: 'enum', enum: ['ru', 'kk', 'en'], nullable: true }) lang!: SpeechLang | null;
  @Column({ type: 'bigint', unsigned: true }) sizeBytes!: number;
  @Column({ type: 'int', unsigned: true }) durationMs!: number;
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}
