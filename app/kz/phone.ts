/**
 * Reads a phone number as people write it in Kazakhstan and returns E.164,
 * or null when it cannot be read: +7 701 123 45 67, 8 (727) 123-45-67,
 * 87011234567, 7011234567, and other countries' numbers with a leading +.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    if (digits.startsWith('7')) return digits.length === 11 ? `+${digits}` : null;
    return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
  }
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('7')) return `+7${digits}`;
  if (digits.startsWith('810') && /^[1-9]\d{7,14}$/.test(digits.slice(3))) return `+${digits.slice(3)}`;
  return null;
}
