import { randomInt } from 'node:crypto';
import { seller } from '../documents/factory';

/** A БИН with a correct check digit, from random first eleven digits. */
export function randomBin(): string {
  for (;;) {
    const body = Array.from({ length: 11 }, () => randomInt(10));
    const weigh = (w: number[]) => body.reduce((s, d, i) => s + d * w[i], 0) % 11;
    let check = weigh([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if (check === 10) check = weigh([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
    if (check !== 10) return body.join('') + check;
  }
}

export const testSeller = { ...seller, signedBy: { position: 'Директор', name: 'Иванов И. И.' } };

