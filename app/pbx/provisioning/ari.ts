import { isGone } from '../ari/errors';
import type { AriNode } from '../ari/node';
import { DYNAMIC_CONFIG_CLASS, type ConfigField, type DynamicObjectType } from '../contract';

/**
 * Asterisk refuses to create or change dynamic objects (403): sorcery.conf has no writable wizard
 * for res_pjsip, or the object lives in pjsip.conf. Retrying will not help until Asterisk's config changes.
 */
export class ProvisioningRefused extends Error {
  /** True when Asterisk cannot create any phone (no writable wizard), not just this object (pjsip.conf's own). */
  readonly everywhere: boolean;

  constructor(readonly operation: string, cause: Error) {
    const everywhere = /Cannot create/i.test(cause.message);
    super(`${operation}: ${cause.message}${everywhere ? ' (is asterisk/sorcery.conf installed, and Asterisk restarted since?)' : ' (an object of pjsip.conf)'}`, { cause });
    this.name = 'ProvisioningRefused';
    this.everywhere = everywhere;
  }
}

/** Asterisk rejected a field's value (400 "failed field value validation"). */
export class ProvisioningInvalid extends Error {
  constructor(readonly operation: string, cause: Error) {
    super(`${operation}: ${cause.message}`, { cause });
    this.name = 'ProvisioningInvalid';
  }
}

// ari-client keeps only the response body; these are the bodies of 403 and 400 in trace n.
const REFUSED = /Cannot (create|update) sorcery objects|Could not delete object/i;
const INVALID = /failed field value validation/i;

function classify(operation: string, err: unknown): unknown {
  if (!(err instanceof Error) || isGone(err)) return err;
  if (REFUSED.test(err.message)) return new ProvisioningRefused(operation, err);
  if (INVALID.test(err.message)) return new ProvisioningInvalid(operation, err);
  return err;
}

const where = (objectType: DynamicObjectType, id: string) => ({ configClass: DYNAMIC_CONFIG_CLASS, objectType, id });

/** One object's fields, or undefined when Asterisk has no such object. */
export async function getObject(node: AriNode, type: DynamicObjectType, id: string): Promise<ConfigField[] | undefined> {
  try {
    return await node.request(`get ${type} ${id}`, (c) => c.asterisk.getObject(where(type, id)));
  } catch (err) {
    if (isGone(err)) return undefined;
    throw classify(`get ${type} ${id}`, err);
  }
}

/** Creates the object or merges the fields into it (PUT keeps fields it is not given). */
export async function putObject(node: AriNode, type: DynamicObjectType, id: string, fields: ConfigField[]): Promise<void> {
  const operation = `put ${type} ${id}`;
  try {
    await node.request(operation, (c) => c.asterisk.updateObject({ ...where(type, id), fields: fields as never }));
  } catch (err) {
    throw classify(operation, err);
  }
}

/** Deletes the object; false when it was not there (404). */
export async function deleteObject(node: AriNode, type: DynamicObjectType, id: string): Promise<boolean> {
  const operation = `delete ${type} ${id}`;
  try {
    await node.request(operation, (c) => c.asterisk.deleteObject(where(type, id)));
    return true;
  } catch (err) {
    if (isGone(err)) return false;
    throw classify(operation, err);
  }
}

/** Ids of every PJSIP endpoint the node has, from pjsip.conf and astdb alike. */
export async function listEndpointIds(node: AriNode): Promise<string[]> {
  const endpoints = await node.request('list endpoints', (c) => c.endpoints.listByTech({ tech: 'PJSIP' }));
  return endpoints.map((e) => e.resource);
}
