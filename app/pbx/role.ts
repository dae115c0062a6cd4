import type { Deps } from '../deps';
import { CallRecords } from '../features/calls/records';
import { AriNode, type NodeState } from './ari/node';
import type { AriEvent } from './ari/event-router';
import { Dispatcher, type Flows } from './dispatcher';
import type { PbxDeps } from './deps';
import { buildFlows } from './flows';

export interface PbxRole {
  nodes: { node: AriNode; dispatcher: Dispatcher }[];
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
    const channels = await node.request('listChannels', (c) => c.channels.list());
    const live = new Map(channels.map((c) => [c.id, c as unknown as AriEvent['channel']]));
    const result = await dispatcher.reconcile(live);
    deps.logger.info({ node: node.name, ...result }, 'reconciled calls after connecting');
  } catch (err) {
    deps.logger.error({ err, node: node.name }, 'reconciliation failed');
  }
}

/** Starts the Stasis application on every configured Asterisk node. */
export function startPbx(deps: Deps, flows?: (pbx: PbxDeps) => Flows): PbxRole {
  const pbxDeps: PbxDeps = { db: deps.db, clock: deps.clock, logger: deps.logger, config: deps.config.pbx, records: new CallRecords(deps.db) };
  const nodes = deps.config.pbx.nodes.map((n) => {
    const node = new AriNode(
      {
        name: n.name,
        url: n.url,
        user: deps.config.pbx.user,
        password: deps.config.pbx.password,
        app: deps.config.pbx.app,
        requestTimeoutMs: deps.config.pbx.requestTimeoutMs,
        backoff: { initialMs: 250, maxMs: deps.config.pbx.reconnectMaxMs },
      },
      deps.logger,
    );
    const dispatcher = new Dispatcher(node, pbxDeps, (flows ?? buildFlows)(pbxDeps));
    dispatcher.start();
    node.on('state', (state: NodeState) => void reportState(deps, node, state));
    node.on('up', () => void reconcileNode(deps, node, dispatcher));
    node.start();
    return { node, dispatcher };
  });
  const heartbeat = setInterval(() => nodes.forEach(({ node }) => void reportState(deps, node, node.state)), 30_000);
  heartbeat.unref();
  return {
    nodes,
    async stop() {
      clearInterval(heartbeat);
      for (const { node, dispatcher } of nodes) {
        dispatcher.stop();
        await node.stop();
      }
    },
  };
}
