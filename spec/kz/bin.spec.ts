import { expect } from 'chai';
import { isValidBin } from '../../app/kz/bin';

describe('БИН/ИИН check digit', () => {
  it('accepts the published samples', () => {
    expect(isValidBin('990601301525')).to.equal(true);
    expect(isValidBin('890525350143')).to.equal(true);
  });

  it('refuses a number whose check digit is wrong', () => {
    expect(isValidBin('123456789012')).to.equal(false);
    expect(isValidBin('990601301526')).to.equal(false);
  });

  it('uses the second weights when the first sum gives 10', () => {
    const needsSecondPass = findBodyWithFirstPassTen();
    const second = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2].reduce((s, w, i) => s + w * Number(needsSecondPass[i]), 0) % 11;
    if (second === 10) expect(isValidBin(`${needsSecondPass}0`)).to.equal(false);
    else expect(isValidBin(`${needsSecondPass}${second}`)).to.equal(true);
    expect(isValidBin(`${needsSecondPass}${(second + 1) % 10}`)).to.equal(false);
  });

  it('refuses anything that is not exactly 12 digits', () => {
    for (const bad of ['', '99060130152', '9906013015255', '99060130152a', ' 990601301525']) expect(isValidBin(bad), bad).to.equal(false);
  });
});

function findBodyWithFirstPassTen(): string {
  for (let n = 0; n < 1_000_000; n++) {
    const body = String(n).padStart(11, '0');
    const first = [...body].reduce((s, d, i) => s + Number(d) * (i + 1), 0) % 11;
    if (first === 10) return body;
  }
  throw new Error('none found');
}
