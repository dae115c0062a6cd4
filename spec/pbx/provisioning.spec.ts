import { expect } from 'chai';
import { Extension } from '../../app/features/extensions/entities';
import { DIALPLAN_CONTEXTS, dynamicConfigPath, type ConfigField, type DynamicObjectType } from '../../app/pbx/contract';
import { deprovisionExtension, provisionExtension, sipMd5Cred } from '../../app/pbx/provisioning';
import { buildAccountWithOwner } from '../support/factories';
import { startPbxHarness, type PbxHarness } from '../support/pbx';
import { buildExtension } from '../support/telephony-factories';

/** The engine's sweep period (app/pbx/role.ts), for restarting it after a test paused it. */
const PHONE_SWEEP_MS = 3000;

describe('phone provisioning through ARI dynamic configuration', () => {
  let h: PbxHarness;
  before(async () => (h = await startPbxHarness()));
  after(() => h.close());

  /** What Asterisk has for one object, as a map, or undefined (404). */
  async function asteriskObject(type: DynamicObjectType, id: string): Promise<Map<string, string> | undefined> {
    const auth = Buffer.from(`${h.fake.user}:${h.fake.password}`).toString('base64');
    const res = await fetch(`${h.fake.url}/ari${dynamicConfigPath(type, id)}`, { headers: { authorization: `Basic ${auth}` } });
    if (res.status === 404) return undefined;
    const fields = (await res.json()) as ConfigField[];
    return new Map(fields.map((f) => [f.attribute, f.value]));
  }

  async function putAsteriskObject(type: DynamicObjectType, id: string, fields: ConfigField[]): Promise<void> {
    const auth = Buffer.from(`${h.fake.user}:${h.fake.password}`).toString('base64');
    const res = await fetch(`${h.fake.url}/ari${dynamicConfigPath(type, id)}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify({ fields }),
    });
    expect(res.status).to.equal(200);
  }

  const fullSync = () => h.pbx.phones.request(h.pbx.nodes[0].node);
  const reload = (ext: Extension) => h.deps.db.getRepository(Extension).findOneByOrFail({ id: ext.id });
  const since = (seq: number) => h.fake.requests.filter((r) => r.seq > seq);
  const configRequests = (seq: number, method: string, id: string) =>
    since(seq).filter((r) => r.method === method && r.path.startsWith('/asterisk/config/dynamic/res_pjsip/') && r.path.endsWith(`/${id}`));

  /** A write as the cabinet makes it: the row changes, updated_at to the millisecond, nothing else. */
  async function edit(ext: Extension, set: string, params: unknown[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    await h.deps.db.query(`UPDATE extensions SET ${set}, updated_at = CURRENT_TIMESTAMP(3) WHERE id = ?`, [...params, ext.id]);
  }

  async function reconnect(): Promise<void> {
    h.fake.dropConnections({ abrupt: true });
    await new Promise((r) => setTimeout(r, 50));
    await h.waitUp();
  }

  /** Stops the periodic sweep until the end of the test, once a sweep in flight has finished. */
  let sweepsPaused = false;
  async function pausedSweeps(): Promise<void> {
    h.pbx.phones.stop();
    sweepsPaused = true;
    await h.pbx.phones.sweep();
  }
  afterEach(() => {
    if (sweepsPaused) h.pbx.phones.start(PHONE_SWEEP_MS);
    sweepsPaused = false;
  });

  async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
    for (let i = 0; i < 250; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('given extensions in the database, when the engine reconnects, then each phone is in Asterisk with md5 credentials and the phone settings, and provisioned_at is stamped', async () => {
    // Only the reconnection's sync may provision them: on a loaded machine the sweep (every few
    // seconds) would otherwise race it for the same rows and send a second PUT.
    await pausedSweeps();
    const { account } = await buildAccountWithOwner(h.deps.db, { status: 'active' });
    const exts = [await buildExtension(h.deps.db, account, '101'), await buildExtension(h.deps.db, account, '102')];
    const mark = h.fake.seq;
    await reconnect();
    for (const ext of exts) await until(async () => (await reload(ext)).provisionedAt ?? undefined, `${ext.sipUsername} provisioned`);

    const id = exts[0].sipUsername;
    const auth = await asteriskObject('auth', id);
    expect(Object.fromEntries(auth!)).to.include({ auth_type: 'md5', username: id, realm: 'vpbx', md5_cred: exts[0].sipMd5Cred, password: '' });
    expect(exts[0].sipMd5Cred).to.equal(sipMd5Cred(id, 'secret-101'));
    const endpoint = await asteriskObject('endpoint', id);
    expect(Object.fromEntries(endpoint!)).to.include({
      context: DIALPLAN_CONTEXTS.fromPhones,
      auth: id,
      aors: id,
      allow: '(ulaw|alaw|opus)',
      direct_media: 'false',
      dtmf_mode: 'rfc4733',
      set_var: 'TRANSFER_CONTEXT=phone-transfers',
      callerid: '"Сотрудник 101" <101>',
    });
    expect(Object.fromEntries((await asteriskObject('aor', id))!)).to.include({ max_contacts: '1', remove_existing: 'true', qualify_frequency: '60' });
    expect(h.fake.registerPhone(id)).to.equal(true);

    const puts = configRequests(mark, 'PUT', id);
    expect(puts.map((r) => r.path.split('/')[5])).to.deep.equal(['auth', 'aor', 'endpoint']);
    const sent = JSON.stringify(since(mark).map((r) => r.body));
    expect(sent).not.to.match(/"attribute":"password"/);
  });

  it('given phones Asterisk has that the database no longer wants, when the engine reconnects, then they are removed and pjsip.conf objects such as the trunk are left alone', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db, { status: 'terminated' });
    const closed = await buildExtension(h.deps.db, account, '201', { provisionedAt: new Date() });
    await putAsteriskObject('endpoint', closed.sipUsername, [{ attribute: 'context', value: 'from-phones' }]);
    const deleted = 'a999999-301';
    for (const type of ['auth', 'aor', 'endpoint'] as const) await putAsteriskObject(type, deleted, []);
    h.fake.addEndpoint('carrier', { context: DIALPLAN_CONTEXTS.fromTrunk });
    h.fake.addEndpoint('a888888-401', { context: 'from-phones' });
    const mark = h.fake.seq;

    await reconnect();
    await until(async () => ((await asteriskObject('aor', deleted)) ? undefined : true), 'the stale phone to go');
    await fullSync();

    for (const type of ['auth', 'aor', 'endpoint'] as const) expect(await asteriskObject(type, deleted), `${type} ${deleted}`).to.equal(undefined);
    expect(await asteriskObject('endpoint', closed.sipUsername)).to.equal(undefined);
    expect((await reload(closed)).provisionedAt).to.equal(null);
    for (const kept of ['carrier', 'alice', 'bob', 'a888888-401']) expect(await asteriskObject('endpoint', kept), kept).not.to.equal(undefined);
    for (const untouched of ['carrier', 'alice', 'bob']) {
      expect(configRequests(mark, 'DELETE', untouched).concat(configRequests(mark, 'PUT', untouched)), untouched).to.have.length(0);
    }
    expect(h.pbx.nodes[0].node.state).to.equal('up');
  });

  it('given a provisioned phone, when the cabinet changes its password and calls provisionExtension, then Asterisk gets the new digest, set_var is not added twice and provisioned_at marks the new version', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db);
    const ext = await buildExtension(h.deps.db, account, '501');
    const node = h.pbx.nodes[0].node;
    await provisionExtension(h.deps, node, ext);
    expect((await reload(ext)).provisionedAt!.getTime()).to.equal((await reload(ext)).updatedAt.getTime());

    const cred = sipMd5Cred(ext.sipUsername, 'new-password');
    await edit(ext, 'sip_md5_cred = ?', [cred]);
    const edited = await reload(ext);
    expect(edited.provisionedAt!.getTime()).to.be.below(edited.updatedAt.getTime());
    const mark = h.fake.seq;
    expect(await provisionExtension(h.deps, node, ext)).to.equal('provisioned');

    expect((await asteriskObject('auth', ext.sipUsername))!.get('md5_cred')).to.equal(cred);
    const endpointPut = configRequests(mark, 'PUT', ext.sipUsername).find((r) => r.path.includes('/endpoint/'))!;
    expect(JSON.stringify(endpointPut.body)).not.to.include('set_var');
    const after = await reload(ext);
    expect(after.updatedAt.getTime()).to.equal(edited.updatedAt.getTime());
    expect(after.provisionedAt!.getTime()).to.equal(after.updatedAt.getTime());
  });

  it('given a provisioned phone, when the cabinet deletes the extension and calls deprovisionExtension, then endpoint, auth and aor are gone', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db);
    const ext = await buildExtension(h.deps.db, account, '601');
    const node = h.pbx.nodes[0].node;
    await provisionExtension(h.deps, node, ext);
    expect(await asteriskObject('endpoint', ext.sipUsername)).not.to.equal(undefined);

    await h.deps.db.getRepository(Extension).delete(ext.id);
    await deprovisionExtension(h.deps, node, ext);

    for (const type of ['endpoint', 'auth', 'aor'] as const) expect(await asteriskObject(type, ext.sipUsername), type).to.equal(undefined);
    expect(h.fake.registerPhone(ext.sipUsername)).to.equal(false);
  });

  it('given an extension whose SIP user name changed, when provisionExtension is called with the old one, then the old phone is removed and the new one created', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db);
    const ext = await buildExtension(h.deps.db, account, '701');
    const node = h.pbx.nodes[0].node;
    await provisionExtension(h.deps, node, ext);
    const renamed = `a${account.id}-702`;
    await h.deps.db.getRepository(Extension).update(ext.id, { exten: '702', sipUsername: renamed });

    await provisionExtension(h.deps, node, ext);

    expect(await asteriskObject('endpoint', ext.sipUsername)).to.equal(undefined);
    expect((await asteriskObject('endpoint', renamed))!.get('callerid')).to.equal('"Сотрудник 701" <702>');
  });

  it('given an Asterisk without a writable sorcery wizard, when the engine reconnects, then the sync stops at the first refusals instead of trying every phone, and the node stays up', async () => {
    // Refusing before the rows exist: the sweep (every few seconds) would otherwise provision some of
    // them while a loaded machine is still writing the forty rows.
    h.fake.setSorceryWritable(false);
    try {
      const { account } = await buildAccountWithOwner(h.deps.db);
      const exts = [];
      for (let i = 0; i < 40; i++) exts.push(await buildExtension(h.deps.db, account, String(800 + i)));
      const mark = h.fake.seq;
      await reconnect();
      await until(async () => (since(mark).some((r) => r.method === 'PUT' && r.status === 403) ? true : undefined), 'a refusal');
      await fullSync();
      const refused = since(mark).filter((r) => r.method === 'PUT' && r.status === 403);
      expect(refused.length).to.be.greaterThan(0);
      // one refusal per worker (8) per run: the full sync, the one it may queue, a sweep
      expect(refused.length).to.be.below(exts.length);
      for (const ext of exts) expect((await reload(ext)).provisionedAt).to.equal(null);
      expect(h.pbx.nodes[0].node.state).to.equal('up');
    } finally {
      h.fake.setSorceryWritable(true);
    }
  });

  it('given the cabinet only writes rows, when it creates and then renames an extension, then the sweep puts the phone in Asterisk and follows the edit', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db);
    const ext = await buildExtension(h.deps.db, account, '901');
    await until(async () => (await asteriskObject('endpoint', ext.sipUsername)) && true, 'the sweep to create the phone');
    await until(async () => ((await reload(ext)).provisionedAt ? true : undefined), 'the stamp');

    await edit(ext, 'name = ?', ['Бухгалтерия']);
    await until(async () => ((await asteriskObject('endpoint', ext.sipUsername))!.get('callerid') === '"Бухгалтерия" <901>' ? true : undefined), 'the sweep to follow the edit');
    await until(async () => {
      const row = await reload(ext);
      return row.provisionedAt?.getTime() === row.updatedAt.getTime() ? true : undefined;
    }, 'provisioned_at to catch up');
  });

  it('given extensions the cabinet deleted (a deleted_extensions trace), when the sweep runs, then their phones leave Asterisk and the traces are stamped, except a name a newer extension took', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db);
    const gone = await buildExtension(h.deps.db, account, '911');
    const reused = await buildExtension(h.deps.db, account, '912');
    await provisionExtension(h.deps, h.pbx.nodes[0].node, gone);
    await provisionExtension(h.deps, h.pbx.nodes[0].node, reused);
    await h.deps.db.getRepository(Extension).delete(gone.id);
    await trace(gone, 'CURRENT_TIMESTAMP(3)');
    await trace(reused, 'CURRENT_TIMESTAMP(3) - INTERVAL 1 MINUTE');

    await h.pbx.phones.sweep();

    expect(await asteriskObject('endpoint', gone.sipUsername)).to.equal(undefined);
    expect(await asteriskObject('auth', gone.sipUsername)).to.equal(undefined);
    expect(await asteriskObject('endpoint', reused.sipUsername)).not.to.equal(undefined);
    const traces: { removedAt: Date | null }[] = await h.deps.db.query('SELECT removed_at AS removedAt FROM deleted_extensions WHERE sip_username IN (?, ?)', [gone.sipUsername, reused.sipUsername]);
    expect(traces).to.have.length(2);
    expect(traces.every((t) => t.removedAt !== null)).to.equal(true);
  });

  it('given an account with provisioned phones, when it is terminated, then the sweep removes its phones and clears provisioned_at', async () => {
    const { account } = await buildAccountWithOwner(h.deps.db, { status: 'active' });
    const ext = await buildExtension(h.deps.db, account, '921');
    await provisionExtension(h.deps, h.pbx.nodes[0].node, ext);
    await h.deps.db.query("UPDATE accounts SET status = 'terminated' WHERE id = ?", [account.id]);

    await h.pbx.phones.sweep();

    expect(await asteriskObject('endpoint', ext.sipUsername)).to.equal(undefined);
    expect((await reload(ext)).provisionedAt).to.equal(null);
  });

  async function trace(ext: Extension, deletedAt: string): Promise<void> {
    await h.deps.db.query(
      `INSERT INTO deleted_extensions (account_id, extension_id, exten, sip_username, deleted_at) VALUES (?, ?, ?, ?, ${deletedAt})`,
      [ext.accountId, ext.id, ext.exten, ext.sipUsername],
    );
  }
});
