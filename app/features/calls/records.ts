import type { DataSource } from 'typeorm';
import { Call, CallLeg, type CallDirection, type CallDisposition, type ConsentOutcome, type LegRole, type WarningResult } from './entities';

export interface OpenCall {
  accountId: number | null;
  direction: CallDirection;
  fromNumber: string | null;
  toNumber: string | null;
  dialled: string | null;
  phoneNumberId?: number | null;
  extensionId?: number | null;
  node: string;
  channelId: string;
  startedAt: Date;
}

const UPDATABLE_COLUMNS = {
  accountId: 'account_id',
  fromNumber: 'from_number',
  toNumber: 'to_number',
  scenarioId: 'scenario_id',
  extensionId: 'extension_id',
  phoneNumberId: 'phone_number_id',
  direction: 'direction',
} as const;
type UpdatableField = keyof typeof UPDATABLE_COLUMNS;
export type CallChanges = Partial<Pick<Call, UpdatableField>>;

/** Someone took the call: a leg the engine rang (or a transfer brought in) answered. */
const REACHED_A_PERSON = `EXISTS (SELECT 1 FROM call_legs l WHERE l.call_id = calls.id AND l.role IN ('callee', 'transfer') AND l.answered_at IS NOT NULL)`;

export interface FinishCall {
  endedAt: Date;
  disposition?: CallDisposition;
  hangupCause?: number | null;
  reason?: string;
}

/**
 * The call records the engine writes as a call goes: opened at StasisStart, stamped at answer,
 * finished once. Every write is idempotent, so a re-delivered event or a reconciliation after a
 * reconnect changes nothing that was already right.
 */
export class CallRecords {
  constructor(private readonly db: DataSource) {}

  /** Opens the record for a first channel, or returns the one already open for it. */
  async open(call: OpenCall): Promise<number> {
    const result: { insertId: number } = await this.db.query(
      `INSERT INTO calls (account_id, direction, from_number, to_number, dialled, phone_number_id, extension_id, node, channel_id, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON DUPLICATE KEY UPDATE id = LAST_INSERT_ID(id)`,
      [call.accountId, call.direction, call.fromNumber, call.toNumber, call.dialled, call.phoneNumberId ?? null, call.extensionId ?? null, call.node, call.channelId, call.startedAt],
    );
    await this.addLeg(result.insertId, { channelId: call.channelId, role: 'caller', endpoint: null, number: call.fromNumber, startedAt: call.startedAt });
    return result.insertId;
  }

  /** Plain SQL: it runs at every call's setup, where the ORM's query building showed in profiles. */
  async update(callId: number, changes: CallChanges): Promise<void> {
    const fields = (Object.keys(changes) as UpdatableField[]).filter((f) => changes[f] !== undefined);
    if (fields.length === 0) return;
    await this.db.query(`UPDATE calls SET ${fields.map((f) => `${UPDATABLE_COLUMNS[f]} = ?`).join(', ')} WHERE id = ?`, [...fields.map((f) => changes[f]), callId]);
  }

  async addLeg(callId: number, leg: { channelId: string; role: LegRole; endpoint: string | null; number: string | null; startedAt: Date }): Promise<void> {
    await this.db.query(
      `INSERT IGNORE INTO call_legs (call_id, channel_id, role, endpoint, number, started_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [callId, leg.channelId, leg.role, leg.endpoint, leg.number, leg.startedAt],
    );
  }

  async legAnswered(callId: number, channelId: string, at: Date): Promise<void> {
    await this.db.query('UPDATE call_legs SET answered_at = COALESCE(answered_at, ?) WHERE call_id = ? AND channel_id = ?', [at, callId, channelId]);
  }

  async legEnded(callId: number, channelId: string, at: Date, cause: number | null): Promise<void> {
    await this.db.query('UPDATE call_legs SET ended_at = COALESCE(ended_at, ?), hangup_cause = COALESCE(hangup_cause, ?) WHERE call_id = ? AND channel_id = ?', [at, cause, callId, channelId]);
  }

  /** A party put the call on hold (`at`) or resumed it (null): what live monitoring shows. */
  async legHeld(callId: number, channelId: string, at: Date | null): Promise<void> {
    await this.db.query('UPDATE call_legs SET held_at = ? WHERE call_id = ? AND channel_id = ?', [at, callId, channelId]);
  }

  /** The call was answered by someone (a person or voicemail): billing counts from here. */
  async answered(callId: number, at: Date): Promise<void> {
    await this.db.query('UPDATE calls SET answered_at = COALESCE(answered_at, ?) WHERE id = ?', [at, callId]);
  }

  async consent(callId: number, outcome: ConsentOutcome): Promise<void> {
    await this.db.query('UPDATE calls SET consent = ? WHERE id = ?', [outcome, callId]);
  }

  /** What the recording warning came to for one party: kept so a process taking the call over knows who heard it. */
  async legWarning(callId: number, channelId: string, outcome: WarningResult): Promise<void> {
    await this.db.query('UPDATE call_legs SET warning = ? WHERE call_id = ? AND channel_id = ?', [outcome, callId, channelId]);
  }

  async recording(callId: number, recordingId: number): Promise<void> {
    await this.db.query('UPDATE calls SET recording_id = ? WHERE id = ?', [recordingId, callId]);
  }

  /**
   * Closes the record once: durations from its own times. The disposition is 'answered' only when a
   * person answered (a callee or transfer leg): the engine answering the caller for a greeting or a
   * menu does not count. Otherwise the outcome set on the way (busy, voicemail, ...), else abandoned.
   * Billable seconds still run from the caller's answer, as rating reads them.
   */
  async finish(callId: number, end: FinishCall): Promise<void> {
    await this.db.query(
      `UPDATE calls SET state = 'ended', ended_at = ?, hangup_cause = ?, end_reason = ?,
         disposition = COALESCE(?, IF(${REACHED_A_PERSON}, 'answered', NULL), disposition, 'abandoned'),
         duration_seconds = GREATEST(0, CEIL(TIMESTAMPDIFF(MICROSECOND, started_at, ?) / 1000000)),
         billable_seconds = IF(answered_at IS NULL, 0, GREATEST(0, CEIL(TIMESTAMPDIFF(MICROSECOND, answered_at, ?) / 1000000)))
       WHERE id = ? AND state = 'active'`,
      [end.endedAt, end.hangupCause ?? null, end.reason ?? null, end.disposition ?? null, end.endedAt, end.endedAt, callId],
    );
    await this.db.query('UPDATE call_legs SET ended_at = COALESCE(ended_at, ?) WHERE call_id = ?', [end.endedAt, callId]);
  }

  /** Sets the outcome while the call goes on (e.g. busy before an announcement), unless one is set. */
  async disposition(callId: number, disposition: CallDisposition): Promise<void> {
    await this.db.query('UPDATE calls SET disposition = COALESCE(disposition, ?) WHERE id = ?', [disposition, callId]);
  }

  /** Calls this node still has open: what a reconnect must check against Asterisk's channels. */
  async openOnNode(node: string): Promise<{ id: number; channelId: string }[]> {
    return this.db.getRepository(Call).find({ select: { id: true, channelId: true }, where: { node, state: 'active' } });
  }
}
