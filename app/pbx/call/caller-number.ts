import type { DataSource } from 'typeorm';
import type { Extension } from '../../features/extensions/entities';
import { PhoneNumber } from '../../features/numbers/entities';

/**
 * The number an outside party sees on a call from the account to `destination` (E.164, or an
 * emergency number): the extension's own outbound number, else the account's rule with the
 * longest prefix of the destination, else the account's first number. Only numbers the account
 * owns are ever shown; null when it owns none.
 */
export async function chooseCallerNumber(
  db: DataSource,
  accountId: number,
  destination: string,
  ext?: Pick<Extension, 'outboundCallerNumber'> | null,
): Promise<string | null> {
  const numbers = db.getRepository(PhoneNumber);
  if (ext?.outboundCallerNumber && (await numbers.existsBy({ accountId, e164: ext.outboundCallerNumber }))) return ext.outboundCallerNumber;
  const byRule = await prefixRule(db, accountId, destination);
  if (byRule) return byRule;
  const first = await numbers.findOne({ where: { accountId }, order: { id: 'ASC' } });
  return first?.e164 ?? null;
}

async function prefixRule(db: DataSource, accountId: number, destination: string): Promise<string | null> {
  // A rule's number must still be the account's: the join checks the owner, not only the row.
  const rules: { prefix: string; e164: string }[] = await db.query(
    `SELECT r.prefix, n.e164 FROM caller_number_rules r
       JOIN phone_numbers n ON n.id = r.phone_number_id AND n.account_id = r.account_id
      WHERE r.account_id = ?`,
    [accountId],
  );
  const matching = rules.filter((r) => destination.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length);
  return matching[0]?.e164 ?? null;
}
