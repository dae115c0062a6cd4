import type { DataSource } from 'typeorm';
import type { AccountStatus } from '../accounts/entities';
import { can } from '../accounts/policy';
import type { AccountRole } from '../users/roles';

/** Which boxes a member opens: their extensions' own, and (admins, owners) the account's shared ones. */
export interface BoxScope {
  accountId: number;
  timeZone: string;
  extensionIds: number[];
  /** "ext-<exten>" of the member's extensions: scenarios may name such a box without the extension's id. */
  boxes: string[];
  shared: boolean;
}

/** The member's boxes. A box no extension owns (a scenario's, or a deleted extension's) is shared. */
export async function boxScope(db: DataSource, account: { id: number; role: AccountRole; status: AccountStatus; timeZone: string }, userId: number): Promise<BoxScope> {
  const { timeZone } = account;
  const own: { id: number; exten: string }[] = await db.query('SELECT id, exten FROM extensions WHERE account_id = ? AND user_id = ? ORDER BY exten', [account.id, userId]);
  return {
    accountId: account.id,
    timeZone,
    extensionIds: own.map((e) => Number(e.id)),
    boxes: own.map((e) => `ext-${e.exten}`),
    shared: can(account.role, 'calls.view_all', account.status),
  };
}

/** SQL: the message (alias v) belongs to one of the account's extensions, by id or by its box name. */
export const OWNED_BY_AN_EXTENSION = `EXISTS (SELECT 1 FROM extensions ox WHERE ox.account_id = v.account_id AND (ox.id = v.extension_id OR CONCAT('ext-', ox.exten) = v.box))`;

/** The conditions (on alias v) for the messages a scope opens. */
export function scopeWhere(scope: BoxScope): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (scope.extensionIds.length) (parts.push('v.extension_id IN (?)'), params.push(scope.extensionIds));
  if (scope.boxes.length) (parts.push('(v.extension_id IS NULL AND v.box IN (?))'), params.push(scope.boxes));
  if (scope.shared) parts.push(`NOT ${OWNED_BY_AN_EXTENSION}`);
  return { sql: `v.account_id = ? AND (${parts.length ? parts.join(' OR ') : 'FALSE'})`, params: [scope.accountId, ...params] };
}

/** How the page and the e-mail name a box; a translation key and its parameters. */
export function boxLabel(box: string): { key: string; params: Record<string, string> } {
  const ext = /^ext-(.+)$/.exec(box);
  return ext ? { key: 'voicemail.box_extension', params: { exten: ext[1] } } : { key: 'voicemail.box_shared', params: { box } };
}
