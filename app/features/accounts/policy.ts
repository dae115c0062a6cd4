import type { AccountRole } from '../users/roles';
import type { AccountStatus } from './entities';

export const accountActions = [
  'account.view',
  'users.manage',
  'billing.view',
  'documents.view',
  'telephony.manage',
  'calls.view_all',
  'calls.view_own',
  'telephony.view_own',
  'onboarding.complete',
  'calls.monitor',
  'recordings.delete',
  'services.manage',
  'archive.download',
] as const;
export type AccountAction = (typeof accountActions)[number];

const grants: Record<AccountRole, readonly AccountAction[]> = {
  owner: accountActions,
  admin: ['account.view', 'billing.view', 'telephony.manage', 'calls.view_all', 'calls.view_own', 'telephony.view_own', 'calls.monitor', 'recordings.delete'],
  accountant: ['account.view', 'billing.view', 'documents.view'],
  employee: ['account.view', 'calls.view_own', 'telephony.view_own'],
};

/** What a switched-off account still allows: seeing it, its documents and money, and (owners) fetching its archive. */
const TERMINATED_ALLOWS = new Set<AccountAction>(['account.view', 'documents.view', 'billing.view', 'archive.download']);

/** Whether a member with this role may do this to an account in this state. Pure; denies what is not granted. */
export function can(role: AccountRole, action: AccountAction, status: AccountStatus): boolean {
  if (status === 'terminated' && !TERMINATED_ALLOWS.has(action)) return false;
  if (action === 'onboarding.complete' && status !== 'trial') return false;
  return grants[role].includes(action);
}

/** The flags a page gets instead of computing permissions itself. */
export function canFlags(role: AccountRole, status: AccountStatus) {
  return {
    manageUsers: can(role, 'users.manage', status),
    viewBilling: can(role, 'billing.view', status),
    viewDocuments: can(role, 'documents.view', status),
    manageTelephony: can(role, 'telephony.manage', status),
    viewOwnPhone: can(role, 'telephony.view_own', status),
    viewCalls: can(role, 'calls.view_own', status),
    completeOnboarding: can(role, 'onboarding.complete', status),
    viewAllCalls: can(role, 'calls.view_all', status),
    monitorCalls: can(role, 'calls.monitor', status),
    deleteRecordings: can(role, 'recordings.delete', status),
    manageServices: can(role, 'services.manage', status),
    downloadArchive: can(role, 'archive.download', status),
  };
}
