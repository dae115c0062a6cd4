import type { Account } from './entities';

/** The one shape of an account for pages, the API and webhooks. */
export function presentAccount(account: Account) {
  return {
    id: account.id,
    kind: account.kind,
    legalName: account.legalName,
    bin: account.bin,
    address: account.address,
    status: account.status,
    paymentMethod: account.paymentMethod,
    creditLimitTiyn: Number(account.creditLimitTiyn),
    balanceTiyn: Number(account.balanceTiyn),
    tariffCode: account.tariffCode,
    timeZone: account.timeZone,
    createdAt: account.createdAt,
  };
}

export type PresentedAccount = ReturnType<typeof presentAccount>;
