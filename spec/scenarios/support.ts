import type { Account } from '../../app/features/accounts/entities';
import type { PhoneNumber } from '../../app/features/numbers/entities';
import { buildAccountWithOwner } from '../support/factories';
import { buildNumber, buildScenario } from '../support/telephony-factories';
import type { TelephonyWorld } from '../support/telephony-world';

/** A new account (postpaid, active unless overridden) and a new number of it running `definition`. */
export async function numberRunning(w: TelephonyWorld, definition: unknown, overrides: Partial<Account> = {}): Promise<{ account: Account; number: PhoneNumber }> {
  const { account } = await buildAccountWithOwner(w.deps.db, { paymentMethod: 'postpaid', status: 'active', ...overrides });
  const number = await buildNumber(w.deps.db, account, await buildScenario(w.deps.db, account, definition));
  return { account, number };
}
