/** The values an Asterisk configuration is rendered from: zod schema, defaults, validation. */
import { z } from 'zod';
import { STASIS_APP_DEFAULT, TRUNK_ENDPOINT_DEFAULT, type SipTransport } from '../contract';

const port = z.int('must be an integer').min(1, 'must be a port 1-65535').max(65535, 'must be a port 1-65535');
const ip = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });
const cidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'must be an IP address or CIDR network' });
const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const hostname = z
  .string()
  .regex(new RegExp(`^(?=.{1,253}$)${label}(?:\\.${label})*$`), { error: 'must be a host name or IP address' });
const host = z.union([ip, hostname], {
  error: (i) => (i.input === undefined ? 'is required' : 'must be a host name or IP address'),
});
/** Section names and user names: they become `[section]` headers and SIP URI user parts. */
const token = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
  error: 'must be 1-64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit',
});
/** `;` starts a comment in Asterisk config files, and whitespace would be trimmed: keep both out. */
const secret = (min: number) =>
  z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .min(min, `must be at least ${min} characters`)
    .regex(/^[!-:<-~]+$/, { error: 'must be printable ASCII without spaces or ";" (Asterisk reads ";" as a comment)' });
const absolutePath = z.string().regex(/^\/[^\s;]*$/, { error: 'must be an absolute path without spaces or ";"' });
const origin = z.union([z.literal('*'), z.string().regex(/^https?:\/\/[^\s,;/]+$/)], {
  error: 'must be * or an origin such as https://cabinet.example.kz',
});

const directories = z.object({
  /** astetcdir: where the rendered files live; writeAsteriskConfig sets it to its output directory. */
  etc: absolutePath.default('/etc/asterisk'),
  modules: absolutePath.default('/usr/lib/x86_64-linux-gnu/asterisk/modules'),
  data: absolutePath.default('/usr/share/asterisk'),
  /** Music on hold files; defaults to <data>/moh. */
  moh: absolutePath.optional(),
  agi: absolutePath.default('/usr/share/asterisk/agi-bin'),
  varLib: absolutePath.default('/var/lib/asterisk'),
  /** astdb lives here: provisioned phones are in it, so it must be on persistent storage. */
  db: absolutePath.default('/var/lib/asterisk'),
  keys: absolutePath.default('/var/lib/asterisk'),
  spool: absolutePath.default('/var/spool/asterisk'),
  run: absolutePath.default('/var/run/asterisk'),
  log: absolutePath.default('/var/log/asterisk'),
  cache: absolutePath.default('/tmp'),
  sbin: absolutePath.default('/usr/sbin'),
});

const trunk = z
  .object({
    name: token.default(TRUNK_ENDPOINT_DEFAULT),
    host,
    port: port.default(5060),
    transport: z.enum(['udp', 'tcp'] satisfies SipTransport[]).default('udp'),
    username: token.optional(),
    password: secret(1).optional(),
    register: z.boolean().default(false),
    fromDomain: host.optional(),
    fromUser: token.optional(),
    /** Addresses the carrier sends from; defaults to the host when the host is an IP address. */
    identifyIps: z.array(cidr).optional(),
    /** host[:port] of a SIP proxy every request to the carrier goes through. */
    outboundProxy: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'must be host or host:port' }).optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.username === undefined) !== (t.password === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'username and password go together' });
    }
    if (t.register && t.username === undefined) {
      ctx.addIssue({ code: 'custom', path: ['register'], message: 'registration needs a username and password' });
    }
    if (t.identifyIps === undefined && !ip.safeParse(t.host).success) {
      ctx.addIssue({ code: 'custom', path: ['identifyIps'], message: 'required when the host is a name, not an IP' });
    }
    if (t.identifyIps !== undefined && t.identifyIps.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['identifyIps'], message: 'must list at least one address' });
    }
  })
  .transform((t) => ({ ...t, identifyIps: t.identifyIps ?? [t.host] }));

const schema = z
  .object({
    stasisApp: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 characters of A-Z a-z 0-9 _ -' })
      .default(STASIS_APP_DEFAULT),
    /** Prefixes channel ids (uniqueid) so ids stay unique across several Asterisk nodes. */
    systemName: token.optional(),
    ari: z.object({
      bindAddress: ip.default('127.0.0.1'),
      port: port.default(8088),
      user: token.default('vpbx'),
      password: secret(8),
      allowedOrigins: z.array(origin).default([]),
    }),
    sip: z
      .object({
        bindAddress: ip.default('0.0.0.0'),
        udpPort: port.default(5060),
        tcpPort: port.default(5060),
        /** Public address for SDP and Contact when Asterisk sits behind NAT (cloud VMs with a floating IP). */
        externalAddress: host.optional(),
        /** Networks reached without NAT: no external address is written into SIP sent to them. */
        localNets: z.array(cidr).default([]),
      })
      .prefault({}),
    rtp: z.object({ portStart: port.default(10000), portEnd: port.default(20000) }).prefault({}),
    trunk: trunk.optional(),
    directories: directories.prefault({}),
  })
  .superRefine((v, ctx) => {
    if (v.rtp.portEnd - v.rtp.portStart < 2) {
      ctx.addIssue({ code: 'custom', path: ['rtp', 'portEnd'], message: 'must be above rtp.portStart' });
    }
    for (const p of new Set([v.sip.udpPort, v.sip.tcpPort, v.ari.port])) {
      if (p >= v.rtp.portStart && p <= v.rtp.portEnd) {
        ctx.addIssue({ code: 'custom', path: ['rtp'], message: `port range must not contain port ${p} (SIP/ARI)` });
      }
    }
    if (v.ari.port === v.sip.tcpPort) {
      ctx.addIssue({ code: 'custom', path: ['ari', 'port'], message: 'must differ from sip.tcpPort (both are TCP)' });
    }
  });

/** What callers pass: everything but the ARI password has a default. */
export type AsteriskConfigValues = z.input<typeof schema>;
/** The same values with defaults applied and checked. */
export type ResolvedAsteriskConfigValues = z.output<typeof schema>;

/** Bad values for the Asterisk configuration; the message lists every problem by path. */
export class AsteriskConfigError extends Error {
  readonly code = 'asterisk_config_invalid';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid Asterisk config values:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AsteriskConfigError';
  }
}

/** Applies defaults and validates; throws AsteriskConfigError listing all problems. */
export function resolveAsteriskConfigValues(values: AsteriskConfigValues): ResolvedAsteriskConfigValues {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new AsteriskConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(values)'}: ${i.message}`));
  }
  return parsed.data;
}
