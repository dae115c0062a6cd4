import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import type { Extension } from '../../features/extensions/entities';
import type { Logger } from '../../logger';
import type { AriNode } from '../ari/node';
import { deleteObject, getObject, putObject } from './ari';
import { fieldsToPut, phoneObjects } from './fields';
import { clearProvisioned, loadPhone, stampProvisioned, type PhoneRow } from './store';

export interface ProvisioningDeps {
  db: DataSource;
  clock: Clock;
  logger: Logger;
}

/** Writes one phone's auth, aor and endpoint to a node (create or update). */
export async function putPhone(node: AriNode, phone: PhoneRow): Promise<void> {
  const objects = phoneObjects(phone);
  const current = await getObject(node, 'endpoint', phone.sipUsername);
  await putObject(node, 'auth', phone.sipUsername, objects.auth);
  await putObject(node, 'aor', phone.sipUsername, objects.aor);
  await putObject(node, 'endpoint', phone.sipUsername, fieldsToPut(objects.endpoint, current));
}

/** Removes one phone from a node: endpoint first (no new calls), then its auth and aor; absent ones are fine. */
export async function deletePhone(node: AriNode, sipUsername: string): Promise<void> {
  await deleteObject(node, 'endpoint', sipUsername);
  await deleteObject(node, 'auth', sipUsername);
  await deleteObject(node, 'aor', sipUsername);
}

/**
 * Provisions a phone on these nodes as the database has it now, and (with `stamp`) stamps
 * provisioned_at; an edit that lands meanwhile is provisioned too (a few rounds at most), and a
 * phone that should no longer exist (deleted, renamed, account terminated) is removed.
 */
export async function provisionPhone(deps: ProvisioningDeps, nodes: AriNode[], id: number, sipUsername: string, stamp = true): Promise<'provisioned' | 'removed'> {
  for (let round = 0; round < 3; round++) {
    const phone = await loadPhone(deps.db, id);
    if (!phone) break;
    for (const node of nodes) {
      if (phone.sipUsername !== sipUsername) await deletePhone(node, sipUsername);
      await putPhone(node, phone);
    }
    if (!stamp || (await stampProvisioned(deps.db, phone))) return 'provisioned';
    sipUsername = phone.sipUsername;
  }
  if (await loadPhone(deps.db, id)) throw new Error(`extension ${id} keeps changing while it is provisioned`);
  for (const node of nodes) await deletePhone(node, sipUsername);
  await clearProvisioned(deps.db, sipUsername);
  return 'removed';
}

const list = (nodes: AriNode | AriNode[]) => ([] as AriNode[]).concat(nodes);

/** After the cabinet saved an extension, in a process that has the nodes: the phone follows the row at once. */
export function provisionExtension(deps: ProvisioningDeps, nodes: AriNode | AriNode[], ext: Pick<Extension, 'id' | 'sipUsername'>): Promise<'provisioned' | 'removed'> {
  return provisionPhone(deps, list(nodes), ext.id, ext.sipUsername);
}

/** After the cabinet deleted an extension (or changed its SIP user name): the old phone leaves these nodes. */
export async function deprovisionExtension(deps: ProvisioningDeps, nodes: AriNode | AriNode[], ext: Pick<Extension, 'sipUsername'>): Promise<void> {
  for (const node of list(nodes)) await deletePhone(node, ext.sipUsername);
  await clearProvisioned(deps.db, ext.sipUsername);
}
