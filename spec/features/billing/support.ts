import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Account } from '../../../app/features/accounts/entities';
import { Call, CallLeg } from '../../../app/features/calls/entities';
import { addTariffVersion, createTariff, type TariffVersionInput } from '../../../app/features/billing/tariff-admin';

export const TEN_TENGE = 1000;

/** Prices easy to check by hand: local 10 ₸, long distance 20 ₸, mobile 30 ₸, international 100 ₸ a minute. */
export const basePrices = (validFrom: Date, overrides: Partial<TariffVersionInput> = {}): TariffVersionInput => ({
  validFrom,
  monthlyFeeTiyn: 500_000,
  includedMinutes: 0,
  lowBalanceThresholdTiyn: 100_000,
  rates: { local: 1000, long_distance: 2000, mobile: 3000, international: 10_000 },
  optionFees: { recording: 150_000, extra_number: 100_000 },
  ...overrides,
});

/** A tariff of its own for one test, with a first version from `validFrom`. */
export async function buildTariff(db: DataSource, validFrom: Date, overrides: Partial<TariffVersionInput> = {}): Promise<string> {
  const code = `t${randomBytes(5).toString('hex')}`;
  await createTariff(db, code, { ru: `Тест ${code}`, kk: `Тест ${code}`, en: `Test ${code}` });
  await addTariffVersion(db, code, basePrices(validFrom, overrides), 0, new Date(validFrom.getTime() - 1));
  return code;
}

/** An ended outbound call from the account's Almaty number. */
export async function buildOutboundCall(db: DataSource, account: Account, toNumber: string, startedAt: Date, billableSeconds: number): Promise<Call> {
  return db.getRepository(Call).save({
    accountId: account.id, direction: 'outbound', fromNumber: '+77272000000', toNumber, dialled: toNumber, node: 'test-node',
    channelId: `ch-${randomBytes(8).toString('hex')}`, state: 'ended', startedAt,
    answeredAt: new Date(startedAt.getTime() + 5000), endedAt: new Date(startedAt.getTime() + 5000 + billableSeconds * 1000),
    disposition: 'answered', durationSeconds: billableSeconds + 5, billableSeconds,
  });
}

/** An inbound call forwarded out through the trunk: the forwarded leg talks `seconds`. */
export async function buildForwardedCall(db: DataSource, account: Account, forwardTo: string, startedAt: Date, seconds: number): Promise<CallLeg> {
  const call = await db.getRepository(Call).save({
    accountId: account.id, direction: 'inbound', fromNumber: '+77011112233', toNumber: '+77272000000', dialled: '+77272000000', node: 'test-node',
    channelId: `ch-${randomBytes(8).toString('hex')}`, state: 'ended', startedAt, answeredAt: startedAt,
    endedAt: new Date(startedAt.getTime() + (seconds + 10) * 1000), disposition: 'answered', durationSeconds: seconds + 10, billableSeconds: seconds + 10,
  });
  const answeredAt = new Date(startedAt.getTime() + 10_000);
  return db.getRepository(CallLeg).save({
    callId: call.id, channelId: `leg-${randomBytes(6).toString('hex')}`, role: 'callee', endpoint: `PJSIP/${forwardTo}@carrier`, number: forwardTo,
    startedAt, answeredAt, endedAt: new Date(answeredAt.getTime() + seconds * 1000),
  });
}
