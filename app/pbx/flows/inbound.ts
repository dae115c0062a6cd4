import { Account } from '../../features/accounts/entities';
import { PhoneNumber } from '../../features/numbers/entities';
import { Scenario } from '../../features/scenarios/entities';
import { normalizePhone } from '../../kz/phone';
import type { Flow } from '../dispatcher';
import { runScenario } from '../scenario/engine';
import { scenarioDefinition } from '../scenario/schema';
import { SOUNDS } from '../sounds';
import { accountGate } from './account-gate';
import { refuse } from './refuse';

/** A call from the carrier to one of our numbers: number → account → its state → the number's scenario. */
export const inboundFlow: Flow<{ kind: 'inbound'; did: string }> = async (session, args) => {
  const { db, records } = session.deps;
  const e164 = normalizePhone(args.did);
  const number = e164 ? await db.getRepository(PhoneNumber).findOneBy({ e164 }) : null;
  if (!number) return refuse(session, SOUNDS.numberNotInService, 'failed');
  const account = await db.getRepository(Account).findOneByOrFail({ id: number.accountId });
  session.account = account;
  await records.update(session.callId, { accountId: account.id, phoneNumberId: number.id, toNumber: number.e164, scenarioId: number.scenarioId });
  const gate = accountGate(account);
  if (!gate.open) return refuse(session, gate.sound, 'blocked');
  const scenario = number.scenarioId ? await db.getRepository(Scenario).findOneBy({ id: number.scenarioId, accountId: account.id }) : null;
  if (!scenario) return refuse(session, SOUNDS.numberNotInService, 'failed');
  await runScenario(session, scenarioDefinition.parse(scenario.definition));
};
