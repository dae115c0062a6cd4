import type { NextFunction, Request, Response } from 'express';
import type { RouteDeps } from '../../web/routes';
import type { GuardedRoutes } from '../../web/access';
import { ValidationError } from '../../errors';
import { flash } from '../../web/flash';
import { rateLimit } from '../../web/rate-limit';
import { parseForm, withoutSecrets } from '../../web/forms';
import type { SignInFailure } from './passport';
import { activationForm, changePasswordForm, emailForm, passwordPair, signInForm, signUpForm } from './schemas';

/** Only same-site paths: `next` must not send a user to another host. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

function formFailure(res: Response, view: string, errors: Record<string, string>, values: Record<string, unknown>, extra = {}) {
  res.status(422).render(view, { errors, values, ...extra });
}

/** Sign-up, activation, sign-in and out, password reset and change. */
export function registerAuthRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  const { auth } = deps;
  // Each of these sends an e-mail: an address gets a handful an hour, not a mail cannon.
  const mailLimit = (name: string) => rateLimit(deps.db, deps.clock, name, deps.config.auth.mailRequestsPerHour, 60);

  r.get('/signup', 'guest', (req, res) => res.render('auth/signup', { values: {} }));
  r.post('/signup', 'guest', mailLimit('signup'), async (req, res) => {
    const form = parseForm(signUpForm, req.body);
    if (!form.ok) return formFailure(res, 'auth/signup', form.errors, form.values);
    try {
      const user = await auth.signUp({ ...form.data, locale: res.locals.locale }, req.ip ?? null);
      res.render('auth/signup-done', { email: user.email });
    } catch (err) {
      if (err instanceof ValidationError) return formFailure(res, 'auth/signup', err.fields, withoutSecrets(req.body));
      throw err;
    }
  });

  r.post('/activation/resend', 'public', mailLimit('resend'), async (req, res) => {
    const form = parseForm(emailForm, req.body);
    if (!form.ok) return formFailure(res, 'auth/link-state', form.errors, form.values, { state: 'expired' });
    await auth.resendActivation(form.data.email);
    res.render('auth/signup-done', { email: form.data.email, resent: true });
  });

  r.get('/activate/:token', 'public', async (req, res) => {
    const check = await auth.checkActivation(String(req.params.token));
    if (check.state !== 'valid') return res.status(410).render('auth/link-state', { state: check.state, kind: 'activation' });
    res.render('auth/activate', { values: {}, token: req.params.token });
  });
  r.post('/activate/:token', 'public', async (req, res) => {
    const token = String(req.params.token);
    const form = parseForm(activationForm, req.body);
    if (!form.ok) return formFailure(res, 'auth/activate', form.errors, form.values, { token });
    try {
      const state = await auth.activate(token, form.data.login, form.data.password, req.ip ?? null);
      if (state !== 'activated') return res.status(410).render('auth/link-state', { state, kind: 'activation' });
      flash(req, 'success', 'auth.activate.done');
      res.redirect('/signin');
    } catch (err) {
      if (err instanceof ValidationError) return formFailure(res, 'auth/activate', err.fields, withoutSecrets(req.body), { token });
      throw err;
    }
  });

  r.get('/signin', 'guest', (req, res) => res.render('auth/signin', { values: {}, next: safeNext(req.query.next) }));
  r.post('/signin', 'guest', (req, res, next) => signIn(deps, req, res, next));

  r.post('/signout', 'signed-in', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.redirect('/signin'));
    });
  });

  r.get('/password/forgot', 'public', (req, res) => res.render('auth/forgot', { values: {} }));
  r.post('/password/forgot', 'public', mailLimit('forgot'), async (req, res) => {
    const form = parseForm(emailForm, req.body);
    if (!form.ok) return formFailure(res, 'auth/forgot', form.errors, form.values);
    await auth.requestPasswordReset(form.data.email, req.ip ?? null);
    res.render('auth/forgot', { values: {}, sent: true });
  });

  r.get('/password/reset/:token', 'public', async (req, res) => {
    const check = await auth.checkReset(String(req.params.token));
    if (check.state !== 'valid') return res.status(410).render('auth/link-state', { state: check.state, kind: 'reset' });
    res.render('auth/reset', { token: req.params.token });
  });
  r.post('/password/reset/:token', 'public', async (req, res) => {
    const token = String(req.params.token);
    const form = parseForm(passwordPair, req.body);
    if (!form.ok) return formFailure(res, 'auth/reset', form.errors, {}, { token });
    const state = await auth.resetPassword(token, form.data.password, req.ip ?? null);
    if (state !== 'reset') return res.status(410).render('auth/link-state', { state, kind: 'reset' });
    flash(req, 'success', 'auth.reset.done');
    res.redirect('/signin');
  });

  r.get('/profile/password', 'signed-in', (req, res) => res.render('auth/change-password', {}));
  r.post('/profile/password', 'signed-in', async (req, res) => {
    const form = parseForm(changePasswordForm, req.body);
    if (!form.ok) return formFailure(res, 'auth/change-password', form.errors, {});
    try {
      await auth.changePassword(req.user!.id, form.data.currentPassword, form.data.password, req.ip ?? null);
    } catch (err) {
      if (err instanceof ValidationError) return formFailure(res, 'auth/change-password', err.fields, {});
      throw err;
    }
    flash(req, 'success', 'auth.change_password.done');
    res.redirect('/');
  });
}

function signIn(deps: RouteDeps, req: Request, res: Response, next: NextFunction) {
  const form = parseForm(signInForm, req.body);
  const nextPath = safeNext(req.body?.next);
  if (!form.ok) return formFailure(res, 'auth/signin', form.errors, form.values, { next: nextPath });
  deps.passport.authenticate('local', (err: unknown, user: Express.User | false, failure: SignInFailure | undefined) => {
    if (err) return next(err);
    if (!user) {
      const reason = failure?.reason ?? 'invalid';
      const until = failure?.reason === 'locked' ? failure.until : undefined;
      const status = reason === 'locked' ? 429 : 401;
      return res.status(status).render('auth/signin', { values: withoutSecrets(req.body), next: nextPath, failure: reason, until });
    }
    req.login(user, (loginErr) => (loginErr ? next(loginErr) : res.redirect(nextPath)));
  })(req, res, next);
}
