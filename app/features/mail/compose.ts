import { translate, type Params } from '../../web/i18n';
import type { Locale } from '../users/roles';
import type { OutgoingMail } from './mailer';

/** A plain-text e-mail from the translation keys emails.<name>.subject and emails.<name>.body. */
export function composeMail(to: string, locale: Locale, name: string, params: Params): OutgoingMail {
  return {
    to,
    subject: translate(locale, `emails.${name}.subject`, params),
    text: `${translate(locale, `emails.${name}.body`, params)}\n\n${translate(locale, 'emails.signature')}\n`,
  };
}
