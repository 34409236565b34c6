import { isValidObjectId } from 'mongoose';
import { type CalendarService, createCalendarService } from '../adapters/calendar.js';
import { createGoogleAuth, describeGoogleSetup } from '../adapters/google-auth.js';
import type { Config } from '../config.js';
import type { Repos } from '../db/index.js';
import type { HealthReport } from '../domain/report/types.js';
import { createReportDrafts, type ReportDrafts } from './report-drafts.js';
import { createRiskSignals, type RiskSignals } from './risk-signals.js';
import { createTicketing, type Ticketing } from './ticketing.js';

/**
 * Everything the four report buttons need, built once by the composition root: the stored report by id,
 * the customer's contacts, tickets, risk signals, report drafts, Calendar (null without Google
 * credentials) and short-lived action claims against double clicks.
 */

export interface StoredReportRef {
  id: string;
  customerId: string;
  report: HealthReport;
}

export interface CustomerContacts {
  id: string;
  name: string;
  csmSlackUserId: string | null;
  contacts: { name: string; email: string; role: string | null }[];
}

export interface ReportActionServices {
  loadReport(reportId: string): Promise<StoredReportRef | null>;
  customer(customerId: string): Promise<CustomerContacts | null>;
  ticketing: Ticketing;
  riskSignals: RiskSignals;
  drafts: ReportDrafts;
  calendar: CalendarService | null;
  /** What to configure for Calendar, shown when `calendar` is null. */
  googleSetupHelp: string;
  supportChannelId: string | null;
  /** True when this caller may run `key` now (see CounterRepo.claim); `release` undoes it after a failure. */
  claim(key: string, windowMs: number, by: string | null): Promise<boolean>;
  release(key: string): Promise<void>;
}

export async function createReportActionServices(
  repos: Repos,
  config: Config,
  opts: { compressPdf?: boolean } = {},
): Promise<ReportActionServices> {
  const auth = await createGoogleAuth(config.google);
  return {
    async loadReport(reportId) {
      const d = await repos.reports.findById(reportId);
      return d ? { id: d.id, customerId: d.customerId, report: d.report } : null;
    },
    async customer(customerId) {
      const d = await repos.customers.findById(customerId);
      if (!d) return null;
      return {
        id: d.id,
        name: d.name,
        csmSlackUserId: d.csmUserId,
        contacts: d.technicalContacts
          .filter((c) => c.email)
          .map((c) => ({ name: c.name ?? c.email ?? '', email: c.email as string, role: c.role })),
      };
    },
    ticketing: createTicketing({ tickets: repos.supportTickets, counters: repos.counters }),
    riskSignals: createRiskSignals({
      riskSignals: repos.riskSignals,
      customers: repos.customers,
      counters: repos.counters,
    }),
    drafts: createReportDrafts({ compressPdf: opts.compressPdf }),
    calendar: auth ? createCalendarService({ auth, rootUrl: config.google.apiRootUrl }) : null,
    googleSetupHelp: describeGoogleSetup(),
    supportChannelId: config.supportChannelId,
    claim: (key, windowMs, by) => repos.counters.claim(key, windowMs, by),
    release: (key) => repos.counters.release(key),
  };
}
