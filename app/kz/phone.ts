/**
 * Reads a phone number as people write it in Kazakhstan and returns E.164,
 * or null when it cannot be read: +7 701 123 45 67, 8 (727) 123-45-67,
 * 87011234567, 7011234567, and other countries' numbers with a leading +,
 * the old international prefix 810 or 00.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) {
    if (digits.startsWith('7')) return digits.length === 11 ? `+${digits}` : null;
    return international(digits);
  }
  // Before the 8-prefix rule: no number of zone 7 starts with 1, so 8 10… is always international.
  if (digits.startsWith('810')) return international(digits.slice(3));
  if (digits.startsWith('00')) return international(digits.slice(2));
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('7')) return `+7${digits}`;
  return null;
}

function international(digits: string): string | null {
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}

/** Emergency services: 101 fire, 102 police, 103 ambulance, 104 gas, 112 the single number. */
export const EMERGENCY_NUMBERS: readonly string[] = ['101', '102', '103', '104', '112'];

/** Whether a dialled number is an emergency service (never refused, whatever the account's state). */
export function isEmergencyNumber(dialled: string): boolean {
  return EMERGENCY_NUMBERS.includes(dialled.trim());
}

/**
 * What a phone dialled, as E.164: every form normalizePhone reads, and a city number dialled
 * without its area code (5 to 7 digits). That one takes the area code of `ownNumber`, the
 * caller's own city number: Kazakh area code and local number always make 10 digits, so a
 * 7-digit number dialled from +7 727 … becomes +7 727 + 7 digits, a 6-digit one from
 * +7 7172 … becomes +7 7172 + 6 digits. From a mobile number (or none) a local number is unreadable.
 */
export function normalizeDialled(dialled: string, ownNumber?: string | null): string | null {
  const full = normalizePhone(dialled);
  if (full) return full;
  if (!/^\d{5,7}$/.test(dialled)) return null;
  // Geographic area codes are 71x and 72x; 70x, 74x-77x are mobile networks.
  const national = /^\+7(7[12]\d{8})$/.exec(ownNumber ?? '')?.[1];
  if (!national) return null;
  return `+7${national.slice(0, 10 - dialled.length)}${dialled}`;
}
