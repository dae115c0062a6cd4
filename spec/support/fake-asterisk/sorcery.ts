/** res_pjsip objects behind /asterisk/config/dynamic (pjsip.conf ones read-only, astdb ones writable). */
import defaults from './pjsip-defaults.json';
import { AriError } from './router';

type ObjType = 'endpoint' | 'auth' | 'aor';
type Tuple = { attribute: string; value: string };

const TEMPLATES: Record<ObjType, Tuple[]> = { endpoint: defaults.endpoint, auth: defaults.auth, aor: defaults.aor };
const OTHER_TYPES = new Set(['identify', 'transport', 'contact', 'registration', 'domain_alias', 'global', 'system', 'acl', 'outbound-publish', 'resource_list']);
const CODECS = new Set(['ulaw', 'alaw', 'gsm', 'g722', 'g726', 'g729', 'opus', 'slin', 'slin16', 'ilbc', 'speex', 'h264', 'vp8', 'vp9', 't140']);
const ENUMS: Record<string, string[]> = {
  dtmf_mode: ['rfc4733', 'inband', 'info', 'auto', 'auto_info', 'none'],
  auth_type: ['userpass', 'md5', 'google_oauth', 'digest'],
};
const TRUE = ['yes', 'true', 'on', '1', 'y', 't'];
const FALSE = ['no', 'false', 'off', '0', 'n', 'f'];

interface StoredObject {
  values: Map<string, string>;
  source: 'config' | 'astdb';
}

export class PjsipConfig {
  private readonly objects = new Map<string, StoredObject>();
  /** endpoints with a registered contact */
  readonly registered = new Set<string>();

  /** sorcery.conf maps res_pjsip objects to a writable wizard (astdb) as well as pjsip.conf */
  constructor(public writable: boolean) {
    for (const name of ['alice', 'bob']) this.seedPhone(name, 'from-test');
  }

  /** Adds a phone as pjsip.conf would define it (endpoint + auth + aor, read-only through ARI). */
  seedPhone(name: string, context: string, source: 'config' | 'astdb' = 'config'): void {
    this.store('auth', `${name}-auth`, source, { auth_type: 'userpass', username: name, password: name });
    this.store('aor', name, source, { max_contacts: '1', remove_existing: 'true' });
    this.store('endpoint', name, source, {
      transport: 'transport-udp', context, allow: '(ulaw|alaw)', auth: `${name}-auth`, aors: name, direct_media: 'false',
      rtp_symmetric: 'true', force_rport: 'true', rewrite_contact: 'true', callerid: '<unknown>',
    });
  }

  private store(type: ObjType, id: string, source: 'config' | 'astdb', values: Record<string, string>): void {
    const map = new Map(TEMPLATES[type].map((t) => [t.attribute, t.value]));
    for (const [k, v] of Object.entries(values)) map.set(k, v);
    this.objects.set(`${type}/${id}`, { values: map, source });
  }

  get(configClass: string, type: string, id: string): Tuple[] {
    return tuples(this.find(configClass, type, id));
  }

  /** PUT: creates (astdb) or updates; pjsip.conf objects and a read-only sorcery setup give 403. */
  put(configClass: string, type: string, id: string, fields: Tuple[]): Tuple[] {
    const t = this.checkType(configClass, type);
    const existing = this.objects.get(`${t}/${id}`);
    if (existing?.source === 'config' || (!existing && !this.writable)) {
      throw new AriError(403, `Cannot ${existing ? 'update' : 'create'} sorcery objects of type '${type}'`);
    }
    const values = new Map(existing?.values ?? TEMPLATES[t].map((x) => [x.attribute, x.value]));
    for (const f of fields) {
      if (!applyField(values, f)) throw new AriError(400, `${existing ? 'Update' : 'Creation'} of object '${id}' failed field value validation`);
    }
    this.objects.set(`${t}/${id}`, { values, source: 'astdb' });
    return tuples({ values, source: 'astdb' });
  }

  delete(configClass: string, type: string, id: string): void {
    const obj = this.find(configClass, type, id);
    if (obj.source === 'config') throw new AriError(403, `Could not delete object with id '${id}'`);
    this.objects.delete(`${type}/${id}`);
    if (type === 'endpoint') this.registered.delete(id);
  }

  private find(configClass: string, type: string, id: string): StoredObject {
    const t = this.checkType(configClass, type);
    const obj = this.objects.get(`${t}/${id}`);
    if (!obj) throw new AriError(404, `Object with id '${id}' not found`);
    return obj;
  }

  private checkType(configClass: string, type: string): ObjType {
    if (configClass !== 'res_pjsip') throw new AriError(404, `configClass '${configClass}' not found`);
    if (type in TEMPLATES) return type as ObjType;
    if (OTHER_TYPES.has(type)) throw new AriError(404, `Object with id '' not found`);
    throw new AriError(404, `objectType '${type}' not found`);
  }

  /** Endpoint ids: pjsip.conf ones first, then astdb ones, as GET /endpoints lists them. */
  endpointIds(): string[] {
    const all = [...this.objects.entries()].filter(([k]) => k.startsWith('endpoint/'));
    const order = (s: string): number => (s === 'config' ? 0 : 1);
    return all.sort((a, b) => order(a[1].source) - order(b[1].source)).map(([k]) => k.slice('endpoint/'.length));
  }

  hasEndpoint(id: string): boolean {
    return this.objects.has(`endpoint/${id}`);
  }

  endpointValue(id: string, attribute: string): string | undefined {
    return this.objects.get(`endpoint/${id}`)?.values.get(attribute);
  }

  /** Online: registered, or its aor has a static contact (a trunk). */
  isOnline(id: string): boolean {
    if (this.registered.has(id)) return true;
    const aors = this.endpointValue(id, 'aors') ?? '';
    return aors.split(',').some((a) => (this.objects.get(`aor/${a.trim()}`)?.values.get('contact') ?? '') !== '');
  }
}

function tuples(obj: StoredObject): Tuple[] {
  return [...obj.values.entries()].map(([attribute, value]) => ({ attribute, value }));
}

/** Applies one field with Asterisk's normalisation; false when the value does not validate. */
function applyField(values: Map<string, string>, f: Tuple): boolean {
  const { attribute, value } = f;
  if (attribute === 'allow' || attribute === 'disallow') return applyCodecs(values, attribute, value);
  const current = values.get(attribute);
  if (current === undefined) return false;
  if (ENUMS[attribute]) return ENUMS[attribute].includes(value) && (values.set(attribute, value), true);
  if (current === 'true' || current === 'false') return applyBool(values, attribute, value);
  if (/^\d+(\.\d+)?$/.test(current) && current !== '') return applyNumber(values, attribute, value, current.includes('.'));
  values.set(attribute, value);
  return true;
}

function applyBool(values: Map<string, string>, attribute: string, value: string): boolean {
  const v = value.toLowerCase();
  if (!TRUE.includes(v) && !FALSE.includes(v)) return false;
  values.set(attribute, TRUE.includes(v) ? 'true' : 'false');
  return true;
}

function applyNumber(values: Map<string, string>, attribute: string, value: string, decimal: boolean): boolean {
  if (!/^\d+(\.\d+)?$/.test(value)) return false;
  values.set(attribute, decimal ? Number(value).toFixed(6) : String(Number.parseInt(value, 10)));
  return true;
}

function applyCodecs(values: Map<string, string>, attribute: string, value: string): boolean {
  const current = (values.get('allow') ?? '(nothing)').replace(/^\(|\)$/g, '');
  let list = current === 'nothing' || current === '' ? [] : current.split('|');
  const named = value.split(',').map((c) => c.trim()).filter(Boolean);
  if (named.some((c) => c !== 'all' && !CODECS.has(c))) return false;
  if (attribute === 'disallow') list = named.includes('all') ? [] : list.filter((c) => !named.includes(c));
  else list = [...list, ...named.filter((c) => !list.includes(c))];
  values.set('allow', list.length ? `(${list.join('|')})` : '(nothing)');
  return true;
}
