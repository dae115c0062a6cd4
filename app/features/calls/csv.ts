import type { PresentedCall } from './presenter';

/** Excel in Russian and Kazakh locales splits on ';' and reads UTF-8 only after a BOM. */
export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';

type Translate = (key: string) => string;

/**
 * A cell Excel shows as typed: quoted when it holds the separator, quotes or line breaks, and defused
 * when it would start a formula (a caller id is whatever the network sent). A plain +7… number is data.
 */
export function cell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^\+\d{1,15}$/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: (string | number | null)[]) => cells.map(cell).join(CSV_SEPARATOR) + '\r\n';

/** The header line, in the reader's language. */
export function csvHeader(t: Translate): string {
  const keys = ['started_at', 'direction', 'from', 'to', 'extension', 'duration_seconds', 'talk_seconds', 'outcome', 'recording', 'consent'];
  return line(keys.map((k) => t(`calls.csv.${k}`)));
}

/** One call a line; durations in whole seconds, so a spreadsheet can add them up. */
export function csvLine(call: PresentedCall, t: Translate): string {
  return line([
    call.startedAt,
    t(`calls.direction.${call.direction}`),
    call.from,
    call.to,
    call.extension,
    call.durationSeconds,
    call.billableSeconds,
    t(`calls.outcome.${call.outcome}`),
    t(call.recorded ? 'calls.yes' : 'calls.no'),
    t(`calls.consent.${call.consent}`),
  ]);
}
