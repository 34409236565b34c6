import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { DEMO_FAULTS, DEMO_HEADER, generateDemoCsv, generateDemoRows } from '../../../../src/domain/demo/generate.js';

const ROWS = 20_000;
const csv = [...generateDemoCsv({ seed: 7, rows: ROWS })].join('');
const parsed: string[][] = parse(csv, { relax_column_count: false });
const header = parsed[0];
const data = parsed.slice(1);
const col = (name: string) => header.indexOf(name);
const of = (integration: string) => data.filter((r) => r[col('integration')] === integration);
const failShare = (rows: string[][], status: string) =>
  rows.length === 0 ? 0 : rows.filter((r) => r[col('status')] === status).length / rows.length;
const p95 = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(0.95 * (s.length - 1))];
};
const startMs = Date.parse('2026-01-05T00:00:00Z');
const DAY = 86_400_000;

describe('generateDemoCsv', () => {
  test('when generated twice with the same seed, then the output is identical', () => {
    expect([...generateDemoCsv({ seed: 7, rows: ROWS })].join('')).toBe(csv);
  });

  test('when seeds differ, then the output differs', () => {
    expect([...generateDemoCsv({ seed: 8, rows: 200 })].join('')).not.toBe(
      [...generateDemoCsv({ seed: 7, rows: 200 })].join(''),
    );
  });

  test('when parsed back as RFC 4180 CSV, then the header and row count match and every row has 12 cells', () => {
    expect(header).toEqual(DEMO_HEADER);
    expect(data).toHaveLength(ROWS);
    expect(data.every((r) => r.length === 12)).toBe(true);
  });

  test('when some messages hold commas and quotes, then they survive the round trip', () => {
    const sf = of('Salesforce').find((r) => r[col('status')] === '429');
    expect(sf?.[col('error_message')]).toBe(
      '[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}]',
    );
    expect(data.some((r) => r[col('endpoint')].includes(','))).toBe(true);
  });

  test('when rows are generated, then timestamps are ISO UTC with ms, in order, within the period, customer Acme Corp', () => {
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    let prev = 0;
    const bad: string[] = [];
    for (const r of data) {
      const t = Date.parse(r[0]);
      if (!iso.test(r[0]) || t < prev) bad.push(r[0]);
      prev = t;
    }
    expect(bad).toEqual([]);
    expect(Date.parse(data[0][0])).toBeGreaterThanOrEqual(startMs);
    expect(prev).toBeLessThan(startMs + 28 * DAY);
    expect(new Set(data.map((r) => r[1]))).toEqual(new Set(['Acme Corp']));
    expect(new Set(data.map((r) => r[col('type')]))).toEqual(new Set(['api_call', 'webhook']));
  });

  test('when traffic is counted, then weekday business hours are busier than weekends', () => {
    const weekday = data.filter((r) => {
      const d = new Date(r[0]);
      return d.getUTCDay() >= 1 && d.getUTCDay() <= 5 && d.getUTCHours() >= 8 && d.getUTCHours() < 18;
    }).length;
    const weekend = data.filter((r) => [0, 6].includes(new Date(r[0]).getUTCDay())).length;
    // 50 weekday business hours vs 48 weekend hours per week, at 1.4 vs 0.3 weight.
    expect(weekday).toBeGreaterThan(3 * weekend);
  });
});

describe('generateDemoRows planted faults', () => {
  test('when Salesforce is split at day 15, then 429s are ~15% after and ~0 before', () => {
    const from = startMs + 15 * DAY;
    const sf = of('Salesforce');
    expect(
      failShare(
        sf.filter((r) => Date.parse(r[0]) < from),
        '429',
      ),
    ).toBeLessThan(0.01);
    const after = failShare(
      sf.filter((r) => Date.parse(r[0]) >= from),
      '429',
    );
    expect(after).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(0.2);
    expect(sf.find((r) => r[col('status')] === '429')?.[col('error_code')]).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  test('when HubSpot requests are split at 1 MB, then large ones fail ~30% and small ones not at all', () => {
    const hs = of('HubSpot');
    const big = hs.filter((r) => Number(r[col('request_bytes')]) > 1_000_000);
    const small = hs.filter((r) => Number(r[col('request_bytes')]) <= 1_000_000);
    expect(failShare(big, '500')).toBeGreaterThan(0.2);
    expect(failShare(small, '500')).toBe(0);
    const bytes = hs.map((r) => Number(r[col('request_bytes')]));
    expect(Math.min(...bytes)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...bytes)).toBeLessThanOrEqual(4_000_000);
  });

  test('when Okta calls are split by weekday, then Sunday 401 share ≥ 15% and other days < 1%', () => {
    const okta = of('Okta SSO');
    const sunday = okta.filter((r) => new Date(r[0]).getUTCDay() === 0);
    expect(failShare(sunday, '401')).toBeGreaterThanOrEqual(0.15);
    expect(
      failShare(
        okta.filter((r) => new Date(r[0]).getUTCDay() !== 0),
        '401',
      ),
    ).toBeLessThan(0.01);
    expect(sunday.find((r) => r[col('status')] === '401')?.slice(8, 10)).toEqual(['invalid_token', 'token expired']);
  });

  test('when webhook deliveries are split by hour, then 13:00–17:59 UTC has ~20% timeouts and other hours none', () => {
    const wh = of('Webhook (Events)');
    expect(wh.every((r) => r[col('type')] === 'webhook')).toBe(true);
    const inWindow = (r: string[]) => new Date(r[0]).getUTCHours() >= 13 && new Date(r[0]).getUTCHours() < 18;
    expect(failShare(wh.filter(inWindow), '504')).toBeGreaterThan(0.14);
    expect(
      failShare(
        wh.filter((r) => !inWindow(r)),
        '504',
      ),
    ).toBe(0);
  });

  test('when Zendesk latency is taken per week, then p95 rises from ~400 ms to ~1,800 ms', () => {
    const zd = of('Zendesk');
    const week = (w: number) =>
      zd
        .filter((r) => Math.floor((Date.parse(r[0]) - startMs) / (7 * DAY)) === w)
        .map((r) => Number(r[col('latency_ms')]));
    expect(p95(week(0))).toBeGreaterThan(280);
    expect(p95(week(0))).toBeLessThan(560);
    expect(p95(week(3))).toBeGreaterThan(1300);
    expect(p95(week(3))).toBeLessThan(2400);
  });

  test('when Slack passes the cutoff, then every call is 401 invalid_auth at about a third of the traffic', () => {
    const cutoff = startMs + 24 * DAY;
    const slack = of('Slack');
    const before = slack.filter((r) => Date.parse(r[0]) < cutoff);
    const after = slack.filter((r) => Date.parse(r[0]) >= cutoff);
    expect(failShare(before, '401')).toBe(0);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((r) => r[col('status')] === '401' && r[col('error_code')] === 'invalid_auth')).toBe(true);
    const share = (rows: string[][]) => rows.length;
    const allBefore = data.filter((r) => Date.parse(r[0]) < cutoff).length;
    const allAfter = data.length - allBefore;
    const ratio = share(after) / allAfter / (share(before) / allBefore);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.5);
  });

  test('when Jira endpoints are compared, then only /transitions fails (~40%)', () => {
    const jira = of('Jira');
    const tr = jira.filter((r) => r[col('endpoint')].endsWith('/transitions'));
    expect(failShare(tr, '500')).toBeGreaterThan(0.3);
    expect(failShare(tr, '500')).toBeLessThan(0.5);
    expect(
      failShare(
        jira.filter((r) => !r[col('endpoint')].endsWith('/transitions')),
        '500',
      ),
    ).toBe(0);
  });

  test('when Intercom and Stripe are counted, then they are (nearly) clean', () => {
    const ic = of('Intercom');
    expect(ic.filter((r) => r[col('status')] !== '200').length / ic.length).toBeLessThan(0.015);
    expect(of('Stripe').every((r) => r[col('status')] === '200')).toBe(true);
  });

  test('when DEMO_FAULTS is read, then it lists every generated integration once', () => {
    expect(new Set(data.map((r) => r[col('integration')]))).toEqual(new Set(DEMO_FAULTS.map((f) => f.integration)));
  });

  test('when options scale the period, then rows stay within the new period and the count is exact', () => {
    const rows = [...generateDemoRows({ seed: 1, rows: 500, weeks: 2, start: '2026-03-02T00:00:00Z' })];
    expect(rows).toHaveLength(500);
    const first = Date.parse('2026-03-02T00:00:00Z');
    expect(rows.every((r) => Date.parse(r[0]) >= first && Date.parse(r[0]) < first + 14 * DAY)).toBe(true);
  });

  test('when options are invalid, then a RangeError is thrown', () => {
    expect(() => generateDemoRows({ rows: -1 }).next()).toThrow(RangeError);
    expect(() => generateDemoRows({ weeks: 0 }).next()).toThrow(RangeError);
    expect(() => generateDemoRows({ start: 'yesterday' }).next()).toThrow(RangeError);
    expect(() => generateDemoRows({ customers: [] }).next()).toThrow(RangeError);
  });

  test('when several customers are given, then rows are spread over all of them and quoted in CSV', () => {
    const rows = [...generateDemoRows({ seed: 5, rows: 2000, customers: ['Acme Corp', 'Globex, Inc.'] })];
    const acme = rows.filter((r) => r[1] === 'Acme Corp').length;
    const globex = rows.filter((r) => r[1] === 'Globex, Inc.').length;
    expect(acme + globex).toBe(2000);
    expect(acme).toBeGreaterThan(800);
    expect(globex).toBeGreaterThan(800);
    const csv = [...generateDemoCsv({ seed: 5, rows: 50, customers: ['Globex, Inc.'] })].join('');
    expect(csv.split('\n')[1]).toContain(',"Globex, Inc.",');
  });

  test('when one customer is named, then the rows equal the default ones but for the customer cell', () => {
    const a = [...generateDemoRows({ seed: 9, rows: 300 })];
    const b = [...generateDemoRows({ seed: 9, rows: 300, customers: ['Initech'] })];
    expect(b.map((r) => r[1])).toEqual(a.map(() => 'Initech'));
    expect(b.map((r) => [r[0], ...r.slice(2)])).toEqual(a.map((r) => [r[0], ...r.slice(2)]));
  });

  test('when users are asked for, then a user_id column is added, empty on webhooks, and every other cell is unchanged', () => {
    const plain = [...generateDemoCsv({ seed: 4, rows: 3000 })].join('').split('\n');
    const withUsers = [...generateDemoCsv({ seed: 4, rows: 3000, users: 50 })].join('').split('\n');
    expect(withUsers[0]).toBe(`${DEMO_HEADER.join(',')},user_id`);
    const rows: string[][] = parse(withUsers.join('\n'), { relax_column_count: false });
    expect(rows.slice(1).map((r) => r.slice(0, -1))).toEqual(parse(plain.join('\n')).slice(1));
    const users = rows.slice(1).filter((r) => r[col('type')] !== 'webhook');
    expect(users.every((r) => /^[a-z0-9-]+-user-\d+$/.test(r.at(-1) as string))).toBe(true);
    expect(
      new Set(users.filter((r) => r[col('integration')] === 'Salesforce').map((r) => r.at(-1))).size,
    ).toBeLessThanOrEqual(50);
    expect(
      rows
        .slice(1)
        .filter((r) => r[col('type')] === 'webhook')
        .every((r) => r.at(-1) === ''),
    ).toBe(true);
    expect(() => generateDemoRows({ users: -2 }).next()).toThrow(RangeError);
  });
});
