import type { Account } from '../../app/features/accounts/entities';
import type { AccountRole } from '../../app/features/users/roles';
import type { TestApp } from './app';
import { addMember, buildAccountWithOwner, buildUser, TEST_PASSWORD } from './factories';
import { signIn } from './http';

/** A new account and its owner, signed in on an agent of their own. */
export async function signedInOwner(app: TestApp, accountOverrides: Partial<Account> = {}) {
  const setup = await buildAccountWithOwner(app.deps.db, accountOverrides);
  const agent = app.agent();
  await signIn(agent, setup.owner.login!, TEST_PASSWORD);
  return { ...setup, agent };
}

/** A new user joined to the account in `role`, signed in on an agent of their own. */
export async function signedInMember(app: TestApp, account: Account, role: AccountRole) {
  const user = await buildUser(app.deps.db);
  await addMember(app.deps.db, account, user, role);
  const agent = app.agent();
  await signIn(agent, user.login!, TEST_PASSWORD);
  return { user, agent };
}
