import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A deleted extension whose phone the pbx still has to remove from Asterisk (removed_at null). */
@Entity('deleted_extensions')
export class DeletedExtension {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'int', unsigned: true }) extensionId!: number;
  @Column({ type: 'varchar', length: 8 }) exten!: string;
  @Column({ type: 'varchar', length: 64 }) sipUsername!: string;
  @Column({ type: 'datetime', precision: 3 }) deletedAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) removedAt!: Date | null;
}
