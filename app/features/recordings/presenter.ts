import { localDateTime } from '../calls/period';
import { clock, extensionLabel } from '../calls/presenter';
import type { StorageUsage } from './usage';
import type { RecordingRow } from './service';

type Translate = (key: string, params?: Record<string, string | number>) => string;

const UNITS = ['b', 'kb', 'mb', 'gb', 'tb'] as const;

/** Bytes as people read them: "12,3 МБ" (1024-based, one decimal below 100). */
export function formatBytes(bytes: number, t: Translate, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) (value /= 1024), unit++;
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = value.toLocaleString(locale === 'en' ? 'en-US' : 'ru-RU', { maximumFractionDigits: digits });
  return t(`recordings.units.${UNITS[unit]}`, { n: number });
}

/** The outside party of a call: who a download's file name and the list care about. */
function otherParty(row: Pick<RecordingRow, 'direction' | 'fromNumber' | 'toNumber'>): string {
  if (row.direction === 'outbound') return row.toNumber ?? '';
  if (row.direction === 'inbound') return row.fromNumber ?? '';
  return [row.fromNumber, row.toNumber].filter(Boolean).join('-');
}

/** "recording-2026-11-20_11-30_+77015550101.wav": sorts by date in a folder, says who it was with. */
export function downloadName(prefix: string, at: Date, timeZone: string, number: string | null, format = 'wav'): string {
  const when = localDateTime(at, timeZone).slice(0, 16).replace(' ', '_').replace(':', '-');
  const who = (number ?? '').replace(/[^0-9+-]/g, '');
  return `${prefix}-${when}${who ? `_${who}` : ''}.${format}`;
}

/** One recording as the page shows it; consent is a translation-key suffix. */
export function presentRecording(row: RecordingRow, accountId: number, timeZone: string) {
  const base = `/a/${accountId}/recordings/${row.id}`;
  return {
    id: row.id,
    startedAtMinute: localDateTime(row.startedAt, timeZone).slice(0, 16),
    direction: row.direction,
    from: row.fromNumber ?? '',
    to: row.toNumber ?? '',
    extension: extensionLabel(row),
    duration: clock(row.durationSeconds),
    consent: row.consent,
    listenHref: `${base}/listen`,
    downloadHref: `${base}/download`,
    deleteAction: `${base}/delete`,
  };
}

/** The download's file name for a recording. */
export const recordingFileName = (row: RecordingRow, timeZone: string) => downloadName('recording', row.startedAt, timeZone, otherParty(row));

/** Storage against the quota, for the page's meter. */
export function presentUsage(usage: StorageUsage, t: Translate, locale: string) {
  const percent = usage.quotaBytes > 0 ? Math.min(100, Math.round((usage.usedBytes / usage.quotaBytes) * 100)) : 100;
  return {
    used: formatBytes(usage.usedBytes, t, locale),
    quota: formatBytes(usage.quotaBytes, t, locale),
    usedBytes: usage.usedBytes,
    quotaBytes: usage.quotaBytes,
    percent,
    full: usage.usedBytes >= usage.quotaBytes,
  };
}
