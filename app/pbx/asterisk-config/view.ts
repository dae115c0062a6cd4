/** Turns validated values plus the contract into the data the templates in asterisk/ read. */
import { isIPv6 } from 'node:net';
import {
  CALL_DIRECTIONS,
  CHANNEL_VARS,
  DIALPLAN_CONTEXTS,
  DIALPLAN_EXTEN_PATTERN,
  DYNAMIC_OBJECT_TYPES,
  MOH_CLASS_DEFAULT,
  PHONE_AOR_DEFAULTS,
  PHONE_ENDPOINT_DEFAULTS,
  PJSIP_TRANSPORTS,
  PUBLISHED_CHANNEL_VARS,
  SORCERY_ASTDB_FAMILIES,
  dialplanStasisArgs,
} from '../contract';
import type { ResolvedAsteriskConfigValues } from './values';

type Trunk = NonNullable<ResolvedAsteriskConfigValues['trunk']>;

/** IPv6 literals go in brackets wherever a port or URI follows. */
const hostPart = (host: string) => (isIPv6(host) ? `[${host}]` : host);

/** A SIP URI for the carrier; `\;` because a bare `;` starts a comment in Asterisk config files. */
function sipUri(trunk: Trunk, user?: string): string {
  const transport = trunk.transport === 'udp' ? '' : `\\;transport=${trunk.transport}`;
  return `sip:${user ? `${user}@` : ''}${hostPart(trunk.host)}:${trunk.port}${transport}`;
}

function outboundProxyUri(proxy: string | undefined): string | null {
  // `lr` (loose routing): the proxy forwards to the request URI instead of treating itself as the target.
  return proxy === undefined ? null : `sip:${proxy}\\;lr`;
}

function trunkView(trunk: Trunk) {
  const auth =
    trunk.username !== undefined && trunk.password !== undefined
      ? { id: `${trunk.name}-auth`, username: trunk.username, password: trunk.password }
      : null;
  return {
    name: trunk.name,
    host: trunk.host,
    port: trunk.port,
    protocol: trunk.transport,
    transport: PJSIP_TRANSPORTS[trunk.transport],
    serverUri: sipUri(trunk),
    identifyMatch: trunk.identifyIps.join(','),
    fromDomain: trunk.fromDomain ?? null,
    fromUser: trunk.fromUser ?? null,
    outboundProxy: outboundProxyUri(trunk.outboundProxy),
    auth,
    registration:
      trunk.register && auth ? { id: `${trunk.name}-reg`, clientUri: sipUri(trunk, auth.username) } : null,
  };
}

/** Everything the templates may reference; optional parts are null, never undefined (strict rendering). */
export function buildTemplateView(v: ResolvedAsteriskConfigValues) {
  return {
    app: v.stasisApp,
    systemName: v.systemName ?? null,
    contexts: DIALPLAN_CONTEXTS,
    directions: CALL_DIRECTIONS,
    vars: CHANNEL_VARS,
    extenPattern: DIALPLAN_EXTEN_PATTERN,
    stasisArgs: {
      inbound: dialplanStasisArgs(CALL_DIRECTIONS.inbound),
      internal: dialplanStasisArgs(CALL_DIRECTIONS.internal),
      transferred: dialplanStasisArgs(CALL_DIRECTIONS.transferred),
    },
    dirs: { ...v.directories, moh: v.directories.moh ?? `${v.directories.data}/moh` },
    ari: {
      bindAddress: v.ari.bindAddress,
      port: v.ari.port,
      user: v.ari.user,
      password: v.ari.password,
      allowedOrigins: v.ari.allowedOrigins.length > 0 ? v.ari.allowedOrigins.join(',') : null,
      channelVars: PUBLISHED_CHANNEL_VARS.join(','),
    },
    transports: PJSIP_TRANSPORTS,
    sip: {
      udpBind: `${hostPart(v.sip.bindAddress)}:${v.sip.udpPort}`,
      tcpBind: `${hostPart(v.sip.bindAddress)}:${v.sip.tcpPort}`,
      externalAddress: v.sip.externalAddress ?? null,
      localNets: v.sip.localNets,
    },
    rtp: { ...v.rtp, maxLegs: Math.floor((v.rtp.portEnd - v.rtp.portStart + 1) / 2) },
    mohClass: MOH_CLASS_DEFAULT,
    phone: { endpoint: PHONE_ENDPOINT_DEFAULTS, aor: PHONE_AOR_DEFAULTS },
    sorcery: DYNAMIC_OBJECT_TYPES.map((type) => ({ type, family: SORCERY_ASTDB_FAMILIES[type] })),
    trunk: v.trunk ? trunkView(v.trunk) : null,
  };
}

export type TemplateView = ReturnType<typeof buildTemplateView>;
