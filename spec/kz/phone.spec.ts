import { expect } from 'chai';
import { normalizePhone } from '../../app/kz/phone';

describe('phone numbers as people write them in Kazakhstan', () => {
  const cases: [string, string][] = [
    ['+7 701 123 45 67', '+77011234567'],
    ['8 (727) 123-45-67', '+77271234567'],
    ['87011234567', '+77011234567'],
    ['77011234567', '+77011234567'],
    ['7011234567', '+77011234567'],
    ['8 7172 55-66-77', '+77172556677'],
    ['+49 30 1234567', '+49301234567'],
    ['810 49 30 1234567', '+49301234567'],
  ];
  for (const [input, e164] of cases) {
    it(`reads "${input}" as ${e164}`, () => expect(normalizePhone(input)).to.equal(e164));
  }

  for (const bad of ['', 'abc', '+7 701 123', '123', '+7 701 123 45 678', '8-800-CALL-NOW']) {
    it(`refuses "${bad}"`, () => expect(normalizePhone(bad)).to.equal(null));
  }
});
