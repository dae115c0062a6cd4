import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CallerList = 'black' | 'white';

@Entity('caller_list_entries')
export class CallerListEntry {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'enum', enum: ['black', 'white'] }) list!: CallerList;
  @Column({ type: 'varchar', length: 16 }) e164!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) comment!: string | null;
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
