import type { TestApp } from '../../support/app';
import { signedInOwner as ownerOf } from '../../support/sign-in';
import type { Account } from '../../../app/features/accounts/entities';

export { signedInMember } from '../../support/sign-in';

/** The cells of a table on a page, row by row, tags stripped. */
export function tableRows(html: string, testId: string): string[][] {
  const table = new RegExp(`<table data-testid="${testId}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const body = table.split('<tbody>')[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1].trim()));
}

/** The summary figures of a statistics page, by their data-stat names. */
export function summaryOf(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/data-stat="(\w+)">([^<]*)</g)].map((m) => [m[1], m[2].trim()]));
}

/** An account with a signed-in owner, and a way to sign in more members. */
export async function signedInOwner(app: TestApp, overrides: Partial<Account> = {}) {
  const setup = await ownerOf(app, overrides);
  return { ...setup, base: `/a/${setup.account.id}/stats` };
}
