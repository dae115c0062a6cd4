import type { RequestHandler } from 'express';
import { defaultLocale, isLocale, translatorFor } from './i18n';

/** Picks the page language: the session's choice, else the signed-in user's, else Russian. */
export const localeMiddleware: RequestHandler = (req, res, next) => {
  const chosen = req.session?.locale ?? req.user?.locale;
  const locale = isLocale(chosen) ? chosen : defaultLocale;
  res.locals.locale = locale;
  req.t = translatorFor(locale);
  next();
};
