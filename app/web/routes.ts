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
import { registerScenarioRoutes } from '../features/scenarios/routes';
import { registerLifecycleRoutes } from '../features/lifecycle/routes';
import { registerBillingRoutes } from '../features/billing/routes';
import { registerServiceRoutes } from '../features/billing/services-routes';
import { registerDocumentRoutes } from '../features/documents/routes';
import { registerPromptRoutes } from '../features/prompts/routes';
import { registerRecordingSettingsRoutes } from '../features/recording-settings/routes';
import { registerLiveRoutes } from '../features/live/routes';
import { registerRecordingRoutes } from '../features/recordings/routes';
import { registerVoicemailRoutes } from '../features/voicemail/routes';
import { registerStatsRoutes } from '../features/stats/routes';

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
  registerScenarioRoutes(r, deps);
  registerLifecycleRoutes(r, deps);
  registerBillingRoutes(r, deps);
  registerServiceRoutes(r, deps);
  registerDocumentRoutes(r, deps);
  registerPromptRoutes(r, deps);
  registerRecordingSettingsRoutes(r, deps);
  registerLiveRoutes(r, deps);
  registerRecordingRoutes(r, deps);
  registerVoicemailRoutes(r, deps);
  registerStatsRoutes(r, deps);
  if (deps.config.mail.capture && deps.config.env !== 'production') registerDevMailRoutes(r, deps.config.mail.capture.dir);
}
