import type { Account } from '../../features/accounts/entities';
import { SOUNDS } from '../sounds';

export type Gate = { open: true } | { open: false; reason: 'suspended' | 'no_funds'; sound: string };

/**
 * Whether an account's telephony works now. Suspended or terminated: no. Prepaid: only while the
 * balance plus the credit limit is above zero (the credit limit is how far it may go below zero).
 */
export function accountGate(account: Pick<Account, 'status' | 'paymentMethod' | 'balanceTiyn' | 'creditLimitTiyn'>): Gate {
  if (account.status === 'suspended' || account.status === 'terminated') return { open: false, reason: 'suspended', sound: SOUNDS.serviceSuspended };
  if (account.paymentMethod === 'prepaid' && Number(account.balanceTiyn) + Number(account.creditLimitTiyn) <= 0) {
    return { open: false, reason: 'no_funds', sound: SOUNDS.noFunds };
  }
  return { open: true };
}
