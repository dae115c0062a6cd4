import passport, { type PassportStatic } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { DataSource } from 'typeorm';
import { User } from '../users/entities';
import type { AuthService, SignInResult } from './service';

export type SignInFailure = Extract<SignInResult, { ok: false }>;

/** The presented shape of a signed-in user kept on req.user. */
export function sessionUser(user: User): Express.User {
  return { id: user.id, name: user.name, email: user.email, login: user.login, locale: user.locale, staffRole: user.staffRole };
}

/** A passport instance with the local strategy (login or e-mail + password) and id-only sessions. */
export function createPassport(auth: AuthService, db: DataSource): PassportStatic {
  const instance = new passport.Passport() as unknown as PassportStatic;
  instance.use(
    new LocalStrategy({ usernameField: 'login', passwordField: 'password', passReqToCallback: true }, (req, login, password, done) => {
      auth
        .authenticate(login, password, req.ip ?? 'unknown')
        .then((result) => (result.ok ? done(null, sessionUser(result.user)) : done(null, false, result as never)))
        .catch(done);
    }),
  );
  instance.serializeUser((user, done) => done(null, user.id));
  instance.deserializeUser((id: number, done) => {
    db.getRepository(User)
      .findOneBy({ id, status: 'active' })
      .then((user) => done(null, user ? sessionUser(user) : false))
      .catch(done);
  });
  return instance;
}
