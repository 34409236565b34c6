import { describe, expect, it } from '@jest/globals';
import { analyze, createAccumulator } from '../../../src/domain/analysis/index.js';
import { DEMO_FAULTS, generateDemoCsv } from '../../../src/domain/demo/generate.js';
import { ingest } from '../../../src/domain/ingest/index.js';
import type { HealthReport } from '../../../src/domain/report/types.js';

// The golden test: a realistic multi-week export with planted faults (src/domain/demo/generate.ts)
// goes through the real ingestion and analysis; the report must flag exactly the faulty integrations,
// with the right kinds and evidence, and leave the healthy ones (including a noisy one) alone.

async function scoreDemo(seed: number): Promise<HealthReport> {
  const encoder = new TextEncoder();
  async function* chunks() {
    for (const text of generateDemoCsv({ seed, rows: 60_000 })) yield encoder.encode(text);
  }
  const acc = createAccumulator();
  const summary = await ingest(chunks(), (r) => acc.add(r), { fileName: 'acme_api_logs_jan2026.csv' });
  const reports = analyze(acc.state(), {
    source: {
      files: ['acme_api_logs_jan2026.csv'],
      format: summary.format,
      sha256: null,
      mapping: summary.mapping,
      notes: summary.notes,
    },
    skipped: summary.skipped,
    generatedAt: '2026-02-02T09:00:00.000Z',
  });
  expect(reports).toHaveLength(1);
  return reports[0];
}

const faulty = DEMO_FAULTS.filter((f) => f.kinds.length > 0);
const healthy = DEMO_FAULTS.filter((f) => f.kinds.length === 0);

describe.each([42, 7])('golden demo export (seed %i)', (seed) => {
  let report: HealthReport;
  const byName = (name: string) => {
    const found = report.integrations.find((i) => i.name === name);
    if (!found) throw new Error(`integration ${name} missing from the report`);
    return found;
  };

  it('when scored, then every planted integration is found with its rows counted and nothing skipped', async () => {
    report = await scoreDemo(seed);
    expect(report.customer).toBe('Acme Corp');
    expect(report.counts.records).toBe(60_000);
    expect(report.skipped.total).toBe(0);
    expect(report.integrations.map((i) => i.name).sort()).toEqual(DEMO_FAULTS.map((f) => f.integration).sort());
    expect(report.summary).toMatch(/^Found [\d,]+ API calls and [\d,]+ webhook deliveries for 9 integrations/);
  });

  it('when scored, then each faulty integration is flagged with each of its planted kinds', () => {
    for (const fault of faulty) {
      const kinds = new Set(byName(fault.integration).issues.map((i) => i.kind));
      const missing = fault.kinds.filter((k) => !kinds.has(k));
      expect({ integration: fault.integration, missing }).toEqual({ integration: fault.integration, missing: [] });
    }
  });

  it('when scored, then the healthy integrations (one of them noisy) have no issues and score as healthy', () => {
    for (const fault of healthy) {
      const i = byName(fault.integration);
      expect({ name: i.name, issues: i.issues.map((x) => x.kind) }).toEqual({ name: i.name, issues: [] });
      expect(i.status).toBe('healthy');
    }
  });

  it('when the Salesforce rate-limit storm is reported, then it starts on day 15 and a limit is sized from the peak', () => {
    const issue = byName('Salesforce').issues.find((i) => i.kind === 'rate_limited');
    expect(issue?.since?.slice(0, 10)).toBe('2026-01-20');
    const rec = report.recommendations.find((r) => r.integration === 'Salesforce' && r.kind === 'rate_limited');
    expect(rec?.detail).toMatch(/\d[\d,]* req(uests)?\/min/);
  });

  it('when Zendesk latency creeps from the first week, then its degradation is dated from the start of the file', () => {
    const issue = byName('Zendesk').issues.find((i) => i.kind === 'latency_degradation');
    expect(issue?.onset?.fromStart).toBe(true);
    expect(issue?.since).toBeNull();
  });

  it('when Okta fails on Sundays, then the evidence names Sunday only', () => {
    const issue = byName('Okta SSO').issues.find((i) => i.kind === 'auth_failures');
    expect(issue?.evidence.weekdays).toEqual(['Sunday']);
  });

  it('when HubSpot fails on large requests, then the size correlation is in the evidence', () => {
    const issue = byName('HubSpot').issues.find((i) => i.kind === 'server_errors');
    const corr = issue?.evidence.sizeCorrelation as { thresholdBytes: number; rateAbove: number; rateBelow: number };
    expect(corr.thresholdBytes).toBeGreaterThanOrEqual(256 * 1024);
    expect(corr.thresholdBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(corr.rateAbove).toBeGreaterThan(5 * corr.rateBelow);
  });

  it('when webhook timeouts cluster in the afternoon, then the evidence hours lie within 13–17 UTC', () => {
    const issue = byName('Webhook (Events)').issues.find((i) => i.kind === 'webhook_failures');
    const hours = issue?.evidence.hours as number[];
    expect(hours.length).toBeGreaterThan(0);
    expect(hours.every((h) => h >= 13 && h <= 17)).toBe(true);
  });

  it('when Jira fails on one endpoint, then partial_failure names that endpoint only', () => {
    const issue = byName('Jira').issues.find((i) => i.kind === 'partial_failure');
    expect(issue?.evidence.endpoints).toEqual(['/rest/api/3/issue/:id/transitions']);
  });

  it('when Jira fails from the first day, then its recommendation says since the start of the file, not a date', () => {
    const rec = report.recommendations.find((r) => r.integration === 'Jira' && r.kind === 'server_errors');
    expect(rec?.detail).toMatch(/server errors since the start of the file;/);
  });

  it('when Slack is disconnected, then the report gives when it started and the last success before it', () => {
    const issue = byName('Slack').issues.find((i) => i.kind === 'disconnected');
    expect(issue?.since?.slice(0, 10)).toBe('2026-01-29');
    expect(issue?.evidence.lastSuccessAt).toBeDefined();
  });

  it('when the export has no user column, then every integration reports its active users as null, not 0', () => {
    for (const i of report.integrations) {
      expect({ name: i.name, users: [i.activeUsers, i.activeUsersLast7Days] }).toEqual({
        name: i.name,
        users: [null, null],
      });
    }
  });

  it('when scored, then faulty integrations score below every healthy one and the overall score is at risk or worse', () => {
    const worstHealthy = Math.min(...healthy.map((f) => byName(f.integration).score));
    for (const f of faulty.filter((x) => !x.kinds.every((k) => k.startsWith('latency')))) {
      expect(byName(f.integration).score).toBeLessThan(worstHealthy);
    }
    expect(report.score).toBeLessThan(80);
  });
});
