const IIK = /^KZ\d{2}\d{3}[0-9A-Z]{13}$/;
const BIK = /^[A-Z]{4}KZ[0-9A-Z]{2}$/;

/** Writes an ИИК as stored and checked: spaces removed, letters upper case. */
export function normalizeIik(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * Whether an ИИК (Kazakh IBAN) is well formed: KZ, 2 check digits, 3-digit bank code,
 * 13 letters or digits, and the ISO 13616 mod-97 check equals 1. Expects the normalized form.
 */
export function isValidIik(value: string): boolean {
  if (!IIK.test(value)) return false;
  return ibanMod97(value) === 1;
}

/** The ISO 13616 remainder: first four characters moved to the end, letters as 10..35, mod 97. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/**
 * Whether a БИК (the bank's SWIFT/BIC code in Kazakhstan) has the right format: 8 characters,
 * four letters for the bank, KZ, two letters or digits for the place (HSBKKZKX, CASPKZKA).
 */
export function isValidBik(value: string): boolean {
  return BIK.test(value);
}
