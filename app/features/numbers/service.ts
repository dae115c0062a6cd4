import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { ValidationError } from '../../errors';
import { audit } from '../audit/service';
import { Scenario } from '../scenarios/entities';
import { PhoneNumber } from './entities';
import { presentNumber, type NumberView } from './presenter';

export interface Actor {
  userId: number;
  ip: string | null;
}

/** The account's outside numbers (allocated by support staff) and the scenario each runs. */
export class NumbersService {
  constructor(private readonly db: DataSource, private readonly now: () => Date) {}

  /** The account's numbers, formatted, with their scenarios' names. */
  async list(accountId: number): Promise<NumberView[]> {
    const numbers = await this.db.getRepository(PhoneNumber).find({ where: { accountId }, order: { e164: 'ASC' } });
    const names = new Map((await this.scenarios(accountId)).map((s) => [s.id, s.name]));
    return numbers.map((n) => presentNumber(n, names));
  }

  scenarios(accountId: number): Promise<Pick<Scenario, 'id' | 'name'>[]> {
    return this.db.getRepository(Scenario).find({ select: { id: true, name: true }, where: { accountId }, order: { name: 'ASC' } });
  }

  /** Runs one of the account's scenarios on one of its numbers (null: none); false when the number is not the account's. */
  async attachScenario(accountId: number, actor: Actor, numberId: number, scenarioId: number | null): Promise<boolean> {
    return inTransaction(this.db, async (em) => {
      const number = await em.getRepository(PhoneNumber).findOneBy({ id: numberId, accountId });
      if (!number) return false;
      if (scenarioId !== null && !(await em.getRepository(Scenario).existsBy({ id: scenarioId, accountId }))) {
        throw new ValidationError({ scenarioId: 'telephony.numbers.unknown_scenario' });
      }
      await em.getRepository(PhoneNumber).update(number.id, { scenarioId });
      await audit(em, this.now(), { action: 'number.scenario_attached', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'phone_number', targetId: number.id, details: { e164: number.e164, scenarioId } });
      return true;
    });
  }
}
