/**
 * Writes a ready-to-run Asterisk configuration directory from the templates in asterisk/.
 *
 *   tsx app/cli/asterisk-config.ts --out var/asterisk/etc --ari-password s3cret-pass [--var-dir var/asterisk] ...
 *
 * Values come only from flags (the Makefile passes them), never from the environment. On success it
 * prints the command that starts Asterisk on the directory, and nothing else, to stdout.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AsteriskConfigError,
  AsteriskTemplateError,
  writeAsteriskConfig,
  type AsteriskConfigValues,
} from '../pbx/asterisk-config';

const USAGE = `usage: tsx app/cli/asterisk-config.ts --out <dir> --ari-password <p> [options]
  --app <name>                 Stasis application name (default vpbx)
  --system-name <name>         node name prefixed to channel ids (several Asterisk nodes)
  --ari-address <ip>           ARI/HTTP bind address (default 127.0.0.1)
  --ari-port <n>               ARI/HTTP port (default 8088)
  --ari-user <u>               ARI user (default vpbx)
  --ari-password <p>           ARI password (required, 8+ characters)
  --ari-allowed-origin <o>     CORS origin for ARI (repeatable)
  --sip-address <ip>           SIP bind address (default 0.0.0.0)
  --sip-port <n>               SIP port, UDP and TCP (default 5060)
  --sip-tcp-port <n>           SIP TCP port when it differs from --sip-port
  --external-address <host>    public address when Asterisk is behind NAT
  --local-net <cidr>           network reached without NAT (repeatable)
  --rtp-start <n> --rtp-end <n>  RTP port range (default 10000-20000)
  --trunk-host <host>          carrier SIP host; without it no trunk is configured
  --trunk-name --trunk-port --trunk-transport udp|tcp --trunk-username --trunk-password
  --trunk-register --trunk-from-domain --trunk-from-user --trunk-outbound-proxy <host[:port]>
  --trunk-identify-ip <ip|cidr>  carrier source address (repeatable; default the host if an IP)
  --var-dir <dir>              put astdb, spool, run, log and cache under <dir> and create them
  --modules-dir --data-dir --moh-dir --var-lib-dir --spool-dir --run-dir --log-dir <dir>`;

const str = { type: 'string' } as const;
const many = { type: 'string', multiple: true } as const;
const options = {
  out: str, app: str, 'system-name': str,
  'ari-address': str, 'ari-port': str, 'ari-user': str, 'ari-password': str, 'ari-allowed-origin': many,
  'sip-address': str, 'sip-port': str, 'sip-tcp-port': str, 'external-address': str, 'local-net': many,
  'rtp-start': str, 'rtp-end': str,
  'trunk-host': str, 'trunk-name': str, 'trunk-port': str, 'trunk-transport': str, 'trunk-username': str,
  'trunk-password': str, 'trunk-register': { type: 'boolean' }, 'trunk-from-domain': str, 'trunk-from-user': str,
  'trunk-identify-ip': many, 'trunk-outbound-proxy': str,
  'var-dir': str, 'modules-dir': str, 'data-dir': str, 'moh-dir': str, 'var-lib-dir': str,
  'spool-dir': str, 'run-dir': str, 'log-dir': str,
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];

class UsageError extends Error {}

/** A whole-number flag; absent stays undefined so the schema's default applies. */
function int(flags: Flags, name: keyof Flags): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  return Number(raw);
}

const abs = (p: string | undefined) => (p === undefined ? undefined : resolve(p));

function trunkValues(f: Flags): AsteriskConfigValues['trunk'] {
  const given = (Object.keys(f) as (keyof Flags)[]).filter((k) => k.startsWith('trunk-') && k !== 'trunk-host');
  if (f['trunk-host'] === undefined) {
    if (given.length > 0) throw new UsageError(`--${given[0]} needs --trunk-host`);
    return undefined;
  }
  return {
    host: f['trunk-host'],
    name: f['trunk-name'],
    port: int(f, 'trunk-port'),
    transport: f['trunk-transport'] as 'udp' | 'tcp' | undefined,
    username: f['trunk-username'],
    password: f['trunk-password'],
    register: f['trunk-register'],
    fromDomain: f['trunk-from-domain'],
    fromUser: f['trunk-from-user'],
    identifyIps: f['trunk-identify-ip'],
    outboundProxy: f['trunk-outbound-proxy'],
  };
}

function directoryValues(f: Flags): AsteriskConfigValues['directories'] {
  const v = abs(f['var-dir']);
  return {
    modules: abs(f['modules-dir']),
    data: abs(f['data-dir']),
    moh: abs(f['moh-dir']),
    varLib: abs(f['var-lib-dir']) ?? (v && join(v, 'lib')),
    db: abs(f['var-lib-dir']) ?? (v && join(v, 'lib')),
    keys: abs(f['var-lib-dir']) ?? (v && join(v, 'lib')),
    spool: abs(f['spool-dir']) ?? (v && join(v, 'spool')),
    run: abs(f['run-dir']) ?? (v && join(v, 'run')),
    log: abs(f['log-dir']) ?? (v && join(v, 'log')),
    cache: v && join(v, 'cache'),
  };
}

/** Flags → config values; unset flags stay undefined so the schema's defaults apply. */
function valuesFromFlags(f: Flags): AsteriskConfigValues {
  if (f['ari-password'] === undefined) throw new UsageError('--ari-password is required');
  const tcpPort = int(f, 'sip-tcp-port') ?? int(f, 'sip-port');
  return {
    stasisApp: f.app,
    systemName: f['system-name'],
    ari: {
      bindAddress: f['ari-address'],
      port: int(f, 'ari-port'),
      user: f['ari-user'],
      password: f['ari-password'],
      allowedOrigins: f['ari-allowed-origin'],
    },
    sip: {
      bindAddress: f['sip-address'],
      udpPort: int(f, 'sip-port'),
      tcpPort,
      externalAddress: f['external-address'],
      localNets: f['local-net'],
    },
    rtp: { portStart: int(f, 'rtp-start'), portEnd: int(f, 'rtp-end') },
    trunk: trunkValues(f),
    directories: directoryValues(f),
  };
}

/** With --var-dir the writable directories are ours to create; system paths are the installer's. */
function createStateDirs(values: AsteriskConfigValues): void {
  const d = values.directories ?? {};
  for (const dir of [d.varLib, d.spool, d.run, d.log, d.cache]) if (dir) mkdirSync(dir, { recursive: true });
}

function main(argv: string[]): number {
  let flags: Flags;
  try {
    flags = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : err}\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (flags.out === undefined) throw new UsageError('--out is required');
    const values = valuesFromFlags(flags);
    writeAsteriskConfig(values, flags.out);
    if (flags['var-dir'] !== undefined) createStateDirs(values);
    console.log(`asterisk -C ${join(resolve(flags.out), 'asterisk.conf')}`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof AsteriskConfigError || err instanceof AsteriskTemplateError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
