/** Small readers for ARI query parameters, and the common replies. */
import type { Reply } from './router';

export const noContent: Reply = { status: 204 };

export const ok = (body: unknown): Reply => ({ status: 200, body });

export const created = (body: unknown, location: string): Reply => ({ status: 201, body, headers: { location } });

export function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? fallback : n;
}

/** allowMultiple parameters arrive comma-joined. */
export function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Body {"variables": {...}} of originate/create. */
export function variables(body: Record<string, unknown> | undefined): Record<string, string> {
  const vars = body?.variables;
  if (!vars || typeof vars !== 'object') return {};
  return Object.fromEntries(Object.entries(vars as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

let uuidCounter = 0;

/** A uuid-looking id for playbacks and snoops created without one. */
export function fakeUuid(): string {
  const n = (++uuidCounter).toString(16).padStart(12, '0');
  return `3f9d2c1e-8a4b-4c6d-9e0f-${n}`;
}
