/**
 * Vocabulary of the "integration added → progressive check-ups" lifecycle (PRD-139): check stages, their
 * results and findings, the outreach kinds and the spec's `IntegrationHealthCheck` record. All times are
 * epoch milliseconds (UTC); rates are fractions in [0, 1].
 */

/** The four check-ups, in order: day 0, day 1, day 7, day 30 by default (the catalog can change offsets). */
export const CHECK_STAGES = ['connection', 'sync', 'usage', 'value'] as const;
export type CheckStage = (typeof CHECK_STAGES)[number];

export type CheckResult = 'pass' | 'warning' | 'fail' | 'pending';

export const FINDING_KINDS = [
  'connection_failed',
  'no_data_flow',
  'high_error_rate',
  'sync_incomplete',
  'low_usage',
  'low_feature_utilisation',
  'low_adoption',
  'stale_data',
  'no_usage_reported',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type FindingSeverity = 'warning' | 'critical';

/** One problem a check found, with the numbers that show it. */
export interface CheckFinding {
  kind: FindingKind;
  severity: FindingSeverity;
  /** One plain-English sentence for the CSM, e.g. "Error rate 12% over 200 calls (limit 5%)". */
  message: string;
  /** The measured values and the threshold they broke (numbers, or null when unknown). */
  evidence: Record<string, number | string | null>;
}

/** Integration status on the dashboard: the worst open finding (unknown until a check has completed). */
export type OnboardingStatus = 'healthy' | 'warning' | 'critical' | 'unknown';

export const OUTREACH_KINDS = ['setup_assistance', 'best_practices', 'training', 'success_story'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];

/** What the integration's events say, counted since it was connected (the service folds them). */
export interface EventEvidence {
  /** Successful calls, deliveries, logins and syncs. */
  successes: number;
  /** Failed calls, deliveries, logins and auth failures (sync errors are counted separately). */
  failures: number;
  /** `connected` / `oauth_completed` / `api_key_created` / `reconnected` events. */
  connections: number;
  /** `disconnected`, `auth_failure`, `token_expired`, `token_refresh_failed` events. */
  connectionFailures: number;
  syncCompletions: number;
  syncErrors: number;
  /** Epoch ms of the latest event of any kind, success and failure; null when none. */
  lastEventAt: number | null;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** Epoch ms of the latest event that carried data (success or completed sync); null when none. */
  lastDataAt: number | null;
}

/** The latest scored upload report for this customer and integration (rates in [0, 1]). */
export interface ReportEvidence {
  reportId: string;
  /** Epoch ms. */
  generatedAt: number;
  errorRate: number;
  successRate: number;
  calls: number;
}

/** The latest `usage_snapshot` event's `usage` object; every field may be missing. */
export interface UsageSnapshot {
  /** Epoch ms the snapshot was taken. */
  reportedAt: number;
  activeUsers?: number;
  featuresUsed?: number;
  featuresAvailable?: number;
  workflowsActive?: number;
  /** Epoch ms of the freshest data the customer's side holds. */
  lastDataAt?: number;
}

export interface CheckEvidence {
  events: EventEvidence;
  report: ReportEvidence | null;
  usage: UsageSnapshot | null;
}

/** One scheduled check-up, as planned (`completedAt` null, result pending) and as run. */
export interface HealthCheck {
  stage: CheckStage;
  /** Epoch ms. */
  scheduledFor: number;
  /** Epoch ms; null until it ran. */
  completedAt: number | null;
  result: CheckResult;
  findings: CheckFinding[];
  /** What the check measured and which finding kinds it evaluated (see {@link CheckDetails}). */
  details: CheckDetails | null;
}

export interface CheckDetails {
  /** Finding kinds this check judged: a later check that judged a kind closes or confirms it. */
  evaluated: FindingKind[];
  measured: Record<string, number | string | null>;
}

/** An issue in the integration's history: a finding of a check, or an alerting incident. */
export interface IntegrationIssue {
  source: 'check' | 'incident' | 'reported';
  /** A finding kind, or the incident's failure class (e.g. `auth`). */
  kind: string;
  severity: FindingSeverity;
  message: string;
  /** Epoch ms. */
  openedAt: number;
  resolvedAt: number | null;
  stage?: CheckStage;
  /** The risk signal's id, for incidents. */
  incidentId?: string;
}

export interface OutreachEntry {
  kind: OutreachKind;
  /** `queued`: approved (or auto-send) and waiting for Gmail. */
  state: 'awaiting_approval' | 'queued' | 'sent' | 'skipped' | 'failed';
  /** Epoch ms of the last state change. */
  at: number;
}

/** The spec's IntegrationHealthCheck: one per integration, kept up to date by the check runs. */
export interface IntegrationHealthCheck {
  customer: { id: string; name: string };
  integration: {
    id: string;
    type: string;
    name: string;
    category: string;
    purpose: string;
    /** Epoch ms. */
    connectedAt: number;
  };
  checks: HealthCheck[];
  status: OnboardingStatus;
  issues: IntegrationIssue[];
  usage: UsageSnapshot | null;
  outreach: OutreachEntry[];
  /** Epoch ms; null before the first check ran. */
  lastCheckedAt: number | null;
}
