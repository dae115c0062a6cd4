import nodemailer from 'nodemailer';
import type { Logger } from '../../logger';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Sends over SMTP; `smtpUrl` is the configured server or the local capture server. */
export function createMailer(opts: { smtpUrl: string; from: string }, logger: Logger): Mailer {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: opts.from, ...mail });
      logger.info({ to: mail.to, subject: mail.subject, messageId: info.messageId }, 'mail sent');
    },
    close: () => transport.close(),
  };
}
