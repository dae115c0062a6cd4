import type { AriNode } from '../ari/node';
import { ProvisioningInvalid, ProvisioningRefused, listEndpointIds } from './ari';
import { isPhoneEndpointId } from './fields';
import { deletePhone, provisionPhone, type ProvisioningDeps } from './phone';
import { clearProvisioned, loadDeletedPhones, loadPendingPhones, loadPhones, loadTerminatedPhones, stampRemoved, type PhoneRow } from './store';

export interface SyncResult {
  provisioned: number;
  removed: number;
  failed: number;
  /** Phones Asterisk rejected (a bad value, or an object of its pjsip.conf), by id, with the version tried. */
  rejected: Map<number, string>;
}

// Enough to hide the round trips, few enough not to crowd out call traffic on a node that just came back.
const CONCURRENCY = 8;

const empty = (): SyncResult => ({ provisioned: 0, removed: 0, failed: 0, rejected: new Map() });

/**
 * Brings one node's phones in line with the database: every extension's phone created or updated,
 * and phones the node has (ids shaped like ours) that the database no longer wants removed. The node
 * is listed before the database is read, so a phone added meanwhile is never taken for stale.
 * `stamp`: mark the rows provisioned (only right when this node is the only one).
 */
export async function syncPhones(deps: ProvisioningDeps, node: AriNode, stamp = true): Promise<SyncResult> {
  const present = (await listEndpointIds(node)).filter(isPhoneEndpointId);
  const phones = await loadPhones(deps.db);
  const result = await provisionAll(deps, [node], phones, stamp);
  const wanted = new Set(phones.map((p) => p.sipUsername));
  for (const id of present.filter((p) => !wanted.has(p))) {
    if (await removeFrom(deps, [node], id)) result.removed++;
  }
  return result;
}

/**
 * What the cabinet changed since the last look, applied to every node that is up: extensions it
 * deleted (deleted_extensions), phones of terminated accounts, and rows edited after they were
 * provisioned. A node that is down gets a full sync when it is back.
 */
export async function sweepPhones(deps: ProvisioningDeps, nodes: AriNode[], skip: (phone: PhoneRow) => boolean = () => false): Promise<SyncResult> {
  const result = empty();
  for (const gone of await loadDeletedPhones(deps.db)) {
    // A newer extension took the name: its phone stays, the pending sweep below updates it.
    if (!gone.reused && (await removeFrom(deps, nodes, gone.sipUsername))) result.removed++;
    await stampRemoved(deps.db, gone.id, deps.clock.now());
  }
  for (const name of await loadTerminatedPhones(deps.db)) if (await removeFrom(deps, nodes, name)) result.removed++;
  const provisioned = await provisionAll(deps, nodes, (await loadPendingPhones(deps.db)).filter((p) => !skip(p)), true);
  return { ...provisioned, removed: result.removed + provisioned.removed };
}

/** Provisions the rows, CONCURRENCY at a time; a phone Asterisk rejects is logged and skipped, a refusal of all stops. */
async function provisionAll(deps: ProvisioningDeps, nodes: AriNode[], phones: PhoneRow[], stamp: boolean): Promise<SyncResult> {
  const result = empty();
  await eachLimited(phones, CONCURRENCY, async (phone) => {
    try {
      result[(await provisionPhone(deps, nodes, phone.id, phone.sipUsername, stamp)) === 'provisioned' ? 'provisioned' : 'removed']++;
    } catch (err) {
      if (!(err instanceof ProvisioningInvalid) && !(err instanceof ProvisioningRefused && !err.everywhere)) throw err;
      result.failed++;
      result.rejected.set(phone.id, phone.version);
      deps.logger.warn({ err: err.message, extension: phone.id }, 'Asterisk rejected a phone');
    }
  });
  return result;
}

/** Removes a phone from the nodes; false when one of them keeps it (an object of its pjsip.conf). */
async function removeFrom(deps: ProvisioningDeps, nodes: AriNode[], sipUsername: string): Promise<boolean> {
  try {
    for (const node of nodes) await deletePhone(node, sipUsername);
    await clearProvisioned(deps.db, sipUsername);
    return true;
  } catch (err) {
    if (!(err instanceof ProvisioningRefused)) throw err;
    deps.logger.warn({ endpoint: sipUsername }, 'an endpoint named like a phone is in pjsip.conf: left alone');
    return false;
  }
}

/** Runs `work` over the items, `limit` at a time; the first failure stops the rest. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) await work(items[next++]).catch((err: unknown) => ((failed = true), Promise.reject(err)));
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Runs work one at a time; a request while it runs queues exactly one more run. */
class Serial {
  private running?: Promise<void>;
  private again = false;

  constructor(private readonly work: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.work();
    } while (this.again);
  }
}

/**
 * Keeps customers' phones in Asterisk in line with the database: a full sync of a node after each
 * (re)connection, and a sweep every few seconds for what the cabinet changed (it writes rows, never
 * ARI). Failures are logged; the next sweep or connection tries again.
 */
export class PhoneSync {
  private readonly full = new Map<AriNode, Serial>();
  private readonly sweeper = new Serial(() => this.sweepOnce());
  private timer?: NodeJS.Timeout;
  /** Phones Asterisk rejected, with the version it rejected: sweeps leave them until they change (or a full sync). */
  private readonly rejected = new Map<number, string>();
  private refusing = false;

  constructor(private readonly deps: ProvisioningDeps, private readonly nodes: AriNode[]) {
    for (const node of nodes) this.full.set(node, new Serial(() => this.fullOnce(node)));
  }

  /** A full sync of one node, now or right after the one running; resolves when done (or failed). */
  request(node: AriNode): Promise<void> {
    return this.full.get(node)?.run() ?? Promise.resolve();
  }

  /** Applies what changed in the database to the nodes that are up; resolves when done (or failed). */
  sweep(): Promise<void> {
    return this.sweeper.run();
  }

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.sweep(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async fullOnce(node: AriNode): Promise<void> {
    this.rejected.clear();
    await this.guard(node.name, () => syncPhones(this.deps, node, this.nodes.length === 1));
  }

  private async sweepOnce(): Promise<void> {
    const up = this.nodes.filter((n) => n.state === 'up');
    const skip = (phone: PhoneRow) => this.rejected.get(phone.id) === phone.version;
    if (up.length > 0) await this.guard(up.map((n) => n.name).join(','), () => sweepPhones(this.deps, up, skip), true);
  }

  private async guard(node: string, work: () => Promise<SyncResult>, quietWhenIdle = false): Promise<void> {
    const log = this.deps.logger;
    try {
      const { rejected, ...result } = await work();
      for (const [id, version] of rejected) this.rejected.set(id, version);
      if (!quietWhenIdle || result.provisioned + result.removed + result.failed > 0) log.info({ node, ...result }, 'phones in sync with the database');
      this.refusing = false;
    } catch (err) {
      if (!(err instanceof ProvisioningRefused)) return void log.warn({ err, node }, 'phone sync stopped; it runs again at the next sweep or connection');
      // Said once, not every few seconds: it lasts until someone fixes Asterisk's sorcery.conf.
      if (!this.refusing) log.error({ err, node }, 'Asterisk refuses to provision phones');
      this.refusing = true;
    }
  }
}
