import { localDateTime } from '../calls/period';
import { clock } from '../calls/presenter';
import { downloadName } from '../recordings/presenter';
import { boxLabel } from './boxes';
import type { MessageRow } from './service';

/** One message as the page shows it; the box is a translation key and its parameters. */
export function presentMessage(row: MessageRow, accountId: number, timeZone: string) {
  const base = `/a/${accountId}/voicemail/${row.id}`;
  return {
    id: row.id,
    receivedAt: localDateTime(row.createdAt, timeZone).slice(0, 16),
    box: boxLabel(row.box),
    caller: row.callerNumber,
    duration: clock(row.durationSeconds),
    unread: row.readAt === null,
    listenHref: `${base}/listen`,
    downloadHref: `${base}/download`,
    readAction: `${base}/read`,
    deleteAction: `${base}/delete`,
  };
}

/** "voicemail-2026-11-20_11-30_+77015550101.wav". */
export const messageFileName = (row: Pick<MessageRow, 'createdAt' | 'callerNumber'>, timeZone: string) =>
  downloadName('voicemail', row.createdAt, timeZone, row.callerNumber);
