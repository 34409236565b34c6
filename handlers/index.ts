import type { App } from '@slack/bolt';
import type { Logger } from '../src/logger.js';
import type { AlertActions } from '../src/services/alerts/actions.js';
import type { CustomerDirectory } from '../src/services/customers/directory.js';
import type { HomeTab } from '../src/services/customers/home.js';
import type { EnvironmentActions } from '../src/services/environment/actions.js';
import type { EnvironmentAnswers } from '../src/services/environment/answers.js';
import type { OnboardingActions } from '../src/services/onboarding/actions.js';
import type { ReportServices } from '../src/services/reports/index.js';
import type { UploadScoring } from '../src/services/uploads/index.js';
import { ALERT_ACTION_REGISTRATIONS, registerAlertHandlers } from './alert-actions.js';
import { COMMAND_REGISTRATIONS, registerCommandHandlers } from './command.js';
import { ENVIRONMENT_REGISTRATIONS, registerEnvironmentHandlers } from './environment.js';
import { HOME_REGISTRATIONS, registerHomeHandlers } from './home.js';
import { ONBOARDING_REGISTRATIONS, registerOnboardingHandlers } from './onboarding.js';
import { REPORT_ACTION_REGISTRATIONS, registerReportActionHandlers } from './report-actions.js';
import { registerUploadHandlers, UPLOAD_REGISTRATIONS } from './upload.js';

/**
 * Every listener group, registered explicitly (no globbing), each with the dependencies it needs.
 */

export interface HandlerDeps {
  alertActions: AlertActions;
  customers: CustomerDirectory;
  environment: { answers: EnvironmentAnswers; actions: EnvironmentActions };
  home: HomeTab;
  logger: Logger;
  onboardingActions: OnboardingActions;
  reports: ReportServices;
  uploads: UploadScoring;
}

export function registerHandlers(app: App, deps: HandlerDeps): void {
  registerCommandHandlers(app, { ...deps, environmentAnswers: deps.environment.answers });
  registerHomeHandlers(app, deps);
  registerReportActionHandlers(app, deps);
  registerUploadHandlers(app, deps);
  registerAlertHandlers(app, deps);
  registerEnvironmentHandlers(app, { ...deps.environment, logger: deps.logger });
  registerOnboardingHandlers(app, deps);
}

/** What the listeners above register, for test/unit/manifest.test.ts to check against manifest.yml. */
export const REGISTRATIONS = [
  COMMAND_REGISTRATIONS,
  HOME_REGISTRATIONS,
  REPORT_ACTION_REGISTRATIONS,
  UPLOAD_REGISTRATIONS,
  ALERT_ACTION_REGISTRATIONS,
  ENVIRONMENT_REGISTRATIONS,
  ONBOARDING_REGISTRATIONS,
];
