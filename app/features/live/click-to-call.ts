import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { AppError, pbxUnavailable } from '../../errors';
import { CHANNEL_VARS, CLICK_TO_CALL_ARG, DIALPLAN_CONTEXTS } from '../../pbx/contract';
import { accountGate } from '../../pbx/flows/account-gate';
import { Account } from '../accounts/entities';
import { audit } from '../audit/service';
import { Extension } from '../extensions/entities';
import type { AriRest, PbxNodeConfig } from './ari-rest';
import type { Actor } from './end-call';

/** How long the employee's own phone rings before the attempt is given up. */
export const CLICK_TO_CALL_RING_SECONDS = 30;
/** A pbx process reports its node every 30 s: a report older than this is not believed. */
const NODE_FRESH_MS = 90_000;

/** Why the cabinet did not ring the phone; each is a translation key under live.click.refused. */
export class ClickToCallRefused extends AppError {
  constructor(readonly reason: 'suspended' | 'no_funds' | 'no_extension') {
    super(409, `click_to_call_${reason}`, `live.click.refused.${reason}`);
  }
}

/** The extensions a member may ring: any of the account's for those who manage telephony, else their own. */
export function extensionsFor(db: DataSource, accountId: number, userId: number, anyExtension: boolean): Promise<Extension[]> {
  return db.getRepository(Extension).find({ where: anyExtension ? { accountId } : { accountId, userId }, order: { exten: 'ASC' } });
}

/** The node to ring through: the first configured one a pbx process reports connected. */
async function liveNode(db: DataSource, ari: AriRest, nodes: PbxNodeConfig[], now: Date): Promise<PbxNodeConfig> {
  const up: { name: string }[] = await db.query("SELECT name FROM pbx_nodes WHERE state = 'up' AND seen_at > ?", [new Date(now.getTime() - NODE_FRESH_MS)]);
  const node = nodes.find((n) => up.some((u) => u.name === n.name));
  if (!node) throw pbxUnavailable(new Error('no PBX node reports connected'));
  return ari.node(node.name);
}

/**
 * Rings the member's extension; once it answers, the engine (flows/click-to-call.ts) calls the
 * number as if the phone had dialled it. Refused here already when the account may not call out,
 * so nobody's phone rings for a call that cannot go through.
 */
export async function clickToCall(
  deps: { db: DataSource; clock: Clock; ari: AriRest; nodes: PbxNodeConfig[] },
  input: { accountId: number; extensionId: number; number: string; anyExtension: boolean },
  actor: Actor,
): Promise<void> {
  const account = await deps.db.getRepository(Account).findOneByOrFail({ id: input.accountId });
  const gate = accountGate(account);
  if (!gate.open) throw new ClickToCallRefused(gate.reason);
  const allowed = await extensionsFor(deps.db, input.accountId, actor.userId, input.anyExtension);
  const ext = allowed.find((e) => e.id === input.extensionId);
  if (!ext) throw new ClickToCallRefused('no_extension');
  const node = await liveNode(deps.db, deps.ari, deps.nodes, deps.clock.now());
  const channelId = await deps.ari.originate(node, {
    endpoint: `PJSIP/${ext.sipUsername}`,
    appArgs: [CLICK_TO_CALL_ARG, input.number],
    callerId: input.number,
    timeoutSeconds: CLICK_TO_CALL_RING_SECONDS,
    formats: account.codecs,
    variables: { [CHANNEL_VARS.callerEndpoint]: ext.sipUsername, [CHANNEL_VARS.transferContext]: DIALPLAN_CONTEXTS.transfers },
    channelId: `c2c-${randomUUID()}`,
  });
  await audit(deps.db.manager, deps.clock.now(), {
    action: 'call.click_to_call', accountId: input.accountId, actorUserId: actor.userId, ip: actor.ip, targetType: 'extension', targetId: ext.id,
    details: { number: input.number, node: node.name, channelId },
  });
}
