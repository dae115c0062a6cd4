import type { GuardedRoutes } from './access';
import { isLocale } from './i18n';
import { safeNext } from '../features/auth/routes';

/** The header's language switch: remembered in the session. */
export function registerLocaleRoutes(r: GuardedRoutes): void {
  r.get('/locale/:code', 'public', (req, res) => {
    if (isLocale(req.params.code)) req.session.locale = req.params.code;
    res.redirect(safeNext(req.query.next));
  });
}
