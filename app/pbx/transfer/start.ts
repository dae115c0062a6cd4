import type { Channel } from '../call/channel';
import { findExtension } from '../call/extension-dial';
import { AttendedTransfer } from './attended';
import { BlindTransfer } from './blind';
import type { Conversation } from './conversation';
import { extensionOfPhone, type FeatureCode } from './feature-codes';
import { TRANSFER_SOUNDS } from './sounds';

/**
 * A feature code was keyed: only a phone of the account may transfer, only a two-party call can
 * be transferred, and only to another extension of the account. A wrong number is told to the
 * presser alone and changes nothing.
 */
export async function startFeatureTransfer(conversation: Conversation, presser: Channel, code: FeatureCode): Promise<void> {
  const log = conversation.log.child({ presser: presser.id, feature: code.kind, exten: code.exten });
  const from = await extensionOfPhone(conversation.session, presser);
  if (!from) return log.info('feature code from a party that is not one of the account\'s phones: ignored');
  const others = conversation.otherParties(presser);
  if (others.length !== 1) return log.info({ others: others.length }, 'feature code needs exactly one other party: ignored');
  const target = await findExtension(conversation.session, code.exten);
  if (!target || target.id === from.id) {
    log.info('feature code names no other extension of the account');
    await presser.play(`sound:${TRANSFER_SOUNDS.invalidTarget}`).catch(() => undefined);
    return;
  }
  const transferee = others[0].channel;
  const operation =
    code.kind === 'blind'
      ? new BlindTransfer(conversation, { via: 'feature-code', exten: target.exten, transferee, transferer: presser, target })
      : new AttendedTransfer(conversation, { transferer: presser, transfererExtension: from, transferee, target });
  conversation.runOperation(operation, `${code.kind} transfer by feature code`);
}
