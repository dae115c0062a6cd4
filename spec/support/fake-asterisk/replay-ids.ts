/** Ids Asterisk generated in a recording (uniqueids, uuids) mapped to the ones the fake generated in the replay. */
type Obj = Record<string, unknown>;

const GENERATED = [/^\d{9,11}\.\d+$/, /^[0-9a-f]{8}-[0-9a-f]{4}-/];

export class IdMap {
  private readonly ids = new Map<string, string>();

  /** Learns from a recorded value and the fake's value at the same place (REST body or event). */
  learn(exp: unknown, act: unknown, key = ''): void {
    if (typeof exp === 'string' && typeof act === 'string') {
      const generated = GENERATED.some((re) => re.test(exp));
      if (['id', 'channels', 'channel_ids'].includes(key) && generated && !this.ids.has(exp)) this.ids.set(exp, act);
      return;
    }
    if (Array.isArray(exp) && Array.isArray(act)) return exp.forEach((e, i) => this.learn(e, act[i], key));
    if (exp && act && typeof exp === 'object' && typeof act === 'object') {
      for (const [k, v] of Object.entries(exp as Obj)) this.learn(v, (act as Obj)[k], k);
    }
  }

  /** The trace's path with recorded ids replaced by the fake's. */
  mapPath(path: string): string {
    const [p, q = ''] = path.split('?');
    const segs = p.split('/').map((s) => encodeURIComponent(this.id(decodeURIComponent(s))));
    const query = q.split('&').filter(Boolean).map((pair) => {
      const [k, v = ''] = pair.split('=');
      return `${k}=${encodeURIComponent(decodeURIComponent(v).split(',').map((x) => this.id(x)).join(','))}`;
    });
    return segs.join('/') + (query.length ? `?${query.join('&')}` : '');
  }

  id(traceId: string): string {
    return this.ids.get(traceId) ?? traceId;
  }
}
