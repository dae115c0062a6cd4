import type { PassportStatic } from 'passport';
import type { Deps } from '../deps';
import type { AuthService } from '../features/auth/service';
import type { GuardedRoutes } from './access';
import { registerAuthRoutes } from '../features/auth/routes';
import { registerDashboardRoutes } from '../features/dashboard/routes';
import { registerUserRoutes } from '../features/users/routes';
import { registerOnboardingRoutes } from '../features/onboarding/routes';
import { registerSupportRoutes } from '../features/support/routes';
import { registerDevMailRoutes } from '../features/mail/routes';
import { registerLocaleRoutes } from './locale-routes';
import { registerListRoutes } from '../features/lists/routes';
import { registerNumberRoutes } from '../features/numbers/routes';
import { registerExtensionRoutes } from '../features/extensions/routes';
import { registerCallHistoryRoutes } from '../features/calls/routes';
import { registerNotificationRoutes } from '../features/notifications/routes';

export interface RouteDeps extends Deps {
  auth: AuthService;
  passport: PassportStatic;
}

/** Every feature's routes, in one list. */
export function registerFeatureRoutes(r: GuardedRoutes, deps: RouteDeps): void {
  registerLocaleRoutes(r);
  registerAuthRoutes(r, deps);
  registerDashboardRoutes(r, deps);
  registerUserRoutes(r, deps);
  registerOnboardingRoutes(r, deps);
  registerSupportRoutes(r, deps);
  registerListRoutes(r, deps);
  registerNumberRoutes(r, deps);
  registerExtensionRoutes(r, deps);
  registerCallHistoryRoutes(r, deps);
  registerNotificationRoutes(r, deps);
  if (deps.config.mail.capture && deps.config.env !== 'production') registerDevMailRoutes(r, deps.config.mail.capture.dir);
}
