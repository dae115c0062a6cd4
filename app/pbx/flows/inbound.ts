import type { DataSource } from 'typeorm';
import { Account } from '../../features/accounts/entities';
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
  const number = e164 ? await numberWithScenario(db, e164) : undefined;
  if (!number) return refuse(session, SOUNDS.numberNotInService, 'failed');
  const [account] = await Promise.all([
    db.getRepository(Account).findOneByOrFail({ id: number.accountId }),
    records.update(session.callId, { accountId: number.accountId, phoneNumberId: number.id, toNumber: number.e164, scenarioId: number.scenarioId }),
  ]);
  session.account = account;
  const gate = accountGate(account);
  if (!gate.open) return refuse(session, gate.sound, 'blocked');
  if (number.definition === null) return refuse(session, SOUNDS.numberNotInService, 'failed');
  await runScenario(session, scenarioDefinition.parse(number.definition));
};

interface NumberWithScenario {
  id: number;
  accountId: number;
  e164: string;
  scenarioId: number | null;
  /** The scenario's definition; null when none is attached (or it is not the account's own). */
  definition: unknown;
}

/** The number and its scenario in one plain query: this runs at every inbound call's setup. */
async function numberWithScenario(db: DataSource, e164: string): Promise<NumberWithScenario | undefined> {
  const rows: { id: number; account_id: number; e164: string; scenario_id: number | null; definition: unknown }[] = await db.query(
    `SELECT n.id, n.account_id, n.e164, n.scenario_id, s.definition
     FROM phone_numbers n LEFT JOIN scenarios s ON s.id = n.scenario_id AND s.account_id = n.account_id
     WHERE n.e164 = ?`,
    [e164],
  );
  const row = rows[0];
  if (!row) return undefined;
  const definition = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  return { id: row.id, accountId: row.account_id, e164: row.e164, scenarioId: row.scenario_id, definition: definition ?? null };
}
