/** Deterministic synthetic LogRecords for the analysis tests. */

import type { AnalyzeInput } from '../../../../src/domain/analysis/index.js';
import { createBlankRecord, type IntegrationType, type LogRecord } from '../../../../src/domain/records.js';
import { rng } from '../../../support/random.js';

export const DAY = 86_400_000;
export const JAN5 = Date.UTC(2026, 0, 5); // a Monday

export { rng };

export interface Spec {
  integration?: string;
  type?: IntegrationType;
  customer?: string | null;
  kind?: LogRecord['kind'];
  days?: number;
  perDay?: number;
  start?: number;
  seed?: number;
  latency?: (rand: () => number, day: number) => number;
  /** Returns null for success, else [status, errorCode]. */
  fail?: (rand: () => number, ts: number, day: number, i: number) => [number | null, string | null] | null;
  endpoint?: (rand: () => number, i: number) => string;
  bytes?: (rand: () => number) => number;
}

export function records(spec: Spec): LogRecord[] {
  const rand = rng(spec.seed ?? 1);
  const out: LogRecord[] = [];
  const days = spec.days ?? 28;
  const perDay = spec.perDay ?? 200;
  const start = spec.start ?? JAN5;
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      const ts = start + d * DAY + Math.floor(((i + rand()) / perDay) * DAY);
      const r = createBlankRecord();
      r.line = out.length + 2;
      r.timestamp = ts;
      r.customer = spec.customer === undefined ? 'Acme' : spec.customer;
      r.integration = spec.integration ?? 'Salesforce';
      r.integrationType = spec.type ?? 'salesforce';
      r.kind = spec.kind ?? 'api_call';
      r.endpoint = spec.endpoint ? spec.endpoint(rand, i) : '/services/data/v59.0/query';
      r.latencyMs = spec.latency ? spec.latency(rand, d) : 100 + rand() * 300;
      r.requestBytes = spec.bytes ? spec.bytes(rand) : 500 + Math.floor(rand() * 2000);
      const f = spec.fail?.(rand, ts, d, i) ?? null;
      if (f) {
        r.ok = false;
        r.status = f[0];
        r.errorCode = f[1];
        r.errorMessage = f[1] ? `error ${f[1]}` : null;
      } else {
        r.ok = true;
        r.status = 200;
      }
      out.push(r);
    }
  }
  return out;
}

export const INPUT: AnalyzeInput = {
  source: { files: ['test.csv'], format: 'csv', sha256: null, mapping: {}, notes: [] },
  skipped: { total: 0, byReason: {}, first: [] },
  generatedAt: '2026-02-02T00:00:00.000Z',
};
