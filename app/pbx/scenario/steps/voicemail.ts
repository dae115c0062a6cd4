import { randomUUID } from 'node:crypto';
import { Recording } from '../../../features/recordings/entities';
import { VoicemailMessage } from '../../../features/voicemail/entities';
import { inTransaction } from '../../../db/data-source';
import { waitForEvent } from '../../ari/wait';
import type { StepHandler } from '../context';

const DEFAULT_GREETING = { sound: 'vm-intro' } as const;

/**
 * Greeting, tone, then the caller speaks until silence, '#', the time limit or hanging up — the
 * usual way to end a message, so the recording is awaited without the hang-up signal.
 */
export const voicemail: StepHandler<'voicemail'> = async (step, ctx) => {
  const { session } = ctx;
  const accountId = session.account!.id;
  await ctx.play(step.greeting ?? DEFAULT_GREETING);
  const name = `voicemail/${accountId}/${session.callId}-${randomUUID().slice(0, 8)}`;
  const finished = waitForEvent(session.node.events, `recording:${name}`, (e) => e.type === 'RecordingFinished' || e.type === 'RecordingFailed', {
    timeoutMs: (step.maxSeconds + 10) * 1000,
  });
  finished.catch(() => undefined);
  await session.caller.request('record', (c) =>
    c.channels.record({ channelId: session.caller.id, name, format: 'wav', maxDurationSeconds: step.maxSeconds, maxSilenceSeconds: 5, beep: true, terminateOn: '#', ifExists: 'fail' }),
  );
  const event = await finished;
  if (event.type === 'RecordingFailed') throw new Error(`voicemail recording failed: ${event.cause ?? 'unknown'}`);
  const now = session.deps.clock.now();
  await inTransaction(session.deps.db, async (em) => {
    const recording = await em.getRepository(Recording).save({
      accountId, callId: session.callId, kind: 'voicemail', asteriskName: name, format: 'wav',
      durationSeconds: event.recording?.duration ?? null, state: 'done', createdAt: now,
    });
    await em.getRepository(VoicemailMessage).insert({
      accountId, box: step.box, extensionId: null, callId: session.callId, callerNumber: session.caller.snapshot?.caller?.number || null,
      recordingId: recording.id, durationSeconds: event.recording?.duration ?? null, createdAt: now, readAt: null,
    });
  });
  await session.deps.records.disposition(session.callId, 'voicemail');
  if (session.caller.isUp) await session.caller.hangup();
  return undefined;
};
