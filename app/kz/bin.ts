const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

const weightedMod11 = (digits: number[], weights: number[]) => digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;

/** Whether a БИН/ИИН (12 digits) carries a correct check digit (see shared/DOMAIN.md). */
export function isValidBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const body = digits.slice(0, 11);
  let check = weightedMod11(body, FIRST_WEIGHTS);
  if (check === 10) check = weightedMod11(body, SECOND_WEIGHTS);
  return check !== 10 && check === digits[11];
}
