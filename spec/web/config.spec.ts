import { expect } from 'chai';
import { loadConfig } from '../../app/config';

describe('configuration', () => {
  it('lists every problem at once when the environment is wrong', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', SESSION_SECRET: 'short', PORT: 'abc' }))
      .to.throw(/DATABASE_URL[\s\S]*SESSION_SECRET|SESSION_SECRET[\s\S]*DATABASE_URL/)
      .and.satisfy((err: Error) => /PORT/.test(err.message));
  });

  it('uses the local capture server only when no SMTP server is configured', () => {
    const env = { DATABASE_URL: 'mysql://u:p@h:3306/db', SESSION_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).mail.capture).to.deep.include({ port: 2525 });
    expect(loadConfig({ ...env, SMTP_URL: 'smtp://mail.example.kz:587' }).mail.capture).to.equal(undefined);
  });
});
