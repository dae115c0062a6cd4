import { expect } from 'chai';
import { isEmergencyNumber, normalizeDialled, normalizePhone } from '../../app/kz/phone';

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
    ['81049301234', '+49301234'],
    ['00 49 30 1234567', '+49301234567'],
    ['8 800 080 12 34', '+78000801234'],
  ];
  for (const [input, e164] of cases) {
    it(`reads "${input}" as ${e164}`, () => expect(normalizePhone(input)).to.equal(e164));
  }

  for (const bad of ['', 'abc', '+7 701 123', '123', '+7 701 123 45 678', '8-800-CALL-NOW', '810', '00 12']) {
    it(`refuses "${bad}"`, () => expect(normalizePhone(bad)).to.equal(null));
  }
});

describe('numbers as phones dial them', () => {
  const cases: [string, string | null, string][] = [
    ['87011234567', null, '+77011234567'],
    ['7011234567', null, '+77011234567'],
    ['+77011234567', null, '+77011234567'],
    ['81074951234567', null, '+74951234567'],
    ['2345678', '+77271112233', '+77272345678'],
    ['556677', '+77172000000', '+77172556677'],
    ['51234', '+77213300000', '+77213351234'],
  ];
  for (const [dialled, own, e164] of cases) {
    it(`given own number ${own ?? 'none'}, when a phone dials "${dialled}", then it is ${e164}`, () => expect(normalizeDialled(dialled, own)).to.equal(e164));
  }

  const unreadable: [string, string | null][] = [
    ['2345678', null],
    ['2345678', '+77011234567'],
    ['1234', '+77271112233'],
    ['*72', '+77271112233'],
    ['12345678', '+77271112233'],
  ];
  for (const [dialled, own] of unreadable) {
    it(`given own number ${own ?? 'none'}, when a phone dials "${dialled}", then it cannot be read`, () => expect(normalizeDialled(dialled, own)).to.equal(null));
  }

  for (const n of ['101', '102', '103', '104', '112']) it(`knows ${n} as an emergency number`, () => expect(isEmergencyNumber(n)).to.equal(true));
  for (const n of ['100', '105', '113', '0112', '+112']) it(`does not take ${n} for an emergency number`, () => expect(isEmergencyNumber(n)).to.equal(false));
});
