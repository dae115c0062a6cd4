/** An error that is safe to show: HTTP status, stable code, a translation key for the message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${messageKey}`, options);
    this.name = 'AppError';
  }
}

/** The page needs a signed-in user: HTML requests are sent to the sign-in page. */
export const signInRequired = () => new AppError(401, 'sign_in_required', 'errors.sign_in_required');
export const notFound = (what = 'page') => new AppError(404, 'not_found', 'errors.not_found', { what });
export const forbidden = () => new AppError(403, 'forbidden', 'errors.forbidden');
export const badRequest = (messageKey = 'errors.bad_request') => new AppError(400, 'bad_request', messageKey);
export const conflict = (code: string, messageKey: string) => new AppError(409, code, messageKey);
export const pbxUnavailable = (cause?: unknown) =>
  new AppError(503, 'pbx_unavailable', 'errors.pbx_unavailable', {}, { cause });

/** Field-level validation failure: the form re-renders with these messages. */
export class ValidationError extends AppError {
  constructor(readonly fields: Record<string, string>) {
    super(422, 'validation_failed', 'errors.validation_failed');
    this.name = 'ValidationError';
  }
}
