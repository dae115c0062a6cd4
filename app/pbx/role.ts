import type { Deps } from '../deps';
import { CallRecords } from '../features/calls/records';
import { deliverVoicemail } from '../features/voicemail/mail';
import { AriNode, type NodeState } from './ari/node';
import { Dispatcher, type Flows } from './dispatcher';
import type { PbxDeps } from './deps';
import { buildFlows } from './flows';
import { PhoneSync } from './provisioning';

export interface PbxRole {
  nodes: { node: AriNode; dispatcher: Dispatcher }[];
  /** Customers' phones in Asterisk: full sync per node, sweeps for what the cabinet changed. */
  phones: PhoneSync;
  stop(): Promise<void>;
}

/** Records a node's state where any web process can read it (the cabinet shows the PBX offline). */
async function reportState(deps: Deps, node: AriNode, state: NodeState): Promise<void> {
  const now = deps.clock.now();
  await deps.db
    .query(
      `INSERT INTO pbx_nodes (name, url, state, changed_at, seen_at) VALUES (?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE url = VALUES(url), state = VALUES(state), changed_at = VALUES(changed_at), seen_at = VALUES(seen_at)`,
      [node.name, node.options.url, state, now, now],
    )
    .catch((err: unknown) => deps.logger.warn({ err, node: node.name }, 'could not record PBX node state'));
}

async function reconcileNode(deps: Deps, node: AriNode, dispatcher: Dispatcher): Promise<void> {
  try {
    const result = await dispatcher.reconcile();
    deps.logger.info({ node: node.name, ...result }, 'reconciled calls after connecting');
  } catch (err) {
    deps.logger.error({ err, node: node.name }, 'reconciliation failed');
  }
}

/** After every (re)connection: calls first (people are waiting), then the phones the node may have lost or missed. */
async function onNodeUp(deps: Deps, node: AriNode, dispatcher: Dispatcher, phones?: PhoneSync): Promise<void> {
  await reconcileNode(deps, node, dispatcher);
  await phones?.request(node);
}

export interface PbxOptions {
  /** Keep customers' phones in Asterisk in line with the database (default). Off for a bench on a shared Asterisk. */
  syncPhones?: boolean;
  /** How often to look for what the cabinet changed (it writes rows, the pbx role provisions them). */
  phoneSweepMs?: number;
}

const PHONE_SWEEP_MS = 3000;

function createNode(deps: Deps, n: { name: string; url: string }): AriNode {
  const pbx = deps.config.pbx;
  return new AriNode(
    {
      name: n.name,
      url: n.url,
      user: pbx.user,
      password: pbx.password,
      app: pbx.app,
      requestTimeoutMs: pbx.requestTimeoutMs,
      backoff: { initialMs: 250, maxMs: pbx.reconnectMaxMs },
      pingIntervalMs: Math.max(1000, pbx.requestTimeoutMs),
    },
    deps.logger,
  );
}

/** Starts the Stasis application on every configured Asterisk node, and keeps their phones in sync. */
export function startPbx(deps: Deps, flows?: (pbx: PbxDeps) => Flows, options: PbxOptions = {}): PbxRole {
  const pbxDeps: PbxDeps = {
    db: deps.db, clock: deps.clock, logger: deps.logger, config: deps.config.pbx, records: new CallRecords(deps.db),
    voicemailSaved: (id) => void deliverVoicemail(deps, id).catch((err: unknown) => deps.logger.warn({ err, messageId: id }, 'voicemail e-mail deferred to the job')),
  };
  const created = deps.config.pbx.nodes.map((n) => createNode(deps, n));
  const phones = new PhoneSync(deps, created);
  const syncing = options.syncPhones !== false;
  const nodes = created.map((node) => {
    const dispatcher = new Dispatcher(node, pbxDeps, (flows ?? buildFlows)(pbxDeps));
    dispatcher.start();
    // One write at a time: quick flips (connecting, up) must land in the order they happened.
    let reported = Promise.resolve();
    node.on('state', (state: NodeState) => void (reported = reported.then(() => reportState(deps, node, state))));
    node.on('up', () => void onNodeUp(deps, node, dispatcher, syncing ? phones : undefined));
    node.start();
    return { node, dispatcher };
  });
  if (syncing) phones.start(options.phoneSweepMs ?? PHONE_SWEEP_MS);
  const heartbeat = setInterval(() => nodes.forEach(({ node }) => void reportState(deps, node, node.state)), 30_000);
  heartbeat.unref();
  return {
    nodes,
    phones,
    async stop() {
      clearInterval(heartbeat);
      phones.stop();
      for (const { node, dispatcher } of nodes) {
        dispatcher.stop();
        await node.stop();
      }
    },
  };
}
