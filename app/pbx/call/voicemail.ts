import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/data-source';
import { Recording } from '../../features/recordings/entities';
import { recordingBytes } from '../../features/recordings/usage';
import { VoicemailMessage } from '../../features/voicemail/entities';
import { waitForEvent } from '../ari/wait';
import type { CallSession } from './session';

export interface VoicemailBox {
  /** An extension's own box is "ext-<exten>"; a scenario names shared ones. */
  box: string;
  extensionId: number | null;
  maxSeconds: number;
}

/** The box of an extension, as its voicemail after forwarding and the cabinet's list name it. */
export const extensionBox = (exten: string) => `ext-${exten}`;

/**
 * After the greeting: the tone, then the caller speaks until silence, '#', the time limit or
 * hanging up — the usual way to end a message, so the recording is awaited without the hang-up
 * signal. The message is kept with the caller's number and the time, and the caller hung up on.
 */
export async function recordVoicemail(session: CallSession, target: VoicemailBox): Promise<void> {
  const accountId = session.account!.id;
  const name = `voicemail/${accountId}/${session.callId}-${randomUUID().slice(0, 8)}`;
  const finished = waitForEvent(session.node.events, `recording:${name}`, (e) => e.type === 'RecordingFinished' || e.type === 'RecordingFailed', {
    timeoutMs: (target.maxSeconds + 10) * 1000,
  });
  finished.catch(() => undefined);
  await session.caller.request('record', (c) =>
    c.channels.record({ channelId: session.caller.id, name, format: 'wav', maxDurationSeconds: target.maxSeconds, maxSilenceSeconds: 5, beep: true, terminateOn: '#', ifExists: 'fail' }),
  );
  const event = await finished;
  if (event.type === 'RecordingFailed') throw new Error(`voicemail recording failed: ${event.cause ?? 'unknown'}`);
  const now = session.deps.clock.now();
  const durationSeconds = event.recording?.duration ?? null;
  const messageId = await inTransaction(session.deps.db, async (em) => {
    const recording = await em.getRepository(Recording).save({
      accountId, callId: session.callId, kind: 'voicemail', asteriskName: name, format: 'wav', durationSeconds, state: 'done', createdAt: now,
      sizeBytes: durationSeconds === null ? null : recordingBytes({ sizeBytes: null, durationSeconds }),
    });
    const message = await em.getRepository(VoicemailMessage).save({
      accountId, box: target.box, extensionId: target.extensionId, callId: session.callId, callerNumber: session.caller.snapshot?.caller?.number || null,
      recordingId: recording.id, durationSeconds, createdAt: now, readAt: null, notifiedAt: null,
    });
    return message.id;
  });
  session.deps.voicemailSaved?.(messageId);
  await session.deps.records.disposition(session.callId, 'voicemail');
  if (session.caller.isUp) await session.caller.hangup();
}
