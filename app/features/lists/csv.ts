import { parse } from 'csv-parse/sync';
import { normalizePhone } from '../../kz/phone';

export interface CsvRow {
  e164: string;
  comment: string | null;
}
export interface CsvProblem {
  line: number;
  value: string;
}

/** Reads "number,comment" lines (a header line is allowed, ; or , separated); unreadable numbers are reported by line. */
export function readListCsv(text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  const delimiter = text.split('\n', 1)[0].includes(';') ? ';' : ',';
  const records: string[][] = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  records.forEach((record, index) => {
    const [raw = '', comment = ''] = record;
    if (index === 0 && /^[^\d+]*$/.test(raw)) return; // a header such as "number" or "номер"
    const e164 = normalizePhone(raw);
    if (e164) rows.push({ e164, comment: comment.slice(0, 500) || null });
    else problems.push({ line: index + 1, value: raw.slice(0, 40) });
  });
  return { rows, problems };
}

const quote = (s: string) => (/[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** "number,comment" with a header, one entry a line. */
export function writeListCsv(entries: { e164: string; comment: string | null }[]): string {
  return ['number,comment', ...entries.map((e) => `${e.e164},${quote(e.comment ?? '')}`)].join('\r\n') + '\r\n';
}
