import type { DataSource } from 'typeorm';
import type { AriNode } from '../ari/node';
import { exists } from '../reconcile';

/**
 * Recording rows an earlier process left open (it stopped mid-call, so no RecordingFinished will
 * reach anyone): once their call is over, a recording still live in Asterisk is stopped, and the
 * row ends done when Asterisk has the file, failed when it has none. Duration: unknown (null).
 */
export async function settleOrphanRecordings(node: AriNode, db: DataSource, callId: number): Promise<void> {
  const open: { id: number; asterisk_name: string }[] = await db.query("SELECT id, asterisk_name FROM recordings WHERE call_id = ? AND state = 'recording'", [callId]);
  for (const row of open) {
    const name = row.asterisk_name;
    if (await exists(() => node.request('getLiveRecording', (c) => c.recordings.getLive({ recordingName: name })))) {
      await node.request('stopRecording', (c) => c.recordings.stop({ recordingName: name })).catch(() => undefined);
    }
    const stored = await exists(() => node.request('getStoredRecording', (c) => c.recordings.getStored({ recordingName: name })));
    await db.query("UPDATE recordings SET state = ? WHERE id = ? AND state = 'recording'", [stored ? 'done' : 'failed', row.id]);
  }
}
