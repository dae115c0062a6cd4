/** Polls `probe` until it gives a value (not null/undefined), or fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | null | undefined> | T | null | undefined, timeoutMs = 5000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
