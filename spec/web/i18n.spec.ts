import { expect } from 'chai';
import { keysOf, translate } from '../../app/web/i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('has every Russian key in Kazakh and English, and no extra ones', () => {
    const ru = keysOf('ru').sort();
    expect(keysOf('kk').sort()).to.deep.equal(ru);
    expect(keysOf('en').sort()).to.deep.equal(ru);
  });

  it('keeps every placeholder of a Russian string in its translations', () => {
    for (const key of keysOf('ru')) {
      const expected = placeholders(translate('ru', key));
      expect(placeholders(translate('kk', key)), `kk ${key}`).to.deep.equal(expected);
      expect(placeholders(translate('en', key)), `en ${key}`).to.deep.equal(expected);
    }
  });

  it('fills placeholders and falls back to the key itself when a string is missing', () => {
    expect(translate('ru', 'users.invited', { email: 'a@b.kz' })).to.contain('a@b.kz');
    expect(translate('en', 'no.such.key')).to.equal('no.such.key');
  });
});
