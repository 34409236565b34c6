/**
 * Issues the daily detectors miss: short bursts (hourly maximum-excess segment) and failures concentrated
 * in a slice of the traffic (slice search), plus the phrases that date an issue in its title.
 * See docs/scoring.md §3.6–3.7.
 */
import type { Issue, IssueKind, IssueOnset, IssueSlice, Severity } from '../report/types.js';
import { FAIL_AUTH, FAIL_RATE, FAIL_SERVER, FAIL_TIMEOUT, type SlotState } from './accumulator.js';
import { detectBurst, rateOnset, type SeriesField } from './onset.js';
import { type Family, findSlices, type SliceFinding } from './slices.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const CLASS_KINDS: [number, IssueKind, string][] = [
  [FAIL_RATE, 'rate_limited', '429 rate limiting'],
  [FAIL_SERVER, 'server_errors', '5xx server errors'],
  [FAIL_TIMEOUT, 'timeouts', 'Timeouts'],
  [FAIL_AUTH, 'auth_failures', 'Authentication failures'],
];

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
const day = (ts: number): string => {
  const d = new Date(ts);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
};
const hhmm = (ts: number): string => new Date(ts).toISOString().slice(11, 16);

/**
 * The dating phrase of an issue title: "" when present from the start of the file, " since Jan 20" for a
 * ramp or a latency change (day resolution), " since Jan 20 14:37 UTC" for an hourly step, and
 * " on Jan 18 21:04–23:00 UTC" for a burst that ended.
 */
export function onsetPhrase(onset: IssueOnset): string {
  if (onset.fromStart || onset.at === null) return '';
  const at = Date.parse(onset.at);
  if (onset.model === 'burst' && onset.until) return ` on ${day(at)} ${hhmm(at)}–${hhmm(Date.parse(onset.until))} UTC`;
  if (onset.model === 'ramp' || onset.unit === 'ms') return ` since ${day(at)}`;
  return ` since ${day(at)} ${hhmm(at)} UTC`;
}

/** The slice phrase of an issue: "endpoint X, requests ≥ 1 MB: 62.0% errors vs 0.4% elsewhere". */
export function slicePhrase(slice: IssueSlice): string {
  return `${slice.label}: ${pct(slice.rate)} errors vs ${pct(slice.restRate)} elsewhere`;
}

function bump(s: Severity, critical: boolean): Severity {
  if (!critical) return s;
  return s === 'low' ? 'medium' : s === 'medium' ? 'high' : 'critical';
}

function toSlice(f: SliceFinding): IssueSlice {
  const { family: _family, ...rest } = f;
  return rest;
}

interface Context {
  dataEnd: number;
  critical: boolean;
  webhookDominated: boolean;
}

function burstIssues(s: SlotState, issues: Issue[], ctx: Context, recurring: Set<Family>): void {
  const targets: [SeriesField, IssueKind, string][] = CLASS_KINDS.map(([c, k, l]) => [c, k, l]);
  if (s.webhooks >= 20) targets.push(['webhook', 'webhook_failures', 'Webhook deliveries failing']);
  for (const [field, kind, label] of targets) {
    if (issues.some((i) => i.kind === kind) || recurring.has(field === 'webhook' ? 'all' : field)) continue;
    const onset = detectBurst(s, field, ctx.dataEnd);
    if (!onset) continue;
    issues.push({
      kind,
      // A burst that ended is a past incident: medium (high on a critical integration).
      severity: bump('medium', ctx.critical),
      title: `${label} in a burst${onsetPhrase(onset)} (${pct(onset.after)} ${field === 'webhook' ? 'failed' : 'of calls'}${onset.before !== null ? `, was ${pct(onset.before)}` : ''})`,
      since: onset.at,
      evidence: { errorRate: round(onset.after), baselineErrorRate: round(onset.before ?? 0), until: onset.until },
      onset,
    });
  }
}

const round = (v: number): number => Math.round(v * 10_000) / 10_000;

function sliceIssues(s: SlotState, issues: Issue[], ctx: Context, slices: SliceFinding[]): void {
  for (const f of slices) {
    const entry = f.family === 'all' ? null : CLASS_KINDS.find(([c]) => c === f.family);
    const kind: IssueKind = entry ? entry[1] : 'webhook_failures';
    const label = entry ? entry[2] : 'Webhook deliveries failing';
    const slice = toSlice(f);
    const existing = issues.find((i) => i.kind === kind);
    if (existing) {
      if (!existing.slice) {
        existing.slice = slice;
        if (!/clustered|mostly on|concentrated/.test(existing.title)) existing.title += `; ${slicePhrase(slice)}`;
      }
      continue;
    }
    const onset = rateOnset(s, f.family === 'all' ? 'webhook' : f.family, ctx.dataEnd);
    // A slice fault is real but bounded: medium, high from a 30% slice rate or on a critical integration.
    const raw = bump(f.rate >= 0.3 ? 'high' : 'medium', ctx.critical);
    const severity: Severity = raw === 'critical' ? 'high' : raw;
    issues.push({
      kind,
      severity,
      title: `${label}${onsetPhrase(onset)} concentrated in ${slicePhrase(slice)}`,
      since: onset.at,
      evidence: {
        errorRate: round(f.rate),
        baselineErrorRate: round(f.restRate),
        count: f.failures,
        pValue: f.pValue,
        ...(f.hours ? { hours: f.hours } : {}),
        ...(f.weekday !== undefined ? { weekdays: [slice.label.replace(/s$/, '')] } : {}),
      },
      onset,
      slice,
    });
  }
}

/**
 * Adds burst issues (kinds not already raised) and slice findings to `issues` in place: a slice attaches
 * to the issue of its kind when there is one, else raises it (so a fault hidden in a low overall rate is
 * flagged and caps the score). Example: 500s on one endpoint's large requests, 0.8% overall →
 * server_errors "5xx server errors concentrated in endpoint /batch, requests ≥ 1 MB: 62.0% errors vs 0.4% elsewhere".
 */
export function addBurstAndSliceIssues(s: SlotState, issues: Issue[], ctx: Context): void {
  const slices = findSlices(s, ctx.webhookDominated);
  // Failures recurring in some hours or weekdays are a pattern, not a burst: no burst for that family.
  const recurring = new Set(
    slices.filter((f) => f.dimension === 'hour' || f.dimension === 'weekday').map((f) => f.family),
  );
  burstIssues(s, issues, ctx, recurring);
  sliceIssues(s, issues, ctx, slices);
}
