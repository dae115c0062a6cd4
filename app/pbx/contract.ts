/**
 * The names Asterisk's configuration and the Stasis application share.
 *
 * The dialplan (asterisk/extensions.conf) is rendered from these constants, and the app reads the
 * same constants, so a rename happens here once and both sides follow. Nothing in this file talks
 * to Asterisk; it is plain data plus the parser for Stasis arguments.
 */

/** The Stasis application name the dialplan hands calls to and the app registers over ARI. */
export const STASIS_APP_DEFAULT = 'vpbx';

/** Dialplan contexts: where calls from the carrier, from customers' phones and from phone transfers land. */
export const DIALPLAN_CONTEXTS = {
  fromTrunk: 'from-trunk',
  fromPhones: 'from-phones',
  /** Blind transfers (SIP REFER) by phones: chan_pjsip looks up the target here via TRANSFER_CONTEXT. */
  transfers: 'phone-transfers',
} as const;

/** Why a channel entered Stasis: the first Stasis argument, also stored in VPBX_DIRECTION. */
export const CALL_DIRECTIONS = {
  inbound: 'inbound',
  internal: 'internal',
  transferred: 'transferred',
} as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[keyof typeof CALL_DIRECTIONS];

/** First argument the app passes (appArgs) when it originates a leg into itself over ARI. */
export const ORIGINATED_ARG = 'originated';

/** First argument of the cabinet's originate to an employee's phone: once answered, the phone calls the number. */
export const CLICK_TO_CALL_ARG = 'click-to-call';

/**
 * Channel variables. The dialplan sets the VPBX_* ones before Stasis; ari.conf lists them in
 * `channelvars` so every channel event carries them. The app sets VPBX_CALL_ID on the legs it
 * originates. Local channels a phone's REFER creates inherit no variables (only the linkedid), so
 * transfer legs are matched to their call by the Local pair's name instead (app/pbx/transfer).
 */
export const CHANNEL_VARS = {
  /** inbound | internal | transferred (see CALL_DIRECTIONS). */
  direction: 'VPBX_DIRECTION',
  /** The number the carrier delivered (request-URI user part), inbound calls only. */
  did: 'VPBX_DID',
  /** The PJSIP endpoint the call came from: a phone's endpoint id, or the trunk's. */
  callerEndpoint: 'VPBX_CALLER_ENDPOINT',
  /**
   * Our call record id, on the legs the app originates (for people reading Asterisk's channels).
   * Not set on the caller's channel: the record is found by (node, channel id), and a request per
   * call setup was measured to cost more than it gives.
   */
  callId: 'VPBX_CALL_ID',
  /**
   * chan_pjsip's context for REFER targets. The dialplan sets it on calls from phones; the app must
   * set it (POST /channels `variables`) on legs it originates to phones, which skip the dialplan.
   */
  transferContext: 'TRANSFER_CONTEXT',
  /** Dialplan function (Asterisk 22.3+): `ari-only` turns REFER into a ChannelTransfer event. */
  transferHandling: 'PJSIP_TRANSFER_HANDLING()',
} as const;

/** Values of PJSIP_TRANSFER_HANDLING(): `core` is Asterisk's default, `ari-only` hands REFER to the app. */
export const TRANSFER_HANDLING = { core: 'core', ariOnly: 'ari-only' } as const;

/** The channel variables ari.conf publishes on every channel event (`channelvars`). */
export const PUBLISHED_CHANNEL_VARS: readonly string[] = [
  CHANNEL_VARS.direction,
  CHANNEL_VARS.did,
  CHANNEL_VARS.callerEndpoint,
  CHANNEL_VARS.callId,
];

/** Music-on-hold class Asterisk plays to the other party when a phone holds (ChannelHold.musicclass). */
export const MOH_CLASS_DEFAULT = 'default';

/** PJSIP transport ids in pjsip.conf, for endpoints and registrations that must pin one. */
export const PJSIP_TRANSPORTS = { udp: 'transport-udp', tcp: 'transport-tcp' } as const;
export type SipTransport = keyof typeof PJSIP_TRANSPORTS;

/** The carrier trunk's endpoint id when none is configured: the app dials `PJSIP/<number>@<id>`. */
export const TRUNK_ENDPOINT_DEFAULT = 'carrier';

/** res_pjsip object types the app provisions through ARI's dynamic configuration. */
export const DYNAMIC_OBJECT_TYPES = ['endpoint', 'auth', 'aor'] as const;
export type DynamicObjectType = (typeof DYNAMIC_OBJECT_TYPES)[number];

/** ARI config class of those objects (`configClass` in ari-client's asterisk.updateObject). */
export const DYNAMIC_CONFIG_CLASS = 'res_pjsip';

/** astdb families sorcery.conf stores provisioned phones in (they survive restarts). */
export const SORCERY_ASTDB_FAMILIES: Readonly<Record<DynamicObjectType, string>> = {
  endpoint: 'vpbx_endpoint',
  auth: 'vpbx_auth',
  aor: 'vpbx_aor',
};

/** ARI path (relative to /ari) of one provisioned object: GET, PUT {fields} and DELETE go here. */
export function dynamicConfigPath(type: DynamicObjectType, id: string): string {
  return `/asterisk/config/dynamic/${DYNAMIC_CONFIG_CLASS}/${type}/${encodeURIComponent(id)}`;
}

/** One attribute of a res_pjsip object, the shape ARI's dynamic config takes and returns. */
export interface ConfigField {
  readonly attribute: string;
  readonly value: string;
}

/**
 * What every customer phone endpoint gets. astdb-backed objects cannot inherit pjsip.conf
 * templates, so provisioning sends these fields with each PUT, and pjsip.conf's phone template is
 * rendered from the same list. Order matters: `disallow` must precede `allow`.
 */
export const PHONE_ENDPOINT_DEFAULTS: readonly ConfigField[] = [
  { attribute: 'context', value: DIALPLAN_CONTEXTS.fromPhones },
  { attribute: 'disallow', value: 'all' },
  { attribute: 'allow', value: 'ulaw,alaw,opus' },
  { attribute: 'direct_media', value: 'no' },
  { attribute: 'rtp_symmetric', value: 'yes' },
  { attribute: 'force_rport', value: 'yes' },
  { attribute: 'rewrite_contact', value: 'yes' },
  { attribute: 'dtmf_mode', value: 'rfc4733' },
  { attribute: 'identify_by', value: 'username' },
  { attribute: 'moh_suggest', value: MOH_CLASS_DEFAULT },
  { attribute: 'rtp_timeout', value: '120' },
];

/** What every customer phone's AOR gets: one registered device, a new REGISTER replaces the old. */
export const PHONE_AOR_DEFAULTS: readonly ConfigField[] = [
  { attribute: 'max_contacts', value: '1' },
  { attribute: 'remove_existing', value: 'yes' },
  { attribute: 'qualify_frequency', value: '60' },
];

/**
 * What a dialled number may contain: the dialplan's extension pattern and the parser's check are
 * both built from it, so a number the dialplan accepts is a number the app accepts.
 */
const DIALLED_CHARS = '+*#0-9';
const DIALLED_MAX = 40;

/** The extension pattern of every Stasis-calling context: one or more of DIALLED_CHARS. */
export const DIALPLAN_EXTEN_PATTERN = `_[${DIALLED_CHARS}]!`;

/** The dialplan expression for the dialled number, passed as the second Stasis argument. */
export const DIALPLAN_EXTEN = '${EXTEN}';

const DIALLED = new RegExp(`^[${DIALLED_CHARS}]{1,${DIALLED_MAX}}$`);
const CALL_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Why a channel is in Stasis, from its StasisStart `args`. */
export type StasisArgs =
  /** A call from the carrier to one of our numbers: Stasis(app,inbound,<did>). */
  | { readonly kind: 'inbound'; readonly did: string }
  /** A customer's phone dialled a number: Stasis(app,internal,<exten>). */
  | { readonly kind: 'internal'; readonly exten: string }
  /** A phone blind-transferred its peer (REFER) to a number: Stasis(app,transferred,<exten>). */
  | { readonly kind: 'transferred'; readonly exten: string }
  /** The cabinet rang an employee's phone, which answered: now it calls `number` (click-to-call). */
  | { readonly kind: 'click-to-call'; readonly number: string }
  /** A leg the app originated into itself, with appArgs from formatStasisArgs. */
  | { readonly kind: 'originated'; readonly callId: string }
  /**
   * No arguments: a Local channel Asterisk itself put into the app while executing a transfer
   * (it takes a transferer's place in our bridge; StasisStart carries `replace_channel`).
   */
  | { readonly kind: 'transfer-leg' };

/** Stasis arguments of a shape the contract does not know: the channel did not come from our dialplan or app. */
export class StasisArgsError extends Error {
  readonly code = 'stasis_args_unknown';

  constructor(readonly args: readonly string[], reason: string) {
    super(`unknown Stasis arguments ${JSON.stringify(args)}: ${reason}`);
    this.name = 'StasisArgsError';
  }
}

/** Reads StasisStart `args` into a StasisArgs; throws StasisArgsError on any other shape. */
export function parseStasisArgs(args: readonly string[]): StasisArgs {
  if (args.length === 0) return { kind: 'transfer-leg' };
  const [kind, value, ...rest] = args;
  if (rest.length > 0) throw new StasisArgsError(args, `expected at most 2 arguments, got ${args.length}`);
  if (value === undefined) throw new StasisArgsError(args, `"${kind}" needs a second argument`);
  if (kind === ORIGINATED_ARG) {
    if (!CALL_ID.test(value)) throw new StasisArgsError(args, 'call id must be 1-64 of A-Z a-z 0-9 _ . : -');
    return { kind: 'originated', callId: value };
  }
  if (!DIALLED.test(value)) {
    throw new StasisArgsError(args, `number must be 1-${DIALLED_MAX} of ${DIALLED_CHARS}`);
  }
  switch (kind) {
    case CALL_DIRECTIONS.inbound:
      return { kind: 'inbound', did: value };
    case CALL_DIRECTIONS.internal:
      return { kind: 'internal', exten: value };
    case CALL_DIRECTIONS.transferred:
      return { kind: 'transferred', exten: value };
    case CLICK_TO_CALL_ARG:
      return { kind: 'click-to-call', number: value };
    default:
      throw new StasisArgsError(args, `unknown kind "${kind}"`);
  }
}

/** The Stasis arguments for a StasisArgs (appArgs of an originate, or the dialplan's shape). */
export function formatStasisArgs(args: StasisArgs): string[] {
  switch (args.kind) {
    case 'inbound':
      return [CALL_DIRECTIONS.inbound, args.did];
    case 'internal':
    case 'transferred':
      return [CALL_DIRECTIONS[args.kind], args.exten];
    case 'originated':
      return [ORIGINATED_ARG, args.callId];
    case 'click-to-call':
      return [CLICK_TO_CALL_ARG, args.number];
    case 'transfer-leg':
      return [];
  }
}

/** The argument list of a dialplan context's Stasis() call, e.g. `inbound,${EXTEN}`. */
export function dialplanStasisArgs(direction: CallDirection): string {
  return [direction, DIALPLAN_EXTEN].join(',');
}
