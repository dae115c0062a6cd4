import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const accountStatuses = ['trial', 'active', 'suspended', 'terminated'] as const;
export type AccountStatus = (typeof accountStatuses)[number];
export const accountKinds = ['company', 'sole_proprietor', 'person'] as const;
export type AccountKind = (typeof accountKinds)[number];
export const paymentMethods = ['prepaid', 'postpaid'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

@Entity('accounts')
export class Account {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'enum', enum: accountKinds, nullable: true }) kind!: AccountKind | null;
  @Column({ type: 'varchar', length: 255 }) legalName!: string;
  @Column({ type: 'char', length: 12, nullable: true }) bin!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) address!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) contactName!: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) contactPhone!: string | null;
  @Column({ type: 'varchar', length: 254, nullable: true }) contactEmail!: string | null;
  @Column({ type: 'enum', enum: accountStatuses, default: 'trial' }) status!: AccountStatus;
  @Column({ type: 'enum', enum: paymentMethods, default: 'prepaid' }) paymentMethod!: PaymentMethod;
  /** Money is integer tiyn (1 tenge = 100 tiyn), never floating point. */
  @Column({ type: 'bigint', default: 0 }) creditLimitTiyn!: number;
  @Column({ type: 'bigint', default: 0 }) balanceTiyn!: number;
  @Column({ type: 'varchar', length: 40, nullable: true }) tariffCode!: string | null;
  @Column({ type: 'varchar', length: 64, default: 'Asia/Almaty' }) timeZone!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) offerVersion!: string | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) offerAcceptedAt!: Date | null;
  @Column({ type: 'tinyint', unsigned: true, default: 1 }) onboardingStep!: number;
  @Column({ type: 'boolean', default: false }) recordCalls!: boolean;
  /** Sound the warning plays (media URI without scheme, e.g. custom/acc-1/warning); null: the default. */
  @Column({ type: 'varchar', length: 255, nullable: true }) recordingWarningSound!: string | null;
  @Column({ type: 'char', length: 1, default: '9' }) recordingDeclineDigit!: string;
  /** Codecs for channels the engine originates, e.g. "ulaw,alaw". */
  @Column({ type: 'varchar', length: 100, default: 'ulaw,alaw' }) codecs!: string;
  @Column({ type: 'bigint', default: 1073741824 }) storageQuotaBytes!: number;
  /** When the service was switched off (owner or termination); the next day its data is archived. */
  @Column({ type: 'datetime', precision: 3, nullable: true }) serviceEndedAt!: Date | null;
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}

@Entity('tariffs')
export class Tariff {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 40 }) code!: string;
  @Column({ type: 'varchar', length: 200 }) nameRu!: string;
  @Column({ type: 'varchar', length: 200 }) nameKk!: string;
  @Column({ type: 'varchar', length: 200 }) nameEn!: string;
  @Column({ type: 'bigint' }) monthlyFeeTiyn!: number;
  @Column({ type: 'boolean', default: true }) isPublic!: boolean;
}
