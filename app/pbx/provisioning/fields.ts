import { createHash } from 'node:crypto';
import type { Extension } from '../../features/extensions/entities';
import { CHANNEL_VARS, DIALPLAN_CONTEXTS, PHONE_AOR_DEFAULTS, PHONE_ENDPOINT_DEFAULTS, type ConfigField, type DynamicObjectType } from '../contract';

/** The digest realm of every customer phone: sip_md5_cred is md5("<username>:vpbx:<password>"). */
export const SIP_REALM = 'vpbx';

/** What the cabinet stores for a phone's password: Asterisk checks digests against it, no plaintext is kept. */
export function sipMd5Cred(username: string, password: string): string {
  return createHash('md5').update(`${username}:${SIP_REALM}:${password}`).digest('hex');
}

/**
 * Customers' phones are `a<account id>-<extension>`. Only ids of this shape are ever deleted from
 * Asterisk, so the trunk and whatever else pjsip.conf defines are never touched.
 */
export const PHONE_ENDPOINT_ID = /^a\d{1,10}-\d{2,8}$/;

/** The SIP user name (= endpoint, auth and aor id) of an extension's phone. */
export const phoneSipUsername = (accountId: number, exten: string): string => `a${accountId}-${exten}`;

export const isPhoneEndpointId = (id: string): boolean => PHONE_ENDPOINT_ID.test(id);

/**
 * Channel variables on every channel of a phone, whether it calls (dialplan) or is called (an
 * originate skips the dialplan): its blind transfers (REFER) land in the transfers context.
 */
export const PHONE_CHANNEL_VARS: readonly ConfigField[] = [
  { attribute: 'set_var', value: `${CHANNEL_VARS.transferContext}=${DIALPLAN_CONTEXTS.transfers}` },
];

export type PhoneObjects = Record<DynamicObjectType, ConfigField[]>;

/** What one phone needs in Asterisk; applied in the order auth, aor, endpoint (the endpoint names the other two). */
export function phoneObjects(ext: Pick<Extension, 'sipUsername' | 'sipMd5Cred' | 'exten' | 'name'>): PhoneObjects {
  const id = ext.sipUsername;
  const name = ext.name.replace(/["<>\\]/g, '').trim();
  return {
    auth: [
      { attribute: 'auth_type', value: 'md5' },
      { attribute: 'username', value: id },
      { attribute: 'realm', value: SIP_REALM },
      { attribute: 'md5_cred', value: ext.sipMd5Cred },
    ],
    aor: [...PHONE_AOR_DEFAULTS],
    endpoint: [
      ...PHONE_ENDPOINT_DEFAULTS,
      { attribute: 'auth', value: id },
      { attribute: 'aors', value: id },
      { attribute: 'callerid', value: `"${name}" <${ext.exten}>` },
      ...PHONE_CHANNEL_VARS,
    ],
  };
}

/**
 * The fields to PUT on an existing endpoint. PUT merges into the object and `set_var` is a list
 * (each PUT would add another copy), so a variable already there is not sent again.
 */
export function fieldsToPut(wanted: readonly ConfigField[], current: readonly ConfigField[] | undefined): ConfigField[] {
  if (!current) return [...wanted];
  const present = new Set(current.filter((f) => f.attribute === 'set_var').map((f) => f.value));
  return wanted.filter((f) => f.attribute !== 'set_var' || !present.has(f.value));
}
