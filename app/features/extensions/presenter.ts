import { formatE164 } from '../numbers/presenter';
import type { Extension } from './entities';
import type { PhoneSettings } from './sip';

const FORWARD_FIELDS = ['forwardAlways', 'forwardBusy', 'forwardNoAnswer', 'forwardUnavailable'] as const;

/** A stored forward target as shown: an outside number formatted, an extension as its digits. */
const showTarget = (value: string | null) => (value === null ? '' : value.startsWith('+') ? formatE164(value) : value);

/** One extension for pages; never its md5_cred. */
export function presentExtension(ext: Extension, memberNames: Map<number, string>) {
  return {
    id: ext.id,
    exten: ext.exten,
    name: ext.name,
    userId: ext.userId,
    userName: ext.userId === null ? null : (memberNames.get(ext.userId) ?? null),
    sipUsername: ext.sipUsername,
    forwards: FORWARD_FIELDS.filter((f) => ext[f] !== null).map((f) => ({ kind: f, target: showTarget(ext[f]) })),
    forwardNoAnswerSeconds: ext.forwardNoAnswerSeconds,
    voicemailEnabled: ext.voicemailEnabled,
    outboundCallerNumber: ext.outboundCallerNumber === null ? null : formatE164(ext.outboundCallerNumber),
    pendingSync: ext.provisionedAt === null || ext.provisionedAt < ext.updatedAt,
  };
}

/** The edit form's values as the extension has them now. */
export function formValues(ext: Extension): Record<string, string> {
  const values: Record<string, string> = {
    name: ext.name,
    userId: ext.userId === null ? '' : String(ext.userId),
    forwardNoAnswerSeconds: String(ext.forwardNoAnswerSeconds),
    outboundCallerNumber: ext.outboundCallerNumber ?? '',
  };
  for (const f of FORWARD_FIELDS) values[f] = ext[f] ?? '';
  if (ext.voicemailEnabled) values.voicemailEnabled = 'on';
  return values;
}

/** The phone settings card; password and QR only right after create or reset. */
export function presentPhoneSettings(settings: PhoneSettings, secret?: { password: string; qrSvg: string }) {
  return { ...settings, password: secret?.password, qrSvg: secret?.qrSvg };
}
