import { localDateTime } from './period';
import type { CallRow } from './service';

/** Seconds as m:ss (h:mm:ss from an hour up); nothing for a call still going. */
export function clock(seconds: number | null): string {
  if (seconds === null) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(seconds % 60)}` : `${two(m)}:${two(seconds % 60)}`;
}

/** An extension as the lists show it ("101 Айгерим"); nothing for a call without one. */
export function extensionLabel(row: { exten: string | null; extensionName: string | null }): string {
  return row.exten ? `${row.exten} ${row.extensionName ?? ''}`.trim() : '';
}

/** One call as the history page and the CSV show it; outcome and consent are translation-key suffixes. */
export function presentCall(row: CallRow, timeZone: string) {
  return {
    id: row.id,
    startedAt: localDateTime(row.startedAt, timeZone),
    /** The page has no room for seconds; the CSV keeps them. */
    startedAtMinute: localDateTime(row.startedAt, timeZone).slice(0, 16),
    direction: row.direction,
    from: row.fromNumber ?? '',
    to: row.toNumber ?? '',
    extension: extensionLabel(row),
    durationSeconds: row.durationSeconds,
    billableSeconds: row.billableSeconds,
    duration: clock(row.durationSeconds),
    talk: clock(row.billableSeconds),
    outcome: row.state === 'active' ? 'in_progress' : (row.disposition ?? 'unknown'),
    recorded: row.recordingId !== null,
    consent: row.consent,
    /** The outside party, for "call back": who called in, or who was called. */
    callBackNumber: row.direction === 'inbound' ? row.fromNumber : row.direction === 'outbound' ? row.toNumber : null,
  };
}

export type PresentedCall = ReturnType<typeof presentCall>;
