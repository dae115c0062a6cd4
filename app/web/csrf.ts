import { csrfSync } from 'csrf-sync';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  // Multipart forms (uploads) are parsed after this check, so they carry the token in the query string.
  getTokenFromRequest: (req) =>
    (req.body?._csrf as string | undefined) ?? (req.query?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
});

/** Refuses any unsafe request without the session's token; gives every page its token. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (err) return next(new AppError(403, 'csrf_invalid', 'errors.csrf_invalid', {}, { cause: err }));
    res.locals.csrfToken = generateToken(req);
    next();
  });
};
