import type { DataSource, EntityManager } from 'typeorm';
import { isEmergencyNumber, normalizePhone } from '../../kz/phone';

export const destinationClasses = ['local', 'long_distance', 'mobile', 'international'] as const;
export type DestinationClass = (typeof destinationClasses)[number];
/** Emergency calls are never charged and never use included minutes. */
export type RatedClass = DestinationClass | 'emergency';

/** Prefix → class, longest prefix wins; kept in destination_prefixes so operators change it without a release. */
export type PrefixTable = ReadonlyMap<string, DestinationClass>;

/** Loads the prefix table. */
export async function loadPrefixes(db: DataSource | EntityManager): Promise<PrefixTable> {
  const rows: { prefix: string; destination_class: DestinationClass }[] = await db.query('SELECT prefix, destination_class FROM destination_prefixes');
  return new Map(rows.map((r) => [r.prefix, r.destination_class]));
}

/**
 * The class of a call to `number` made from `ownNumber` (the account's number shown to the other
 * party). A Kazakh geographic number in the caller's own area code is local; every number outside
 * +7 7… (other countries, and Russia's +7 3…–9…) is international, as is anything unreadable.
 */
export function classify(number: string | null, ownNumber: string | null, prefixes: PrefixTable): RatedClass {
  if (number && isEmergencyNumber(number)) return 'emergency';
  const e164 = number ? normalizePhone(number) : null;
  if (!e164) return 'international';
  for (let len = Math.min(e164.length, 16); len >= 2; len--) {
    const found = prefixes.get(e164.slice(0, len));
    if (!found) continue;
    if (found === 'long_distance' && ownNumber && areaCode(e164) === areaCode(ownNumber)) return 'local';
    return found;
  }
  return 'international';
}

/** Almaty's code is 727 (3 digits); the other regional codes are 4 digits (7172 Astana, 7212 Karaganda…). */
function areaCode(e164: string): string {
  return e164.startsWith('+7727') ? e164.slice(0, 5) : e164.slice(0, 6);
}
