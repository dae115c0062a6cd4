import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, notFound } from '../errors';
import type { Logger } from '../logger';
import { translatorFor, defaultLocale } from './i18n';

export const notFoundHandler: RequestHandler = () => {
  throw notFound();
};

/** The one place errors become responses: typed errors show their safe message, others a plain 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof AppError ? err : bodyParserError(err);
    if (!known) logger.error({ err, path: req.path, method: req.method }, 'unhandled error');
    const appError = known ?? new AppError(500, 'internal', 'errors.internal');
    if (appError.code === 'sign_in_required' && req.method === 'GET') {
      return res.redirect(`/signin?next=${encodeURIComponent(req.originalUrl)}`);
    }
    const t = req.t ?? translatorFor(defaultLocale);
    const message = t(appError.messageKey, appError.params);
    res.status(appError.status);
    if (req.accepts(['html', 'json']) === 'json') return res.json({ error: { code: appError.code, message } });
    res.render('errors/error', { title: t(`errors.title_${appError.status}`), status: appError.status, message, code: appError.code });
  };
}

/** body-parser reports oversized or malformed bodies as errors with a status: keep them 4xx. */
function bodyParserError(err: unknown): AppError | undefined {
  const e = err as { status?: number; type?: string };
  if (e?.type === 'entity.too.large') return new AppError(413, 'too_large', 'errors.too_large');
  if (e?.type === 'parameters.too.many') return new AppError(413, 'too_large', 'errors.too_large');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new AppError(400, 'bad_request', 'errors.bad_request');
  return undefined;
}
