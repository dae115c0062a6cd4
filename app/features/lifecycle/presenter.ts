import { formatBytes } from '../recordings/presenter';
import type { AccountArchive } from './entities';

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** What the archive page shows: nothing yet (none / preparing), the archive to download, or that it is gone. */
export function presentArchive(accountId: number, serviceEndedAt: Date | null, archive: AccountArchive | null, t: Translate, locale: string) {
  if (archive?.deletedAt) return { state: 'deleted' as const, deletedAt: archive.deletedAt };
  if (archive) {
    return {
      state: 'ready' as const,
      createdAt: archive.createdAt,
      expiresAt: archive.expiresAt,
      size: formatBytes(Number(archive.sizeBytes), t, locale),
      sha256: archive.sha256,
      downloadHref: `/a/${accountId}/archive/download`,
    };
  }
  return serviceEndedAt ? { state: 'preparing' as const, endedAt: serviceEndedAt } : { state: 'none' as const };
}

/** The download's file name: says whose data and from when. */
export const archiveDownloadName = (accountId: number, archive: AccountArchive) =>
  `vpbx-account-${accountId}-${archive.createdAt.toISOString().slice(0, 10)}.zip`;
