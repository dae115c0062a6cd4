import type { Request } from 'express';

export type FlashKind = 'success' | 'info' | 'error';
export interface Flash {
  kind: FlashKind;
  key: string;
  params?: Record<string, string | number>;
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash[];
    locale?: string;
  }
}

/** Queues a message (a translation key) for the next rendered page. */
export function flash(req: Request, kind: FlashKind, key: string, params?: Flash['params']): void {
  req.session.flash = [...(req.session.flash ?? []), { kind, key, params }];
}

export function takeFlashes(req: Request): Flash[] {
  const messages = req.session?.flash ?? [];
  if (req.session) delete req.session.flash;
  return messages;
}
