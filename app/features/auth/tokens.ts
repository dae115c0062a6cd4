import { createHash, randomBytes } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { UserToken, type TokenPurpose } from '../users/entities';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a single-use token; only its hash is stored, the raw value goes into the e-mailed link. */
export async function issueToken(em: EntityManager, userId: number, purpose: TokenPurpose, now: Date, ttlMs: number) {
  const raw = randomBytes(32).toString('base64url');
  await em.getRepository(UserToken).insert({
    userId,
    purpose,
    tokenHash: sha256(raw),
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
    usedAt: null,
  });
  return raw;
}

export type TokenCheck =
  | { state: 'valid'; token: UserToken }
  | { state: 'used' | 'expired'; token: UserToken }
  | { state: 'unknown' };

/** Says what a token from a link is, without using it. */
export async function checkToken(em: EntityManager, raw: string, purposes: TokenPurpose[], now: Date): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(raw)) return { state: 'unknown' };
  const token = await em.getRepository(UserToken).findOne({ where: { tokenHash: sha256(raw) } });
  if (!token || !purposes.includes(token.purpose)) return { state: 'unknown' };
  if (token.usedAt) return { state: 'used', token };
  if (token.expiresAt.getTime() <= now.getTime()) return { state: 'expired', token };
  return { state: 'valid', token };
}

/** Marks a token used; false if another request used it first (the update is the lock). */
export async function useToken(em: EntityManager, token: UserToken, now: Date): Promise<boolean> {
  const result = await em.getRepository(UserToken).update({ id: token.id, usedAt: IsNull() }, { usedAt: now });
  return result.affected === 1;
}

/** Voids a user's other unused tokens of a purpose, e.g. older reset links after a new one. */
export async function voidTokens(em: EntityManager, userId: number, purpose: TokenPurpose, now: Date): Promise<void> {
  await em.getRepository(UserToken).update({ userId, purpose, usedAt: IsNull() }, { usedAt: now });
}
