/**
 * The health report: what `techhealth score --format json` prints (one per customer) and what is stored
 * in `tech_health_reports`. Stable, documented in docs/report-schema.md; bump `schemaVersion` on any
 * breaking change.
 */
import type { IntegrationCategory, IntegrationType } from '../records.js';

export type IssueKind =
  | 'rate_limited'
  | 'server_errors'
  | 'timeouts'
  | 'auth_failures'
  | 'latency_breach'
  | 'latency_degradation'
  | 'error_rate_rising'
  | 'webhook_failures'
  | 'disconnected'
  | 'partial_failure';

export type { Severity } from '../severity.js';

import type { Severity } from '../severity.js';
export type RiskLevel = 'High' | 'Medium' | 'Low';
export type HealthStatus = 'healthy' | 'at_risk' | 'critical';

export type ComponentKey = 'api_success' | 'latency' | 'error_trend' | 'webhook' | 'auth';

export interface ComponentScore {
  key: ComponentKey;
  label: string;
  /** Nominal weight from the spec (0.30, 0.20, 0.20, 0.15, 0.15). */
  weight: number;
  /** Weight after renormalising over the components that have data (0 when excluded). */
  effectiveWeight: number;
  /** 0–100, or null when there was no data for it (then excluded). */
  score: number | null;
  /** One line: the measured value behind the score, or why it was excluded. */
  detail: string;
}

export interface Issue {
  kind: IssueKind;
  severity: Severity;
  /** One-line headline, e.g. "429 rate limiting since Jan 15 (12.4% of calls)". */
  title: string;
  /** ISO date-time the problem started (change point / first occurrence), or null. */
  since: string | null;
  /**
   * Machine-checkable evidence. Keys used (each optional, per kind):
   * errorRate, baselineErrorRate, count, errorCode, hours (UTC hours where failures cluster),
   * weekdays (e.g. ["Sunday"]), endpoints (failing endpoints), sizeCorrelation {threshold bytes, rateAbove, rateBelow},
   * p95Ms, slaMs, slopeMsPerWeek, failureReasons, lastSuccessAt, pValue.
   */
  evidence: Record<string, unknown>;
  /** When the fault began (change point), with the levels before and after; absent for kinds not dated. */
  onset?: IssueOnset;
  /** The slice of traffic where the failures concentrate, when the slice search found one. */
  slice?: IssueSlice;
}

export interface IssueOnset {
  /** ISO time the change began (to the minute for hourly onsets), or null when present from the start of the file. */
  at: string | null;
  fromStart: boolean;
  /** step: a jump that stays; ramp: a gradual rise; burst: a high-rate episode that ended; present: from the start. */
  model: 'step' | 'ramp' | 'burst' | 'present';
  /** Level before the onset (failure rate 0–1, or ms for latency), null when there is no before. */
  before: number | null;
  /** Level from the onset on (mean of the after segment; the last day's level for a ramp). */
  after: number;
  unit: 'rate' | 'ms';
  /** End (ISO, exclusive hour) of a burst or of a step that ended before the data did. */
  until?: string;
}

export interface IssueSlice {
  dimension:
    | 'endpoint'
    | 'request_size'
    | 'response_size'
    | 'endpoint_request_size'
    | 'endpoint_response_size'
    | 'hour'
    | 'weekday';
  /** e.g. "endpoint /crm/v3/objects/contacts/batch/upsert, requests ≥ 1 MB", "13:00–18:00 UTC", "Sundays". */
  label: string;
  endpoint?: string;
  minBytes?: number;
  hours?: number[];
  /** 0 = Sunday. */
  weekday?: number;
  requests: number;
  failures: number;
  /** Failure rate inside the slice and in the rest of the integration's traffic, 0–1. */
  rate: number;
  restRate: number;
  /** Bonferroni-adjusted bound over every slice tried. */
  pValue: number;
}

export interface ErrorCodeStat {
  code: string;
  count: number;
  /** Share of all failed records of this integration, 0–1. */
  share: number;
  meaning: string;
}

export interface WeeklyErrorRate {
  /** ISO date (UTC Monday) the week starts. */
  weekStart: string;
  requests: number;
  errors: number;
  /** errors / requests, 0–1. */
  rate: number;
}

export interface LatencyStats {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  slaMs: number;
  samples: number;
}

export interface IntegrationReport {
  name: string;
  type: IntegrationType;
  category: IntegrationCategory;
  critical: boolean;
  score: number;
  status: HealthStatus;
  requests: number;
  apiCalls: number;
  webhookDeliveries: number;
  errorLogs: number;
  /** Successful / total records, 0–1. */
  successRate: number;
  latency: LatencyStats;
  errorCodes: ErrorCodeStat[];
  weeklyErrorRate: WeeklyErrorRate[];
  trend: { direction: 'rising' | 'falling' | 'flat'; note: string };
  webhook: { deliveries: number; successRate: number; failureReasons: { reason: string; count: number }[] } | null;
  endpoints: { endpoint: string; requests: number; errors: number; errorRate: number }[];
  components: ComponentScore[];
  issues: Issue[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** Peak requests in any one minute, for rate-limit sizing. */
  peakPerMinute: number;
  /**
   * Distinct user ids in this integration's records (exact up to 4,096, then a HyperLogLog estimate,
   * ±0.8 %); null when none of its records carried a user id (no user column) — never 0 for "unknown".
   */
  activeUsers: number | null;
  /** Distinct user ids seen on the last 7 UTC days of the report's period; null as above or without timestamps. */
  activeUsersLast7Days: number | null;
}

export interface Risk {
  factor: string;
  level: RiskLevel;
  integration: string | null;
  businessImpact: string;
}

export interface Recommendation {
  horizon: 'immediate' | 'short_term';
  integration: string | null;
  /** Which issue kind (or 'general') it answers. */
  kind: IssueKind | 'general';
  title: string;
  detail: string;
}

export interface SkippedRow {
  line: number;
  reason: string;
}

export interface HealthReport {
  schemaVersion: 1;
  customer: string | null;
  generatedAt: string;
  source: {
    files: string[];
    format: string;
    /** sha256 of the input bytes (all files in order), hex. */
    sha256: string | null;
    /** How fields were read: which column became which field, units and zones assumed. */
    mapping: Record<string, string>;
    notes: string[];
  };
  period: { from: string; to: string; days: number } | null;
  counts: {
    records: number;
    apiCalls: number;
    webhookDeliveries: number;
    errorLogs: number;
    integrations: number;
    skipped: number;
  };
  /** One-line summary like the spec's: "Found 45,234 API calls and 1,234 webhook deliveries for 5 integrations, Jan 1–29 2026". */
  summary: string;
  score: number;
  status: HealthStatus;
  components: ComponentScore[];
  /** Components left out for lack of data, with the weights renormalised. */
  omittedComponents: ComponentKey[];
  integrations: IntegrationReport[];
  risks: Risk[];
  overallRisk: RiskLevel;
  recommendations: Recommendation[];
  trend: {
    previousScore: number;
    previousGeneratedAt: string;
    delta: number;
    explanation: string;
  } | null;
  skipped: { total: number; byReason: Record<string, number>; first: SkippedRow[] };
}
