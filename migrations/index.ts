import { AccountsUsersAudit20261122000100 } from './20261122000100-accounts-users-audit';
import { SeedStarterTariffs20261122000200 } from './20261122000200-seed-starter-tariffs';
import { Telephony20261122000300 } from './20261122000300-telephony';
import { CallerNumberRules20261122054859 } from './20261122054859-caller-number-rules';
import { DeletedExtensions20261122062355 } from './20261122062355-deleted-extensions';
import { CallsExtensionIndex20261122062747 } from './20261122062747-calls-extension-index';
import { Ledger20261206000100 } from './20261206000100-ledger';
import { Notifications20261206000200 } from './20261206000200-notifications';

/** Every migration in order; a new one is added at the end, one per line. */
export const migrations = [
  AccountsUsersAudit20261122000100,
  SeedStarterTariffs20261122000200,
  Telephony20261122000300,
  CallerNumberRules20261122054859,
  DeletedExtensions20261122062355,
  CallsExtensionIndex20261122062747,
  Ledger20261206000100,
  Notifications20261206000200,
];
