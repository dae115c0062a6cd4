import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Account, type AccountStatus } from '../../app/features/accounts/entities';
import { hashPassword } from '../../app/features/auth/passwords';
import { Membership, User } from '../../app/features/users/entities';
import type { AccountRole, StaffRole } from '../../app/features/users/roles';

const unique = () => `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
export const randomEmail = () => `u-${unique()}@example.kz`;
export const randomLogin = () => `u${unique()}`.slice(0, 30);
export const TEST_PASSWORD = 'correct horse 42';
let cachedHash: string | undefined;

/** An active user who can sign in with TEST_PASSWORD. */
export async function buildUser(db: DataSource, overrides: Partial<User> & { staffRole?: StaffRole | null } = {}): Promise<User> {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  return db.getRepository(User).save({
    email: randomEmail(),
    login: randomLogin(),
    name: `Тест ${randomInt(1000)}`,
    passwordHash: cachedHash,
    status: 'active',
    activatedAt: new Date(),
    ...overrides,
  });
}

export async function buildAccount(db: DataSource, overrides: Partial<Account> = {}): Promise<Account> {
  return db.getRepository(Account).save({ legalName: `ТОО «Тест ${unique()}»`, status: 'active' as AccountStatus, ...overrides });
}

export async function addMember(db: DataSource, account: Account, user: User, role: AccountRole, status: 'active' | 'deactivated' = 'active') {
  return db.getRepository(Membership).save({ accountId: account.id, userId: user.id, role, status });
}

/** An account with a signed-up owner: the usual starting point of a test. */
export async function buildAccountWithOwner(db: DataSource, accountOverrides: Partial<Account> = {}) {
  const account = await buildAccount(db, accountOverrides);
  const owner = await buildUser(db);
  const membership = await addMember(db, account, owner, 'owner');
  return { account, owner, membership };
}
