import type { AlertConfig } from '../../config.js';
import { primaryContact } from '../../db/customers.js';
import type { Repos } from '../../db/index.js';
import type { OnboardingMetrics } from '../../domain/onboarding/metrics.js';
import type { Logger } from '../../logger.js';
import type { SlackGateway } from '../../slack/gateway.js';
import { createKeyedLock, type KeyedLock } from '../../util/keyed-lock.js';
import { createTimeZones } from '../time-zones.js';
import type { AlertTemplates } from './templates.js';

/**
 * What every alert use case shares: storage, the Slack port, settings, the clock, and two lookups
 * (the customer as alerts see it, the recipient's time zone, cached per instance).
 */

export interface AlertingDeps {
  repos: Repos;
  slack: SlackGateway;
  config: AlertConfig;
  /** Troubleshooting steps per integration type (templates/steps/). */
  templates: AlertTemplates;
  /** Queues the fix-instructions email of `outreachKey` (an Agenda job with retries). */
  scheduleEmail(outreachKey: string): Promise<void>;
  /** The new-integration metrics of a CSM's portfolio, for the digest (absent: the digest leaves them out). */
  onboardingMetricsFor?(csmUserId: string): Promise<OnboardingMetrics | null>;
  logger: Logger;
  now?: () => number;
}

export interface CustomerContext {
  id: string;
  name: string;
  externalId: string | null;
  arrUsd: number | null;
  csmUserId: string | null;
  contact: { name: string | null; email: string; role: string | null } | null;
}

export interface AlertContext extends Omit<AlertingDeps, 'now'> {
  now: () => number;
  customerContext(customerId: string): Promise<CustomerContext | null>;
  /** The recipient's IANA zone from Slack (cached); UTC for channels and unknown users. */
  timeZoneOf(recipient: string): Promise<string>;
  /** The CSM, else the fallback channel; null when there is neither. */
  recipientOf(i: { csmUserId: string | null }): string | null;
  /** One Slack refresh at a time per incident (see deliver.ts). */
  refreshLock: KeyedLock;
}

export function fixEmailKey(incidentId: string): string {
  return `fix-email:${incidentId}`;
}

export function createAlertContext(deps: AlertingDeps): AlertContext {
  const { repos, slack, config, logger } = deps;
  const now = deps.now ?? Date.now;
  const timeZoneOf = createTimeZones({ slack, logger, now });

  async function customerContext(customerId: string): Promise<CustomerContext | null> {
    const d = await repos.customers.findById(customerId);
    if (!d) return null;
    const primary = primaryContact(d);
    return {
      id: d.id,
      name: d.name,
      externalId: d.externalId,
      arrUsd: d.arrUsd,
      csmUserId: d.csmUserId,
      contact: primary ? { name: primary.name, email: primary.email, role: primary.role } : null,
    };
  }

  return {
    ...deps,
    now,
    customerContext,
    timeZoneOf,
    recipientOf: (i) => i.csmUserId ?? config.fallbackChannelId,
    refreshLock: createKeyedLock(),
  };
}
