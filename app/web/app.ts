import express, { type Express } from 'express';
import helmet from 'helmet';
import path from 'node:path';
import type { Deps } from '../deps';
import { AuthService } from '../features/auth/service';
import { createPassport } from '../features/auth/passport';
import { guardedRoutes } from './access';
import { csrfProtection } from './csrf';
import { errorHandler, notFoundHandler } from './error-handler';
import { takeFlashes } from './flash';
import { localeMiddleware } from './locale';
import { createSession } from './session';
import { setupViews } from './views';
import { registerFeatureRoutes } from './routes';

export interface WebApp {
  app: Express;
  close(): Promise<void>;
}

/** Assembles the cabinet, the support console and (later) the REST API on one express app. */
export function createWebApp(deps: Deps): WebApp {
  const app = express();
  app.set('trust proxy', deps.config.http.trustProxy);
  app.disable('x-powered-by');
  setupViews(app);
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  app.use('/static', express.static(path.resolve(__dirname, 'public'), { maxAge: '1h' }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }));
  const session = createSession(deps.config);
  app.use(session.middleware);
  const auth = new AuthService(deps);
  const passport = createPassport(auth, deps.db);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(localeMiddleware);
  app.use(csrfProtection);
  app.use((req, res, next) => {
    res.locals.currentUser = req.user;
    res.locals.isStaff = Boolean(req.user?.staffRole);
    // Taken when a page renders them, not by every request: an <audio> or file fetch must not eat them.
    let flashes: ReturnType<typeof takeFlashes> | undefined;
    Object.defineProperty(res.locals, 'flashes', { enumerable: true, configurable: true, get: () => (flashes ??= takeFlashes(req)), set: (v) => (flashes = v) });
    res.locals.currentPath = req.originalUrl;
    next();
  });
  const router = express.Router();
  registerFeatureRoutes(guardedRoutes(router, deps.db), { ...deps, auth, passport });
  app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return { app, close: () => session.close() };
}
