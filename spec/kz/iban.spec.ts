import { expect } from 'chai';
import { ibanMod97, isValidBik, isValidIik, normalizeIik } from '../../app/kz/iban';

describe('ИИК (Kazakh IBAN) and БИК', () => {
  it('accepts the sample ИИК and others with correct check digits', () => {
    expect(isValidIik('KZ86125KZT5004100100')).to.equal(true);
    expect(isValidIik('KZ18722S000012345678')).to.equal(true);
  });

  it('refuses a ИИК with a changed character or swapped check digits', () => {
    expect(isValidIik('KZ86125KZT5004100101')).to.equal(false);
    expect(isValidIik('KZ68125KZT5004100100')).to.equal(false);
    expect(isValidIik('KZ86125KZT5004010100')).to.equal(false);
  });

  it('refuses the wrong country, length, bank code or characters', () => {
    expect(isValidIik('DE89370400440532013000')).to.equal(false); // a valid German IBAN
    expect(ibanMod97('DE89370400440532013000')).to.equal(1);
    expect(isValidIik('KZ86125KZT500410010')).to.equal(false);
    expect(isValidIik('KZ86125KZT50041001000')).to.equal(false);
    expect(isValidIik('KZ86A25KZT5004100100')).to.equal(false);
    expect(isValidIik('KZ86125KZT50041001-0')).to.equal(false);
    expect(isValidIik('kz86125kzt5004100100')).to.equal(false);
  });

  it('accepts a ИИК as people type it once normalized', () => {
    expect(normalizeIik(' kz86 125k zt50 0410 0100 ')).to.equal('KZ86125KZT5004100100');
    expect(isValidIik(normalizeIik('kz86 125K ZT50 0410 0100'))).to.equal(true);
  });

  it('checks the БИК format: 8 characters, bank, KZ, place', () => {
    for (const bik of ['HSBKKZKX', 'CASPKZKA', 'KCJBKZKX', 'ZAJSKZ22']) expect(isValidBik(bik), bik).to.equal(true);
    for (const bik of ['HSBKKZK', 'HSBKKZKXX', 'hsbkkzkx', 'HSBKRUMM', '1SBKKZKX', '']) expect(isValidBik(bik), bik).to.equal(false);
  });
});
