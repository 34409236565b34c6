import { describe, expect, it } from '@jest/globals';
import { analyze, createAccumulator, mergeStates } from '../../../../src/domain/analysis/index.js';
import { ingest } from '../../../../src/domain/ingest/index.js';
import { createBlankRecord, type LogRecord } from '../../../../src/domain/records.js';
import { formatOnset, formatSlice } from '../../../../src/domain/report/format.js';
import type { IntegrationReport } from '../../../../src/domain/report/types.js';
import {
  allScenarios,
  type Call,
  eveningWebhookBurst,
  hourClusteredTimeouts,
  LAYOUTS,
  type Layout,
  render,
  type Scenario,
  sizeCorrelated500s,
  suddenDisconnect,
} from '../../../support/scenarios.js';

// Labelled fault scenarios (test/support/scenarios.ts) written in several export layouts go through the
// real ingestion and analysis, as `techhealth score` runs them; each must give exactly the planted issue
// kinds, dated within the tolerance of its fault type, and the healthy noisy controls must give none.

async function score(s: Scenario, layout: Layout): Promise<IntegrationReport> {
  const { fileName, text } = render(s, layout);
  const acc = createAccumulator();
  const bytes = new TextEncoder().encode(text);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += 256 * 1024) yield bytes.subarray(i, i + 256 * 1024);
  }
  const summary = await ingest(chunks(), (r) => acc.add(r), { fileName, defaultCustomer: 'Acme' });
  const [report] = analyze(acc.state(), {
    source: { files: [fileName], format: summary.format, sha256: null, mapping: summary.mapping, notes: [] },
    skipped: summary.skipped,
    generatedAt: '2026-02-03T00:00:00.000Z',
  });
  const ir = report?.integrations.find((i) => i.name === s.integration);
  if (!ir) throw new Error(`${s.name} (${layout}): ${s.integration} not in the report`);
  return ir;
}

/** Layouts that carry what the scenario's fault needs (endpoints and sizes are not in the minimal one). */
function layoutsFor(s: Scenario): Layout[] {
  if (s.minimalOnly) return ['csv-minimal'];
  const needsColumns = s.name.includes('endpoint') || s.name.includes('size') || s.name.startsWith('healthy');
  return needsColumns ? LAYOUTS.filter((l) => l !== 'csv-minimal') : LAYOUTS;
}

const cases = allScenarios().flatMap((s) => layoutsFor(s).map((layout) => [s.name, layout, s] as const));

describe('labelled scenarios through ingestion and analysis', () => {
  it.each(cases)(
    'when %s is exported as %s, then exactly its planted issue kinds are raised, dated within tolerance',
    async (_name, layout, s) => {
      const ir = await score(s, layout);
      const kinds = [...new Set(ir.issues.map((i) => i.kind))].sort();
      expect({ layout, kinds, titles: kinds.length === s.kinds.length ? [] : ir.issues.map((i) => i.title) }).toEqual({
        layout,
        kinds: s.kinds,
        titles: [],
      });
      if (s.kinds.length === 0) expect(ir.status).toBe('healthy');
      if (s.onset) {
        const issue = ir.issues.find((i) => i.kind === s.onset?.kind);
        expect(issue?.onset?.fromStart).toBe(false);
        const error = Math.abs(Date.parse(issue?.since as string) - s.onset.at);
        expect({ title: issue?.title, withinTolerance: error <= s.onset.toleranceMs }).toEqual({
          title: issue?.title,
          withinTolerance: true,
        });
      }
    },
  );
});

describe('slice evidence and onset levels', () => {
  it('when 500s hit the batch endpoint’s large requests, then the slice names that endpoint and a size band over 200 KB', async () => {
    const ir = await score(sizeCorrelated500s(), 'csv-iso-ms');
    const issue = ir.issues.find((i) => i.kind === 'server_errors');
    expect(issue?.slice?.endpoint).toBe('/crm/v3/objects/contacts/batch/upsert');
    expect(issue?.slice?.dimension).toBe('endpoint_request_size');
    expect(issue?.slice?.minBytes).toBeGreaterThanOrEqual(200 * 1024);
    expect(issue?.slice?.minBytes).toBeLessThanOrEqual(1_100_000);
    expect(issue?.slice?.rate).toBeGreaterThan(0.5);
    expect(issue?.slice?.restRate).toBeLessThan(0.01);
    // The overall 5xx rate is low: only the slice raises it, and it still costs the score its healthy status.
    expect(1 - ir.successRate).toBeLessThan(0.02);
    expect(ir.status).not.toBe('healthy');
    expect(formatSlice(issue ?? {})).toMatch(
      /^endpoint \/crm\/v3\/objects\/contacts\/batch\/upsert, requests ≥ \d+ KB: 6\d\.\d% errors vs 0\.\d% elsewhere$/,
    );
  });

  it('when webhook timeouts cluster at 02–05 UTC in a minimal file, then the slice is those hours and no burst is claimed', async () => {
    const ir = await score(hourClusteredTimeouts(), 'csv-minimal');
    const issue = ir.issues.find((i) => i.kind === 'timeouts');
    expect(issue?.slice?.dimension).toBe('hour');
    expect(issue?.slice?.hours?.every((h) => h >= 2 && h <= 4)).toBe(true);
    expect(ir.issues.map((i) => i.onset?.model)).not.toContain('burst');
    expect(issue?.onset?.fromStart).toBe(true);
    expect(formatOnset(issue ?? { since: null })).toBe('since the start of the file');
  });

  it('when Salesforce disconnects at 14:37, then the onset reads since that minute with the levels before and after', async () => {
    const ir = await score(suddenDisconnect(), 'csv-iso-ms');
    const issue = ir.issues.find((i) => i.kind === 'auth_failures');
    expect(issue?.onset?.model).toBe('step');
    expect(issue?.onset?.before).toBeLessThan(0.01);
    expect(issue?.onset?.after).toBeGreaterThan(0.9);
    expect(formatOnset(issue ?? { since: null })).toMatch(
      /^since Jan 24 2026 14:3\d UTC \(0(\.\d)?% before, 9\d(\.\d)?% after\)$/,
    );
  });

  it('when the evening burst is reported, then it has an end and reads "from … to …"', async () => {
    const ir = await score(eveningWebhookBurst(), 'ndjson-nested-us');
    const issue = ir.issues.find((i) => i.kind === 'webhook_failures');
    expect(issue?.onset?.model).toBe('burst');
    expect(Date.parse(issue?.onset?.until as string)).toBeLessThanOrEqual(Date.UTC(2026, 0, 23, 0, 40));
    expect(formatOnset(issue ?? { since: null })).toMatch(/^from Jan 22 2026 21:1\d UTC to 0?0:00 UTC/);
  });

  it('when the size-correlated export is split in three and the states merged, then the report equals the whole-file one', () => {
    const s = sizeCorrelated500s();
    const whole = createAccumulator();
    const parts = [createAccumulator(), createAccumulator(), createAccumulator()];
    s.calls.forEach((c, i) => {
      const r = toRecord(c);
      whole.add(r);
      parts[i % 3]?.add(r);
    });
    const merged = parts.map((p) => p.state()).reduce((a, b) => mergeStates(a, b));
    const input = {
      source: { files: [], format: 'csv', sha256: null, mapping: {}, notes: [] },
      skipped: { total: 0, byReason: {}, first: [] },
      generatedAt: '2026-02-03T00:00:00.000Z',
    };
    expect(analyze(merged, input)).toEqual(analyze(whole.state(), input));
    expect(analyze(merged, input)[0]?.integrations[0]?.issues[0]?.slice?.endpoint).toBe(
      '/crm/v3/objects/contacts/batch/upsert',
    );
  });
});

function toRecord(c: Call): LogRecord {
  const r = createBlankRecord();
  r.timestamp = c.ts;
  r.customer = 'Acme';
  r.integration = c.integration;
  r.integrationType = 'hubspot';
  r.endpoint = c.endpoint;
  r.status = c.status;
  r.ok = c.status < 400;
  r.errorCode = c.errorCode;
  r.latencyMs = c.latencyMs;
  r.requestBytes = c.requestBytes;
  r.responseBytes = c.responseBytes;
  return r;
}
