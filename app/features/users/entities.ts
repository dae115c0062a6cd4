import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Account } from '../accounts/entities';
import { accountRoles, locales, staffRoles, type AccountRole, type Locale, type StaffRole } from './roles';

export const userStatuses = ['pending', 'active', 'deactivated'] as const;
export type UserStatus = (typeof userStatuses)[number];
export const tokenPurposes = ['activation', 'password_reset', 'invitation'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

@Entity('users')
export class User {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'varchar', length: 254 }) email!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) login!: string | null;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 255, nullable: true, select: true }) passwordHash!: string | null;
  @Column({ type: 'enum', enum: userStatuses, default: 'pending' }) status!: UserStatus;
  @Column({ type: 'enum', enum: staffRoles, nullable: true }) staffRole!: StaffRole | null;
  @Column({ type: 'enum', enum: locales, default: 'ru' }) locale!: Locale;
  @Column({ type: 'datetime', precision: 3, nullable: true }) activatedAt!: Date | null;
  @Column({ type: 'datetime', precision: 3, nullable: true }) lastLoginAt!: Date | null;
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @UpdateDateColumn({ type: 'datetime', precision: 3 }) updatedAt!: Date;
}

@Entity('memberships')
export class Membership {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) accountId!: number;
  @Column({ type: 'int', unsigned: true }) userId!: number;
  @Column({ type: 'enum', enum: accountRoles }) role!: AccountRole;
  @Column({ type: 'enum', enum: ['active', 'deactivated'], default: 'active' }) status!: 'active' | 'deactivated';
  @CreateDateColumn({ type: 'datetime', precision: 3 }) createdAt!: Date;
  @ManyToOne(() => Account, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'account_id' }) account?: Account;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id' }) user?: User;
}

@Entity('user_tokens')
export class UserToken {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) userId!: number;
  @Column({ type: 'enum', enum: tokenPurposes }) purpose!: TokenPurpose;
  /** sha256 of the token sent by e-mail: the database never holds a usable token. */
  @Column({ type: 'char', length: 64 }) tokenHash!: string;
  @Column({ type: 'datetime', precision: 3 }) expiresAt!: Date;
  @Column({ type: 'datetime', precision: 3, nullable: true }) usedAt!: Date | null;
  @Column({ type: 'datetime', precision: 3 }) createdAt!: Date;
}

@Entity('agreement_acceptances')
export class AgreementAcceptance {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true }) id!: number;
  @Column({ type: 'int', unsigned: true }) userId!: number;
  @Column({ type: 'int', unsigned: true, nullable: true }) accountId!: number | null;
  @Column({ type: 'enum', enum: ['cabinet_agreement', 'offer'] }) document!: 'cabinet_agreement' | 'offer';
  @Column({ type: 'varchar', length: 40 }) version!: string;
  @Column({ type: 'datetime', precision: 3 }) acceptedAt!: Date;
  @Column({ type: 'varchar', length: 45, nullable: true }) ip!: string | null;
}
