import { Account } from '../../features/accounts/entities';
import { Call } from '../../features/calls/entities';
import { restoreConsent, resumeCallRecording } from '../recording';
import { extensionOfPhone } from '../transfer/feature-codes';
import type { Channel } from './channel';
import type { CallSession } from './session';
import { talk } from './talk';

/**
 * A call an earlier process left bridged (caller and one other party), taken over after a restart:
 * its account again, its consent as the call record keeps it, a recording anew only if that
 * consent allows, then the talking phase as if this process had connected it (hold, transfers).
 * Returns when the call is over.
 */
export async function resumeCall(session: CallSession, bridgeId: string, callee: Channel): Promise<void> {
  const { db } = session.deps;
  const call = await db.getRepository(Call).findOne({ select: { id: true, accountId: true, consent: true }, where: { id: session.callId } });
  session.account = call?.accountId ? await db.getRepository(Account).findOneBy({ id: call.accountId }) : null;
  if (call) session.consent = call.consent;
  await talk(session, bridgeId, session.caller, callee, async () => {
    const outside: string[] = [];
    for (const party of session.channels) if (party.isUp && !(await extensionOfPhone(session, party))) outside.push(party.id);
    await restoreConsent(session, outside);
    await resumeCallRecording(session, bridgeId);
  });
}
