import type { Translator } from '../web/i18n';
import type { Locale, StaffRole, AccountRole } from '../features/users/roles';
import type { AccountStatus } from '../features/accounts/entities';

declare global {
  namespace Express {
    /** What the session keeps of the signed-in person. */
    interface User {
      id: number;
      name: string;
      email: string;
      login: string | null;
      locale: Locale;
      staffRole: StaffRole | null;
    }
    interface Request {
      t: Translator;
      /** Set by the account guard on /a/:accountId routes. */
      account?: { id: number; legalName: string; status: AccountStatus; role: AccountRole; timeZone: string };
    }
  }
}

export {};
