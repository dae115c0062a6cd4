import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DestinationClass, RatedClass } from './destinations';

/** A tariff's price list from `validFrom` on; a change is a new version, so past charges never move. */
@Entity('tariff_versions')
export class TariffVersion {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) tariffId!: number;
  @Column({ type: 'datetime', precision: 3 }) validFrom!: Date;
  @Column({ type: 'bigint' }) monthlyFeeTiyn!: number;
  @Column({ type: 'int', unsigned: true }) includedMinutes!: number;
  /** Low-balance notice threshold for accounts that set none of their own. */
  @Column({ type: 'bigint' }) lowBalanceThresholdTiyn!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) createdByUserId!: number | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

@Entity('tariff_rates')
export class TariffRate {
  @PrimaryColumn({ type: 'int', unsigned: true }) tariffVersionId!: number;
  @PrimaryColumn({ type: 'enum', enum: ['local', 'long_distance', 'mobile', 'international'] }) destinationClass!: DestinationClass;
  @Column({ type: 'bigint' }) perMinuteTiyn!: number;
}

/** An option a plan can be extended with; per-unit options (extra numbers, users, storage) take a quantity. */
@Entity('tariff_options')
export class TariffOption {
  @PrimaryColumn({ type: 'varchar', length: 40 }) code!: string;
  @Column({ type: 'varchar', length: 200 }) nameRu!: string;
  @Column({ type: 'varchar', length: 200 }) nameKk!: string;
  @Column({ type: 'varchar', length: 200 }) nameEn!: string;
  @Column({ type: 'boolean' }) perUnit!: boolean;
  @Column({ type: 'smallint' }) sortOrder!: number;
}

@Entity('tariff_option_prices')
export class TariffOptionPrice {
  @PrimaryColumn({ type: 'int', unsigned: true }) tariffVersionId!: number;
  @PrimaryColumn({ type: 'varchar', length: 40 }) optionCode!: string;
  @Column({ type: 'bigint' }) monthlyFeeTiyn!: number;
}

/** The account's plan or one option over [validFrom, validTo); validTo null: until changed. */
@Entity('account_services')
export class AccountService {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'enum', enum: ['plan', 'option'] }) kind!: 'plan' | 'option';
  @Column({ type: 'varchar', length: 40 }) code!: string;
  @Column({ type: 'int', unsigned: true }) quantity!: number;
  @Column({ type: 'datetime', precision: 3 }) validFrom!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) validTo!: Date | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) createdByUserId!: number | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

/** How one billable call or forwarded leg was priced: the detail behind its ledger entry. */
@Entity('call_ratings')
export class CallRating {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'varchar', length: 120 }) sourceKey!: string;
  @Column({ type: 'bigint', unsigned: true }) callId!: number;
  @Column({ type: 'char', length: 7 }) month!: string;
  @Column({ type: 'datetime', precision: 3 }) startedAt!: Date;
  @Column({ type: 'varchar', length: 32, nullable: true }) number!: string | null;
  @Column({ type: 'enum', enum: ['local', 'long_distance', 'mobile', 'international', 'emergency'] }) destinationClass!: RatedClass;
  @Column({ type: 'int', unsigned: true }) seconds!: number;
  @Column({ type: 'int', unsigned: true }) minutes!: number;
  @Column({ type: 'int', unsigned: true }) includedMinutes!: number;
  @Column({ type: 'bigint' }) perMinuteTiyn!: number;
  @Column({ type: 'bigint' }) amountTiyn!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) tariffVersionId!: number | null;
}
