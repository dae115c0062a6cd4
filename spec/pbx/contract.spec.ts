import { expect } from 'chai';
import { randomInt } from 'node:crypto';
import {
  CALL_DIRECTIONS,
  CHANNEL_VARS,
  DIALPLAN_CONTEXTS,
  DIALPLAN_EXTEN,
  DIALPLAN_EXTEN_PATTERN,
  DYNAMIC_CONFIG_CLASS,
  DYNAMIC_OBJECT_TYPES,
  PHONE_AOR_DEFAULTS,
  PHONE_ENDPOINT_DEFAULTS,
  PUBLISHED_CHANNEL_VARS,
  SORCERY_ASTDB_FAMILIES,
  StasisArgsError,
  dialplanStasisArgs,
  dynamicConfigPath,
  formatStasisArgs,
  parseStasisArgs,
  type StasisArgs,
} from '../../app/pbx/contract';

const randomDid = () => `+77${randomInt(100_000_000, 999_999_999)}`;
const randomExten = () => String(randomInt(100, 9999));

function expectStasisArgsError(args: string[], fragment: string): void {
  let caught: unknown;
  try {
    parseStasisArgs(args);
  } catch (err) {
    caught = err;
  }
  expect(caught, `parseStasisArgs(${JSON.stringify(args)}) should throw`).to.be.instanceOf(StasisArgsError);
  const err = caught as StasisArgsError;
  expect(err.code).to.equal('stasis_args_unknown');
  expect(err.args).to.deep.equal(args);
  expect(err.message).to.contain(fragment);
}

describe('pbx contract', () => {
  describe('parseStasisArgs', () => {
    it('given the dialplan shapes, when parsed, then each becomes its kind with the number', () => {
      const did = randomDid();
      const exten = randomExten();
      expect(parseStasisArgs(['inbound', did])).to.deep.equal({ kind: 'inbound', did });
      expect(parseStasisArgs(['internal', exten])).to.deep.equal({ kind: 'internal', exten });
      expect(parseStasisArgs(['transferred', exten])).to.deep.equal({ kind: 'transferred', exten });
    });

    it('given feature codes and star/hash digits, when parsed, then they are accepted as dialled', () => {
      expect(parseStasisArgs(['internal', '*98#'])).to.deep.equal({ kind: 'internal', exten: '*98#' });
    });

    it('given no arguments (a transfer Local channel), when parsed, then it is a transfer leg', () => {
      expect(parseStasisArgs([])).to.deep.equal({ kind: 'transfer-leg' });
    });

    it('given an app-originated leg, when parsed, then its call id comes back', () => {
      const callId = `call-${randomInt(1, 1_000_000)}`;
      expect(parseStasisArgs(['originated', callId])).to.deep.equal({ kind: 'originated', callId });
    });

    it('given an unknown kind, when parsed, then a StasisArgsError names it', () => {
      expectStasisArgsError(['reentered', '123'], 'unknown kind "reentered"');
    });

    it('given a kind without its number, when parsed, then it is rejected', () => {
      expectStasisArgsError(['inbound'], 'needs a second argument');
    });

    it('given extra arguments, when parsed, then it is rejected', () => {
      expectStasisArgsError(['internal', '101', 'x=y'], 'at most 2 arguments');
    });

    it('given a number with characters the dialplan never passes, when parsed, then it is rejected', () => {
      expectStasisArgsError(['inbound', 's'], 'number must be');
      expectStasisArgsError(['internal', '10 1'], 'number must be');
      expectStasisArgsError(['internal', ''], 'number must be');
      expectStasisArgsError(['originated', 'a/b'], 'call id');
      expectStasisArgsError(['click-to-call', '8 701'], 'number must be');
    });

    it('given the cabinet\'s click-to-call originate, when parsed, then the number to call comes back', () => {
      expect(parseStasisArgs(['click-to-call', '+77011234567'])).to.deep.equal({ kind: 'click-to-call', number: '+77011234567' });
    });

    it('given every shape, when formatted and parsed again, then it round-trips', () => {
      const shapes: StasisArgs[] = [
        { kind: 'inbound', did: randomDid() },
        { kind: 'internal', exten: randomExten() },
        { kind: 'transferred', exten: randomExten() },
        { kind: 'originated', callId: `c${randomInt(1, 1e9)}` },
        { kind: 'click-to-call', number: randomDid() },
        { kind: 'transfer-leg' },
      ];
      for (const shape of shapes) expect(parseStasisArgs(formatStasisArgs(shape))).to.deep.equal(shape);
    });
  });

  describe('dialplan names', () => {
    it('given each direction, when its dialplan argument list is filled with a number, then the parser accepts it', () => {
      for (const direction of Object.values(CALL_DIRECTIONS)) {
        const text = dialplanStasisArgs(direction);
        expect(text).to.equal(`${direction},${DIALPLAN_EXTEN}`);
        const number = randomExten();
        const parsed = parseStasisArgs(text.replace(DIALPLAN_EXTEN, number).split(','));
        expect(parsed.kind).to.equal(direction);
      }
    });

    it('given the extension pattern, then it is a pattern over exactly the characters the parser accepts', () => {
      const match = /^_\[(.+)\]!$/.exec(DIALPLAN_EXTEN_PATTERN);
      expect(match, DIALPLAN_EXTEN_PATTERN).to.not.equal(null);
      const chars = match![1].replace('0-9', '0123456789');
      for (const c of chars) expect(parseStasisArgs(['internal', c]).kind).to.equal('internal');
      for (const c of ['a', ',', ';', '$']) expect(() => parseStasisArgs(['internal', c])).to.throw(StasisArgsError);
    });

    it('given the contexts, then all three are distinct', () => {
      const names = Object.values(DIALPLAN_CONTEXTS);
      expect(new Set(names).size).to.equal(names.length);
    });

    it('given the variables ari.conf publishes, then each is a VPBX_ channel variable of the contract', () => {
      const names = Object.values(CHANNEL_VARS) as string[];
      for (const v of PUBLISHED_CHANNEL_VARS) {
        expect(names).to.include(v);
        expect(v).to.match(/^VPBX_[A-Z_]+$/);
      }
      expect(CHANNEL_VARS.transferHandling).to.equal('PJSIP_TRANSFER_HANDLING()');
      expect(CHANNEL_VARS.transferContext).to.equal('TRANSFER_CONTEXT');
    });
  });

  describe('dynamic configuration', () => {
    it('given an object id, when its path is built, then it is under the res_pjsip dynamic config, id encoded', () => {
      expect(dynamicConfigPath('endpoint', 'acme-101')).to.equal('/asterisk/config/dynamic/res_pjsip/endpoint/acme-101');
      expect(dynamicConfigPath('auth', 'a b/c')).to.equal(`/asterisk/config/dynamic/${DYNAMIC_CONFIG_CLASS}/auth/a%20b%2Fc`);
    });

    it('given each provisioned type, then it has its own astdb family', () => {
      const families = DYNAMIC_OBJECT_TYPES.map((t) => SORCERY_ASTDB_FAMILIES[t]);
      expect(DYNAMIC_OBJECT_TYPES).to.deep.equal(['endpoint', 'auth', 'aor']);
      expect(new Set(families).size).to.equal(3);
      for (const f of families) expect(f).to.match(/^vpbx_[a-z]+$/);
    });

    it('given the phone endpoint defaults, then phones land in from-phones with media through Asterisk', () => {
      const fields = new Map(PHONE_ENDPOINT_DEFAULTS.map((f) => [f.attribute, f.value]));
      expect(fields.get('context')).to.equal(DIALPLAN_CONTEXTS.fromPhones);
      expect(fields.get('direct_media')).to.equal('no');
      expect(fields.get('dtmf_mode')).to.equal('rfc4733');
      for (const opt of ['rtp_symmetric', 'force_rport', 'rewrite_contact']) expect(fields.get(opt)).to.equal('yes');
      expect(fields.get('allow')!.split(',')).to.have.members(['ulaw', 'alaw', 'opus']);
      const order = PHONE_ENDPOINT_DEFAULTS.map((f) => f.attribute);
      expect(order.indexOf('disallow')).to.be.lessThan(order.indexOf('allow'));
      expect(PHONE_AOR_DEFAULTS.find((f) => f.attribute === 'max_contacts')?.value).to.equal('1');
    });
  });
});
