import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { Throttle } from '../features/auth/throttle';

/**
 * Counts every request of a kind per client address and refuses with 429 past the limit:
 * kept in MySQL (the throttles table) so all web processes share the count.
 */
export function rateLimit(db: DataSource, clock: Clock, name: string, limit: number, windowMinutes: number): RequestHandler {
  const throttle = new Throttle(db);
  return async (req, _res, next) => {
    const key = `rate:${name}:${req.ip ?? 'unknown'}`;
    const now = clock.now();
    const locked = (await throttle.lockedUntil(key, now)) ?? (await throttle.fail(key, { limit: limit + 1, windowMinutes, lockMinutes: windowMinutes }, now));
    if (locked) throw new AppError(429, 'rate_limited', 'errors.rate_limited');
    next();
  };
}
