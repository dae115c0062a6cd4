import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { translate } from '../../web/i18n';
import type { Mailer } from '../mail/mailer';
import type { AccountRole } from '../users/roles';
import { Notification } from './entities';

export interface Notice {
  /** notifications.kinds.<kind>.title and .body are its texts; params fill them. */
  kind: string;
  params?: Record<string, string | number>;
  /** Once per account and key: a second notify with the same key does nothing. */
  dedupeKey: string;
  level?: 'info' | 'warning';
  /** Members with these roles get it by e-mail too, each in their own language. */
  emailRoles?: readonly AccountRole[];
}

/** Notices to an account's members: stored for the cabinet, e-mailed where asked, each only once. */
export class NotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger?: Logger,
  ) {}

  /** True when the notice is new; false when its dedupe key was already used. */
  async notify(accountId: number, notice: Notice): Promise<boolean> {
    const params = notice.params ?? {};
    const result: { affectedRows: number } = await this.db.query(
      'INSERT IGNORE INTO notifications (account_id, kind, params, dedupe_key, level, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [accountId, notice.kind, JSON.stringify(params), notice.dedupeKey, notice.level ?? 'info', this.clock.now()],
    );
    if (result.affectedRows === 0) return false;
    if (notice.emailRoles?.length) await this.email(accountId, notice.kind, params, notice.emailRoles);
    return true;
  }

  /** Newest first. */
  list(accountId: number, limit = 100): Promise<Notification[]> {
    return this.db.getRepository(Notification).find({ where: { accountId }, order: { id: 'DESC' }, take: limit });
  }

  async unreadCount(accountId: number): Promise<number> {
    const [row]: { n: string | number }[] = await this.db.query('SELECT COUNT(*) AS n FROM notifications WHERE account_id = ? AND read_at IS NULL', [accountId]);
    return Number(row.n);
  }

  async markAllRead(accountId: number): Promise<void> {
    await this.db.query('UPDATE notifications SET read_at = ? WHERE account_id = ? AND read_at IS NULL', [this.clock.now(), accountId]);
  }

  private async email(accountId: number, kind: string, params: Record<string, string | number>, roles: readonly AccountRole[]): Promise<void> {
    const recipients: { email: string; locale: 'ru' | 'kk' | 'en' }[] = await this.db.query(
      `SELECT u.email, u.locale FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE m.account_id = ? AND m.status = 'active' AND u.status = 'active' AND m.role IN (?)`,
      [accountId, [...roles]],
    );
    for (const r of recipients) {
      const mail = {
        to: r.email,
        subject: translate(r.locale, `notifications.kinds.${kind}.title`, params),
        text: `${translate(r.locale, `notifications.kinds.${kind}.body`, params)}\n\n${translate(r.locale, 'emails.signature')}\n`,
      };
      // A notice is stored even when mail fails; the cabinet still shows it.
      await this.mailer.send(mail).catch((err: unknown) => this.logger?.error({ err, accountId, kind }, 'notice e-mail failed'));
    }
  }
}
