import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../db/data-source';
import { scenarioDefinition, type ScenarioDefinition } from '../../pbx/scenario/schema';
import { audit } from '../audit/service';
import { Extension, RingGroup, RingGroupMember } from '../extensions/entities';
import { PhoneNumber } from '../numbers/entities';
import { Prompt } from '../prompts/entities';
import { promptSound } from '../prompts/files';
import { formatE164 } from '../numbers/presenter';
import type { BuildContext } from './draft-build';
import { Scenario } from './entities';
import type { TargetNames } from './presenter';
import { templateDefinition, type TemplateName } from './templates';

export interface Actor {
  userId: number;
  ip: string | null;
}

/** What the builder's selects offer: the account's phones, ring groups and numbers. */
export interface AccountTargets {
  extensions: { exten: string; name: string }[];
  ringGroups: { id: number; name: string }[];
  numbers: { id: number; e164: string; display: string; scenarioId: number | null }[];
  /** The account's own recorded or synthesised prompts (the prompts page), by the sound the engine plays. */
  prompts: { sound: string; name: string }[];
}

const EVERYONE_GROUP = { ru: 'Все сотрудники', kk: 'Барлық қызметкерлер', en: 'Everyone' };

/** The account's call scenarios: stored definitions, always valid by the engine's schema. */
export class ScenariosService {
  constructor(private readonly db: DataSource, private readonly now: () => Date) {}

  /** The account's scenarios by name, with the numbers running each. */
  async list(accountId: number) {
    const [scenarios, numbers] = await Promise.all([
      this.db.getRepository(Scenario).find({ where: { accountId }, order: { name: 'ASC' } }),
      this.db.getRepository(PhoneNumber).find({ where: { accountId }, order: { e164: 'ASC' } }),
    ]);
    return scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      steps: Object.keys((s.definition as ScenarioDefinition).steps ?? {}).length,
      updatedAt: s.updatedAt,
      numbers: numbers.filter((n) => n.scenarioId === s.id).map((n) => formatE164(n.e164)),
    }));
  }

  /** One scenario of this account with its definition read by the schema; another account's is null. */
  async find(accountId: number, id: number): Promise<{ id: number; name: string; definition: ScenarioDefinition } | null> {
    const row = await this.db.getRepository(Scenario).findOneBy({ id, accountId });
    return row ? { id: row.id, name: row.name, definition: scenarioDefinition.parse(row.definition) } : null;
  }

  async targets(accountId: number): Promise<AccountTargets> {
    const [extensions, ringGroups, numbers, prompts] = await Promise.all([
      this.db.getRepository(Extension).find({ where: { accountId }, order: { exten: 'ASC' } }),
      this.db.getRepository(RingGroup).find({ where: { accountId }, order: { name: 'ASC' } }),
      this.db.getRepository(PhoneNumber).find({ where: { accountId }, order: { e164: 'ASC' } }),
      this.db.getRepository(Prompt).find({ select: { id: true, name: true }, where: { accountId }, order: { name: 'ASC', id: 'ASC' } }),
    ]);
    return {
      prompts: prompts.map((p) => ({ sound: promptSound(accountId, p.id), name: p.name })),
      extensions: extensions.map((e) => ({ exten: e.exten, name: e.name })),
      ringGroups: ringGroups.map((g) => ({ id: g.id, name: g.name })),
      numbers: numbers.map((n) => ({ id: n.id, e164: n.e164, display: formatE164(n.e164), scenarioId: n.scenarioId })),
    };
  }

  /** Creates a scenario from a template; "ring everyone" makes (or reuses) a ring group of all the account's phones. */
  async create(accountId: number, actor: Actor, name: string, template: TemplateName, lang: 'ru' | 'kk' | 'en'): Promise<number> {
    return inTransaction(this.db, async (em) => {
      const extensions = await em.getRepository(Extension).find({ where: { accountId }, order: { exten: 'ASC' } });
      const everyoneGroupId = template === 'ring_all' && extensions.length ? await this.everyoneGroup(em, accountId, extensions, lang) : null;
      const definition = templateDefinition(template, { extensions: extensions.map((e) => ({ exten: e.exten, name: e.name })), everyoneGroupId, lang });
      const { id } = await em.getRepository(Scenario).save({ accountId, name, definition });
      await audit(em, this.now(), { action: 'scenario.created', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'scenario', targetId: id, details: { name, template } });
      return id;
    });
  }

  private async everyoneGroup(em: EntityManager, accountId: number, extensions: Extension[], lang: 'ru' | 'kk' | 'en'): Promise<number> {
    const group = await em.getRepository(RingGroup).save({ accountId, name: EVERYONE_GROUP[lang], strategy: 'all', ringSeconds: 20 });
    await em.getRepository(RingGroupMember).insert(extensions.map((e, position) => ({ ringGroupId: group.id, extensionId: e.id, position })));
    return group.id;
  }

  /** Stores a new name and definition (already validated by the builder); false when not this account's. */
  async save(accountId: number, actor: Actor, id: number, name: string, definition: ScenarioDefinition): Promise<boolean> {
    const valid = scenarioDefinition.parse(definition);
    return inTransaction(this.db, async (em) => {
      const row = await em.getRepository(Scenario).findOneBy({ id, accountId });
      if (!row) return false;
      await em.getRepository(Scenario).update(row.id, { name, definition: valid as object });
      await audit(em, this.now(), { action: 'scenario.saved', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'scenario', targetId: id, details: { name, steps: Object.keys(valid.steps).length } });
      return true;
    });
  }

  /** Deletes a scenario no number or phone runs; 'in_use' lists the numbers that still do. */
  async remove(accountId: number, actor: Actor, id: number): Promise<'removed' | 'not_found' | { inUse: string[] }> {
    return inTransaction(this.db, async (em) => {
      const row = await em.getRepository(Scenario).findOneBy({ id, accountId });
      if (!row) return 'not_found';
      const numbers = await em.getRepository(PhoneNumber).findBy({ accountId, scenarioId: id });
      const phones = await em.getRepository(Extension).findBy({ accountId, scenarioId: id });
      if (numbers.length || phones.length) return { inUse: [...numbers.map((n) => formatE164(n.e164)), ...phones.map((p) => p.exten)] };
      await em.getRepository(Scenario).delete(row.id);
      await audit(em, this.now(), { action: 'scenario.deleted', accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'scenario', targetId: id, details: { name: row.name } });
      return 'removed';
    });
  }
}

/** The builder's checks and labels for an account's targets. */
export function buildContextOf(targets: AccountTargets): { ctx: BuildContext; names: TargetNames } {
  return {
    ctx: { extensions: targets.extensions.map((e) => e.exten), ringGroupIds: targets.ringGroups.map((g) => g.id), numbers: targets.numbers.map((n) => n.e164) },
    names: { extensions: new Map(targets.extensions.map((e) => [e.exten, e.name])), ringGroups: new Map(targets.ringGroups.map((g) => [g.id, g.name])) },
  };
}
