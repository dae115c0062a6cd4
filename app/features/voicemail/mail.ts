import type { Deps } from '../../deps';
import { translate } from '../../web/i18n';
import { localDateTime } from '../calls/period';
import { clock } from '../calls/presenter';
import { StoredFiles } from '../recordings/stored-files';
import type { Locale } from '../users/roles';
import { boxLabel } from './boxes';
import { messageFileName } from './presenter';

type MailDeps = Pick<Deps, 'config' | 'db' | 'logger' | 'clock' | 'mailer'>;

interface Pending {
  id: number;
  accountId: number;
  extensionId: number | null;
  box: string;
  callerNumber: string | null;
  durationSeconds: number | null;
  createdAt: Date;
  asteriskName: string;
  node: string | null;
  timeZone: string;
}

interface Recipient {
  email: string;
  locale: Locale;
}

/**
 * E-mails a saved message, with its recording, to the box's owner: once, whichever process gets
 * there first (the engine right after saving, or the job). The row is claimed by an UPDATE before
 * anything is sent, and released again when sending failed, so the next run tries again.
 * True when this call sent it.
 */
export async function deliverVoicemail(deps: MailDeps, messageId: number): Promise<boolean> {
  const claim: { affectedRows: number } = await deps.db.query('UPDATE voicemail_messages SET notified_at = ? WHERE id = ? AND notified_at IS NULL', [deps.clock.now(), messageId]);
  if (claim.affectedRows !== 1) return false;
  try {
    const message = await load(deps, messageId);
    if (!message) return false;
    await send(deps, message, await recipients(deps, message));
    return true;
  } catch (err) {
    await deps.db.query('UPDATE voicemail_messages SET notified_at = NULL WHERE id = ?', [messageId]);
    throw err;
  }
}

async function load(deps: MailDeps, id: number): Promise<Pending | undefined> {
  const [row]: Pending[] = await deps.db.query(
    `SELECT v.id, v.account_id AS accountId, v.extension_id AS extensionId, v.box, v.caller_number AS callerNumber, v.duration_seconds AS durationSeconds,
       v.created_at AS createdAt, r.asterisk_name AS asteriskName, c.node, a.time_zone AS timeZone
     FROM voicemail_messages v JOIN recordings r ON r.id = v.recording_id JOIN accounts a ON a.id = v.account_id LEFT JOIN calls c ON c.id = r.call_id
     WHERE v.id = ?`,
    [id],
  );
  return row;
}

/** The extension's user; for a shared box (or an extension nobody is linked to), the account's owners and admins. */
async function recipients(deps: MailDeps, m: Pending): Promise<Recipient[]> {
  const active = `JOIN memberships mm ON mm.user_id = u.id AND mm.account_id = ? AND mm.status = 'active'`;
  const owner: Recipient[] = await deps.db.query(
    `SELECT u.email, u.locale FROM extensions ox JOIN users u ON u.id = ox.user_id AND u.status = 'active' ${active}
     WHERE ox.account_id = ? AND (ox.id = ? OR CONCAT('ext-', ox.exten) = ?) ORDER BY ox.id = ? DESC LIMIT 1`,
    [m.accountId, m.accountId, m.extensionId, m.box, m.extensionId],
  );
  if (owner.length) return owner;
  return deps.db.query(
    `SELECT u.email, u.locale FROM users u ${active} WHERE u.status = 'active' AND mm.role IN ('owner', 'admin')`,
    [m.accountId],
  );
}

async function send(deps: MailDeps, m: Pending, to: Recipient[]): Promise<void> {
  if (!to.length) return deps.logger.warn({ messageId: m.id, accountId: m.accountId }, 'voicemail message has nobody to e-mail');
  const file = await new StoredFiles(deps.config.pbx).read({ node: m.node, name: m.asteriskName });
  if (!file) deps.logger.warn({ messageId: m.id, name: m.asteriskName }, 'voicemail file is gone: e-mail without it');
  for (const r of to) {
    const t = (key: string, params = {}) => translate(r.locale, key, params);
    const box = boxLabel(m.box);
    const params = {
      caller: m.callerNumber ?? t('voicemail.unknown_caller'),
      box: t(box.key, box.params),
      at: localDateTime(m.createdAt, m.timeZone).slice(0, 16),
      duration: clock(m.durationSeconds) || '—',
      url: `${deps.config.http.publicUrl}/a/${m.accountId}/voicemail`,
      attachment: t(file ? 'emails.voicemail_message.attached' : 'emails.voicemail_message.missing'),
    };
    await deps.mailer.send({
      to: r.email,
      subject: t('emails.voicemail_message.subject', params),
      text: `${t('emails.voicemail_message.body', params)}\n\n${t('emails.signature')}\n`,
      attachments: file ? [{ filename: messageFileName(m, m.timeZone), content: file, contentType: 'audio/wav' }] : undefined,
    });
  }
}

/** Unsent messages newer than this still get their e-mail; older ones are past being news. */
export const MAIL_WINDOW_MS = 24 * 3600_000;
const BATCH = 50;

/** Every message saved in the last day that has no e-mail yet, a batch at a time; returns how many were sent. */
export async function deliverPendingVoicemail(deps: MailDeps): Promise<number> {
  const since = new Date(deps.clock.now().getTime() - MAIL_WINDOW_MS);
  let after = 0;
  let sent = 0;
  for (;;) {
    const rows: { id: number }[] = await deps.db.query(
      'SELECT id FROM voicemail_messages WHERE notified_at IS NULL AND id > ? AND created_at >= ? ORDER BY id LIMIT ?',
      [after, since, BATCH],
    );
    for (const { id } of rows) {
      after = Number(id);
      // One failure (a node down, a bad address) must not hold up the other boxes' mail.
      if (await deliverVoicemail(deps, after).catch((err: unknown) => void deps.logger.error({ err, messageId: after }, 'voicemail e-mail failed'))) sent++;
    }
    if (rows.length < BATCH) return sent;
  }
}
