import type { Extension } from '../../features/extensions/entities';
import type { CallSession } from './session';
import { extensionBox, recordVoicemail } from './voicemail';

/** Asterisk's "please leave your message after the tone" (core sounds). */
const GREETING = 'sound:vm-intro';
const MAX_SECONDS = 120;

/** Nobody answered an extension with voicemail: the caller leaves a message in its box. */
export async function leaveExtensionMessage(session: CallSession, ext: Extension): Promise<void> {
  const { caller } = session;
  if (caller.snapshot?.state !== 'Up') {
    await caller.answer();
    await session.answered(caller);
  }
  const greeting = await caller.play(GREETING);
  if (greeting.outcome === 'failed') session.log.warn({ extension: ext.exten }, 'voicemail greeting missing: recording without it');
  await recordVoicemail(session, { box: extensionBox(ext.exten), extensionId: ext.id, maxSeconds: MAX_SECONDS });
}
