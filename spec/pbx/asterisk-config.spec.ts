import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AsteriskConfigError,
  AsteriskTemplateError,
  readTemplates,
  renderAsteriskConfig,
  writeAsteriskConfig,
  type AsteriskConfigValues,
} from '../../app/pbx/asterisk-config';
import {
  CHANNEL_VARS,
  DIALPLAN_CONTEXTS,
  DIALPLAN_EXTEN,
  MOH_CLASS_DEFAULT,
  PHONE_ENDPOINT_DEFAULTS,
  PUBLISHED_CHANNEL_VARS,
  SORCERY_ASTDB_FAMILIES,
  STASIS_APP_DEFAULT,
  parseStasisArgs,
} from '../../app/pbx/contract';

const FILES = [
  'ari.conf', 'asterisk.conf', 'cdr.conf', 'extensions.conf', 'http.conf', 'logger.conf',
  'modules.conf', 'musiconhold.conf', 'pjsip.conf', 'rtp.conf', 'sorcery.conf', 'stasis.conf',
];

const octet = () => randomInt(1, 254);
const word = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

/** Sample values with every optional part set, random where it matters. */
function buildValues(overrides: Partial<AsteriskConfigValues> = {}): AsteriskConfigValues {
  return {
    stasisApp: word('app'),
    systemName: word('node'),
    ari: {
      bindAddress: `10.${octet()}.${octet()}.${octet()}`,
      port: randomInt(8000, 9000),
      user: word('ari'),
      password: word('pw-'),
    },
    sip: {
      bindAddress: '0.0.0.0',
      udpPort: 5060,
      tcpPort: 5061,
      externalAddress: '203.0.113.7',
      localNets: ['10.0.0.0/8'],
    },
    rtp: { portStart: 12000, portEnd: 14000 },
    trunk: {
      host: `198.51.100.${octet()}`,
      username: word('u'),
      password: word('p'),
      register: true,
      fromDomain: 'carrier.example.kz',
      identifyIps: ['198.51.100.0/28', '192.0.2.10'],
      outboundProxy: 'proxy.carrier.example.kz:5060',
    },
    ...overrides,
  };
}

interface Section { name: string; template: boolean; parent: string | null; entries: [string, string][] }

/** Reads an Asterisk config file the way Asterisk does: `;` comments (unless `\;`), [sections], key = value. */
function parseConf(text: string): Section[] {
  const sections: Section[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(?<!\\);.*$/, '').trim();
    if (!line) continue;
    const header = /^\[([^\]]+)\](?:\((!)?,?([^)]*)\))?$/.exec(line);
    if (header) {
      sections.push({ name: header[1], template: header[2] === '!', parent: header[3] || null, entries: [] });
      continue;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (!kv || sections.length === 0) throw new Error(`unparsable line: ${raw}`);
    sections[sections.length - 1].entries.push([kv[1].trim(), kv[2].replace(/^>\s*/, '')]);
  }
  return sections;
}

const get = (s: Section | undefined, key: string) => s?.entries.find(([k]) => k === key)?.[1];
const all = (s: Section | undefined, key: string) => (s?.entries ?? []).filter(([k]) => k === key).map(([, v]) => v);
/** The applications a dialplan context runs, in order (`exten => pat,1,App` then `same => n,App`). */
const apps = (s: Section | undefined) =>
  (s?.entries ?? []).map(([k, v]) => v.split(',').slice(k === 'exten' ? 2 : 1).join(','));
const find = (sections: Section[], name: string, type?: string) =>
  sections.find((s) => s.name === name && (type === undefined || get(s, 'type') === type || s.parent?.includes(type)));

function rendered(values: AsteriskConfigValues = buildValues()) {
  const files = renderAsteriskConfig(values);
  return (name: string) => {
    const text = files.get(name);
    if (text === undefined) throw new Error(`${name} not rendered`);
    return text;
  };
}

describe('Asterisk configuration', () => {
  describe('rendering', () => {
    it('given sample values, when rendered, then every template becomes a file', () => {
      const files = renderAsteriskConfig(buildValues());
      expect([...files.keys()].sort()).to.deep.equal(FILES);
      expect([...files.keys()].sort()).to.deep.equal([...readTemplates().keys()].sort());
    });

    for (const [label, values] of [
      ['every option', buildValues()],
      ['only the ARI password', { ari: { password: 'only-a-password' } }],
    ] as const) {
      it(`given ${label}, when rendered, then no placeholder and no empty setting is left`, () => {
        for (const [name, text] of renderAsteriskConfig(values)) {
          expect(text, name).to.not.match(/\{\{|\}\}/);
          for (const s of parseConf(text)) {
            // http.conf's empty servername is deliberate (it drops the Server header).
            for (const [k, v] of s.entries) {
              if (k !== 'servername') expect(v, `${name} [${s.name}] ${k}`).to.not.equal('');
            }
          }
        }
      });
    }
  });

  describe('extensions.conf', () => {
    it('given an app name, then every context calls Stasis with it and arguments the contract parses', () => {
      const values = buildValues();
      const sections = parseConf(rendered(values)('extensions.conf'));
      const expected = {
        [DIALPLAN_CONTEXTS.fromTrunk]: 'inbound',
        [DIALPLAN_CONTEXTS.fromPhones]: 'internal',
        [DIALPLAN_CONTEXTS.transfers]: 'transferred',
      };
      for (const [context, kind] of Object.entries(expected)) {
        const run = apps(find(sections, context));
        const stasis = run.filter((a) => a.startsWith('Stasis('));
        expect(stasis, context).to.have.length(1);
        const [app, ...args] = /^Stasis\((.*)\)$/.exec(stasis[0])![1].split(',');
        expect(app).to.equal(values.stasisApp);
        const number = String(randomInt(100, 99999));
        expect(parseStasisArgs(args.map((a) => a.replace(DIALPLAN_EXTEN, number))).kind).to.equal(kind);
        expect(run[0]).to.equal(`Set(${CHANNEL_VARS.direction}=${kind})`);
        expect(run.indexOf(stasis[0])).to.equal(run.length - 2);
        expect(run[run.length - 1]).to.match(/^Hangup\(/);
      }
    });

    it('given no app name, then the contract default is used', () => {
      const text = rendered({ ari: { password: 'only-a-password' } })('extensions.conf');
      expect(text).to.contain(`Stasis(${STASIS_APP_DEFAULT},inbound,${DIALPLAN_EXTEN})`);
    });

    it('given calls from phones, then they record the endpoint and send transfers to the transfer context', () => {
      const sections = parseConf(rendered()('extensions.conf'));
      const phones = apps(find(sections, DIALPLAN_CONTEXTS.fromPhones));
      expect(phones).to.include(`Set(${CHANNEL_VARS.transferContext}=${DIALPLAN_CONTEXTS.transfers})`);
      expect(phones).to.include(`Set(${CHANNEL_VARS.callerEndpoint}=\${CHANNEL(endpoint)})`);
      const trunk = apps(find(sections, DIALPLAN_CONTEXTS.fromTrunk));
      expect(trunk).to.include(`Set(${CHANNEL_VARS.did}=\${EXTEN})`);
    });
  });

  describe('sorcery.conf', () => {
    it('given endpoint, auth and aor, then pjsip.conf comes before the writable astdb family', () => {
      const res = find(parseConf(rendered()('sorcery.conf')), 'res_pjsip');
      for (const type of ['endpoint', 'auth', 'aor'] as const) {
        expect(all(res, type), type).to.deep.equal([
          `config,pjsip.conf,criteria=type=${type}`,
          `astdb,${SORCERY_ASTDB_FAMILIES[type]}`,
        ]);
      }
    });
  });

  describe('ari.conf and http.conf', () => {
    it('given ARI values, then the user, password and bind address land where Asterisk reads them', () => {
      const values = buildValues();
      const r = rendered(values);
      const ari = parseConf(r('ari.conf'));
      const user = find(ari, values.ari.user!);
      expect(get(user, 'type')).to.equal('user');
      expect(get(user, 'password')).to.equal(values.ari.password);
      expect(get(user, 'read_only')).to.equal('no');
      expect(get(find(ari, 'general'), 'channelvars')).to.equal(PUBLISHED_CHANNEL_VARS.join(','));
      const http = find(parseConf(r('http.conf')), 'general');
      expect(get(http, 'bindaddr')).to.equal(values.ari.bindAddress);
      expect(get(http, 'bindport')).to.equal(String(values.ari.port));
      expect(get(http, 'enabled')).to.equal('yes');
    });

    it('given allowed origins or none, then allowed_origins follows', () => {
      const origins = (values: AsteriskConfigValues) =>
        get(find(parseConf(rendered(values)('ari.conf')), 'general'), 'allowed_origins');
      const allowedOrigins = ['https://a.kz', 'https://b.kz'];
      expect(origins({ ari: { password: 'long-enough', allowedOrigins } })).to.equal('https://a.kz,https://b.kz');
      expect(origins(buildValues())).to.equal(undefined);
    });
  });

  describe('pjsip.conf', () => {
    it('given SIP values, then both transports bind there and advertise the external address', () => {
      const pjsip = parseConf(rendered()('pjsip.conf'));
      expect(get(find(pjsip, 'transport-udp'), 'bind')).to.equal('0.0.0.0:5060');
      expect(get(find(pjsip, 'transport-tcp'), 'bind')).to.equal('0.0.0.0:5061');
      expect(get(find(pjsip, 'transport-udp'), 'external_media_address')).to.equal('203.0.113.7');
      expect(all(find(pjsip, 'transport-tcp'), 'local_net')).to.deep.equal(['10.0.0.0/8']);
      const ipv6 = { ari: { password: 'only-a-password' }, sip: { bindAddress: '::' } };
      const bare = parseConf(rendered(ipv6)('pjsip.conf'));
      expect(get(find(bare, 'transport-udp'), 'bind')).to.equal('[::]:5060');
      expect(get(find(bare, 'transport-udp'), 'external_media_address')).to.equal(undefined);
    });

    it('given the phone template, then its fields are the contract defaults', () => {
      const phone = find(parseConf(rendered()('pjsip.conf')), 'phone-endpoint')!;
      expect(phone.template).to.equal(true);
      expect(phone.entries.slice(1)).to.deep.equal(PHONE_ENDPOINT_DEFAULTS.map((f) => [f.attribute, f.value]));
    });

    it('given a trunk, then it is identified by IP, lands in from-trunk and registers with its credentials', () => {
      const values = buildValues();
      const t = values.trunk!;
      const pjsip = parseConf(rendered(values)('pjsip.conf'));
      const endpoint = pjsip.find((s) => s.name === 'carrier' && s.parent === 'trunk-endpoint');
      const template = find(pjsip, 'trunk-endpoint');
      expect(get(template, 'context')).to.equal(DIALPLAN_CONTEXTS.fromTrunk);
      expect(get(endpoint, 'outbound_auth')).to.equal('carrier-auth');
      expect(get(endpoint, 'outbound_proxy')).to.equal('sip:proxy.carrier.example.kz:5060\\;lr');
      const identify = pjsip.find((s) => s.name === 'carrier' && s.parent === 'trunk-identify');
      expect(get(identify, 'match')).to.equal('198.51.100.0/28,192.0.2.10');
      const aor = pjsip.find((s) => s.name === 'carrier' && s.parent === 'trunk-aor');
      expect(get(aor, 'contact')).to.equal(`sip:${t.host}:5060`);
      expect(get(find(pjsip, 'carrier-auth'), 'password')).to.equal(t.password);
      const reg = find(pjsip, 'carrier-reg');
      expect(get(reg, 'type')).to.equal('registration');
      expect(get(reg, 'client_uri')).to.equal(`sip:${t.username}@${t.host}:5060`);
    });

    it('given a trunk without registration or credentials, then only identify-by-IP objects are written', () => {
      const host = `192.0.2.${octet()}`;
      const pjsip = parseConf(rendered(buildValues({ trunk: { host, transport: 'tcp' } }))('pjsip.conf'));
      expect(find(pjsip, 'carrier-reg')).to.equal(undefined);
      expect(find(pjsip, 'carrier-auth')).to.equal(undefined);
      expect(get(pjsip.find((s) => s.parent === 'trunk-identify'), 'match')).to.equal(host);
      expect(get(pjsip.find((s) => s.parent === 'trunk-aor'), 'contact')).to.equal(`sip:${host}:5060\\;transport=tcp`);
    });

    it('given no trunk, then no trunk instance is written, only its templates', () => {
      const pjsip = parseConf(rendered({ ari: { password: 'only-a-password' } })('pjsip.conf'));
      expect(pjsip.filter((s) => s.parent?.startsWith('trunk-'))).to.deep.equal([]);
      expect(find(pjsip, 'trunk-endpoint')?.template).to.equal(true);
    });
  });

  describe('other files', () => {
    it('given directories, then asterisk.conf uses them and music on hold defaults to <data>/moh', () => {
      const values = buildValues({ directories: { etc: '/srv/ast/etc', data: '/srv/ast/share', run: '/srv/ast/run' } });
      const r = rendered(values);
      const dirs = find(parseConf(r('asterisk.conf')), 'directories');
      expect(get(dirs, 'astetcdir')).to.equal('/srv/ast/etc');
      expect(get(dirs, 'astdatadir')).to.equal('/srv/ast/share');
      expect(get(dirs, 'astrundir')).to.equal('/srv/ast/run');
      expect(get(dirs, 'astmoddir')).to.equal('/usr/lib/x86_64-linux-gnu/asterisk/modules');
      expect(get(find(parseConf(r('asterisk.conf')), 'options'), 'systemname')).to.equal(values.systemName);
      const moh = find(parseConf(r('musiconhold.conf')), MOH_CLASS_DEFAULT);
      expect(get(moh, 'mode')).to.equal('files');
      expect(get(moh, 'directory')).to.equal('/srv/ast/share/moh');
    });

    it('given an RTP range, then rtp.conf uses it', () => {
      const general = find(parseConf(rendered()('rtp.conf')), 'general');
      expect([get(general, 'rtpstart'), get(general, 'rtpend')]).to.deep.equal(['12000', '14000']);
    });

    it('given modules.conf, then what the product needs is loaded and never switched off', () => {
      const modules = find(parseConf(rendered()('modules.conf')), 'modules');
      const loaded = [...all(modules, 'require'), ...all(modules, 'load')];
      const off = all(modules, 'noload');
      expect(get(modules, 'autoload')).to.equal('yes');
      const needed = ['res_ari', 'res_stasis', 'res_pjsip', 'res_sorcery_astdb', 'res_http_websocket',
        'res_musiconhold', 'app_stasis', 'format_wav', 'format_gsm', 'format_sln', 'codec_ulaw', 'codec_alaw'];
      for (const m of needed) expect(loaded, m).to.include(`${m}.so`);
      for (const m of off) expect(m, m).to.not.match(/^(res_ari|res_stasis|res_pjsip|res_sorcery|app_stasis|chan_pjsip)/);
      const unused = ['chan_sip', 'chan_iax2', 'chan_skinny', 'chan_mgcp', 'chan_unistim', 'pbx_lua', 'pbx_ael'];
      for (const m of unused) expect(off, m).to.include(`${m}.so`);
      expect(loaded.filter((m) => off.includes(m))).to.deep.equal([]);
    });
  });

  describe('validation', () => {
    const rejects = (values: unknown, ...fragments: string[]) => {
      let caught: unknown;
      try {
        renderAsteriskConfig(values as AsteriskConfigValues);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(AsteriskConfigError);
      for (const f of fragments) expect((caught as Error).message).to.contain(f);
    };

    it('given a missing ARI password, then it says so', () => rejects({ ari: {} }, 'ari.password: is required'));
    it('given a password with ";", then it explains Asterisk would read a comment', () =>
      rejects({ ari: { password: 'abc;defgh' } }, 'ari.password', 'comment'));
    it('given a port out of range, then the path and the rule are named', () =>
      rejects({ ari: { password: 'long-enough', port: 70000 } }, 'ari.port: must be a port 1-65535'));
    it('given an RTP range over the SIP port, then it is refused', () =>
      rejects({ ari: { password: 'long-enough' }, rtp: { portStart: 5000, portEnd: 6000 } }, 'not contain port 5060'));
    it('given a trunk registering without credentials, then it is refused', () =>
      rejects({ ari: { password: 'long-enough' }, trunk: { host: '192.0.2.1', register: true } }, 'trunk.register'));
    it('given a host that is neither a name nor an address, then it is refused', () =>
      rejects({ ari: { password: 'long-enough' }, sip: { externalAddress: 'pbx example.kz' } },
        'sip.externalAddress: must be a host name or IP address'));
    it('given a trunk host name without identify addresses, then it is refused', () =>
      rejects({ ari: { password: 'long-enough' }, trunk: { host: 'sip.carrier.kz' } }, 'trunk.identifyIps'));
    it('given a bad bind address and a relative directory, then every problem is listed', () =>
      rejects({ ari: { password: 'long-enough', bindAddress: 'localhost' }, directories: { log: 'var/log' } },
        'ari.bindAddress: must be an IPv4 or IPv6 address', 'directories.log: must be an absolute path'));
  });

  describe('templates', () => {
    const values = { ari: { password: 'only-a-password' } };
    it('given an unknown placeholder, then rendering fails naming the file', () => {
      const templates = new Map([['x.conf', 'a = {{ari.nope}}\n']]);
      expect(() => renderAsteriskConfig(values, templates)).to.throw(AsteriskTemplateError, /x\.conf: .*nope/);
    });
    it('given a block on an unknown value, then rendering fails instead of dropping the block', () => {
      const templates = new Map([['y.conf', '{{#if trunkk}}\nx = 1\n{{/if}}\n']]);
      expect(() => renderAsteriskConfig(values, templates)).to.throw(AsteriskTemplateError, /y\.conf: #if on an unknown/);
    });
  });

  describe('writing', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vpbx-ast-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('given an output directory, then every file is written there and astetcdir points at it', () => {
      const out = join(dir, 'etc');
      const written = writeAsteriskConfig(buildValues(), out);
      expect(written.map((p) => p.slice(out.length + 1)).sort()).to.deep.equal(FILES);
      const dirs = find(parseConf(readFileSync(join(out, 'asterisk.conf'), 'utf8')), 'directories');
      expect(get(dirs, 'astetcdir')).to.equal(out);
      expect(statSync(join(out, 'ari.conf')).mode & 0o007).to.equal(0);
    });

    it('given the CLI with flags, when run with npx tsx, then it writes the directory and prints how to start', function () {
      this.timeout(60000);
      const out = join(dir, 'etc');
      const password = word('cli-pass-');
      const result = spawnSync('npx', ['tsx', 'app/cli/asterisk-config.ts', '--out', out, '--ari-user', 'clitest',
        '--ari-password', password, '--ari-port', '8099', '--sip-port', '5070', '--trunk-host', '192.0.2.44',
        '--var-dir', join(dir, 'var')], { cwd: resolve(__dirname, '../..'), encoding: 'utf8' });
      expect(result.status, result.stderr).to.equal(0);
      expect(result.stdout.trim()).to.equal(`asterisk -C ${join(out, 'asterisk.conf')}`);
      for (const f of FILES) expect(existsSync(join(out, f)), f).to.equal(true);
      const conf = (name: string) => parseConf(readFileSync(join(out, name), 'utf8'));
      expect(get(find(conf('ari.conf'), 'clitest'), 'password')).to.equal(password);
      expect(get(find(conf('http.conf'), 'general'), 'bindport')).to.equal('8099');
      expect(get(find(conf('pjsip.conf'), 'transport-udp'), 'bind')).to.equal('0.0.0.0:5070');
      expect(get(find(conf('pjsip.conf'), 'carrier', 'trunk-identify'), 'match')).to.equal('192.0.2.44');
      expect(existsSync(join(dir, 'var', 'spool'))).to.equal(true);
    });

    it('given the CLI without a password flag, then it fails even if the environment has one', function () {
      this.timeout(60000);
      const result = spawnSync('npx', ['tsx', 'app/cli/asterisk-config.ts', '--out', join(dir, 'etc')], {
        cwd: resolve(__dirname, '../..'),
        encoding: 'utf8',
        env: { ...process.env, ARI_PASSWORD: 'from-the-environment', ari_password: 'from-the-environment' },
      });
      expect(result.status).to.equal(2);
      expect(result.stderr).to.contain('--ari-password is required');
      expect(existsSync(join(dir, 'etc'))).to.equal(false);
    });
  });
});
