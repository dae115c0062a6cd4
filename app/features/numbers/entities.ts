import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A DID: an outside number owned by an account, running one scenario. */
@Entity('phone_numbers')
export class PhoneNumber {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'varchar', length: 16 }) e164!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) label!: string | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) scenarioId!: number | null;
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
}
