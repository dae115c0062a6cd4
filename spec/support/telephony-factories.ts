import { createHash, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Account } from '../../app/features/accounts/entities';
import { Extension, RingGroup, RingGroupMember } from '../../app/features/extensions/entities';
import { CallerListEntry, type CallerList } from '../../app/features/lists/entities';
import { PhoneNumber } from '../../app/features/numbers/entities';
import { Scenario } from '../../app/features/scenarios/entities';
import { scenarioDefinition, type ScenarioDefinition } from '../../app/pbx/scenario/schema';

/** A random Kazakh number in E.164 (Almaty range, +7 727 …). */
export const randomDid = () => `+7727${String(randomInt(1_000_000, 9_999_999))}`;
export const randomMobile = () => `+7701${String(randomInt(1_000_000, 9_999_999))}`;

/** A scenario row from a definition (validated exactly as the cabinet would). */
export async function buildScenario(db: DataSource, account: Account, definition: unknown): Promise<Scenario> {
  const parsed: ScenarioDefinition = scenarioDefinition.parse(definition);
  return db.getRepository(Scenario).save({ accountId: account.id, name: 'Тестовый сценарий', definition: parsed });
}

export async function buildNumber(db: DataSource, account: Account, scenario?: Scenario, e164 = randomDid()): Promise<PhoneNumber> {
  return db.getRepository(PhoneNumber).save({ accountId: account.id, e164, scenarioId: scenario?.id ?? null, label: null });
}

export async function buildExtension(db: DataSource, account: Account, exten: string, overrides: Partial<Extension> = {}): Promise<Extension> {
  const sipUsername = `a${account.id}-${exten}`;
  return db.getRepository(Extension).save({
    accountId: account.id,
    exten,
    name: `Сотрудник ${exten}`,
    sipUsername,
    sipMd5Cred: createHash('md5').update(`${sipUsername}:vpbx:secret-${exten}`).digest('hex'),
    ...overrides,
  });
}

export async function buildRingGroup(db: DataSource, account: Account, members: Extension[], overrides: Partial<RingGroup> = {}): Promise<RingGroup> {
  const group = await db.getRepository(RingGroup).save({ accountId: account.id, name: 'Отдел продаж', strategy: 'all', ringSeconds: 20, ...overrides });
  await db.getRepository(RingGroupMember).insert(members.map((m, position) => ({ ringGroupId: group.id, extensionId: m.id, position })));
  return group;
}

export async function listNumber(db: DataSource, account: Account, list: CallerList, e164: string): Promise<void> {
  await db.getRepository(CallerListEntry).insert({ accountId: account.id, list, e164, comment: null });
}
