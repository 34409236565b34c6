import { describe, expect, it } from '@jest/globals';
import { analyze, createAccumulator, mergeStates } from '../../../../src/domain/analysis/index.js';
import {
  countNewlines,
  dataStart,
  isSplittable,
  lastRecordBoundary,
  parseChunk,
  planIngest,
} from '../../../../src/domain/ingest/index.js';
import type { HealthReport, IntegrationReport } from '../../../../src/domain/report/types.js';
import { enc, ingestText } from '../ingest/helpers.js';
import { rng } from './gen.js';

const INPUT = {
  source: { files: ['export.csv'], format: 'csv', sha256: null, mapping: {}, notes: [] },
  skipped: { total: 0, byReason: {}, first: [] },
  generatedAt: '2026-02-01T00:00:00.000Z',
};

async function score(text: string): Promise<{ reports: HealthReport[]; mapping: Record<string, string> }> {
  const acc = createAccumulator();
  const { summary, records } = await ingestText(text, { fileName: 'export' }, 97);
  for (const r of records) acc.add(r);
  return { reports: analyze(acc.state(), INPUT), mapping: summary.mapping };
}

function integration(reports: HealthReport[], customer: string, name: string): IntegrationReport {
  const found = reports.find((r) => r.customer === customer)?.integrations.find((i) => i.name === name);
  if (!found) throw new Error(`${customer} / ${name} missing`);
  return found;
}

const day = (d: number, h = 10) => new Date(Date.UTC(2026, 0, d, h, 17)).toISOString();

describe('active users from uploaded logs', () => {
  it('when a CSV carries user ids, then each integration counts its distinct users, all time and in the last 7 days', async () => {
    // Period Jan 1–20: the last 7 days are Jan 14–20. Empty cells, "-" and "null" are no user.
    const csv = [
      'timestamp,account_id,integration,status,user_id,user_agent',
      `${day(1)},acme,Salesforce,200,alice,Mozilla/5.0`,
      `${day(2)},acme,Salesforce,200,bob,Mozilla/5.0`,
      `${day(15)},acme,Salesforce,500,alice,Mozilla/5.0`,
      `${day(16)},acme,Salesforce,200,carol,curl/8.0`,
      `${day(16)},acme,Salesforce,200,,curl/8.0`,
      `${day(17)},acme,Salesforce,200,-,curl/8.0`,
      `${day(18)},acme,Salesforce,200,null,curl/8.0`,
      `${day(3)},acme,Slack,200,alice,x`,
      `${day(20)},acme,Slack,200,dave,x`,
      `${day(20)},acme,Slack,200,dave,x`,
      `${day(5)},acme,Stripe,200,,x`,
      `${day(6)},acme,Stripe,200,,x`,
      `${day(4)},globex,Salesforce,200,alice,x`,
      `${day(19)},globex,Salesforce,200,erin,x`,
    ].join('\n');
    const { reports, mapping } = await score(csv);
    expect(mapping).toMatchObject({ customer: 'account_id', user: 'user_id' });
    const sf = integration(reports, 'acme', 'Salesforce');
    expect([sf.activeUsers, sf.activeUsersLast7Days]).toEqual([3, 2]);
    const slack = integration(reports, 'acme', 'Slack');
    expect([slack.activeUsers, slack.activeUsersLast7Days]).toEqual([2, 1]);
    // A user column, but none of Stripe's rows names a user: unknown, not zero.
    const stripe = integration(reports, 'acme', 'Stripe');
    expect([stripe.activeUsers, stripe.activeUsersLast7Days]).toEqual([null, null]);
    // Another customer's users are its own.
    const globex = integration(reports, 'globex', 'Salesforce');
    expect([globex.activeUsers, globex.activeUsersLast7Days]).toEqual([2, 1]);
  });

  it('when a JSON export nests the actor, then actor.id is the user and a user-scoped account id is not the customer', async () => {
    const rows = [
      {
        at: day(8),
        service: 'Jira',
        response: { status: 200 },
        actor: { id: 'U1', email: 'a@x.io' },
        user_account_id: 'x',
      },
      { at: day(9), service: 'Jira', response: { status: 200 }, actor: { id: 'U2', email: 'b@x.io' } },
      { at: day(9), service: 'Jira', response: { status: 401 }, actor: { id: 'U1', email: 'a@x.io' } },
      { at: day(1), service: 'Zendesk', response: { status: 200 }, actor: { id: 'U3', email: 'c@x.io' } },
      { at: day(2), service: 'Zendesk', response: { status: 200 }, actor: { id: null, email: null } },
    ];
    const json = JSON.stringify(rows.map((r) => ({ ...r, user: { account_id: 'acct-9' } })));
    const { reports, mapping } = await score(json);
    expect(mapping.user).toBe('actor.id');
    expect(mapping.customer).toBe('(none)');
    expect(reports).toHaveLength(1);
    const jira = integration(reports, null as unknown as string, 'Jira');
    expect([jira.activeUsers, jira.activeUsersLast7Days]).toEqual([2, 2]);
    // Period Jan 1–9: Zendesk's Jan 1 user falls outside Jan 3–9.
    const zendesk = integration(reports, null as unknown as string, 'Zendesk');
    expect([zendesk.activeUsers, zendesk.activeUsersLast7Days]).toEqual([1, 0]);
  });

  it.each([
    ['account,user,status,time', 'customer', 'account', 'user'],
    ['tenant_id,principal_id,status,time', 'customer', 'tenant_id', 'principal_id'],
    ['org,member_id,status,time', 'customer', 'org', 'member_id'],
    ['customer,account_user,status,time', 'customer', 'customer', 'account_user'],
  ])(
    'when the header is "%s", then the customer and the user come from different columns',
    async (header, _f, cust, user) => {
      const { mapping } = await score(`${header}\nAcme,u1,200,${day(3)}\n`);
      expect(mapping.customer).toBe(cust);
      expect(mapping.user).toBe(user);
    },
  );

  it('when a user-like header holds flags or the column is a record uid, then it is not taken as the user', async () => {
    const { mapping } = await score(`time,status,login,uid\n${day(3)},200,true,r-1\n${day(3)},200,false,r-2\n`);
    expect(mapping.user).toBeUndefined();
  });

  it('when the file has no user column, then activeUsers and activeUsersLast7Days are null, never 0', async () => {
    const csv = [
      'timestamp,customer,integration,status',
      `${day(1)},Acme,Salesforce,200`,
      `${day(2)},Acme,Slack,500`,
    ].join('\n');
    const { reports, mapping } = await score(csv);
    expect(mapping.user).toBeUndefined();
    for (const i of reports[0]?.integrations ?? [])
      expect([i.activeUsers, i.activeUsersLast7Days]).toEqual([null, null]);
  });

  it('when the rows are cut into byte ranges for several workers and merged, then the users equal the single-threaded count', () => {
    // 9,000 users on one integration (beyond the exact limit: the sketch) and 300 on another (exact).
    const rand = rng(5);
    const lines = ['timestamp,integration,status,userId'];
    for (let i = 0; i < 40_000; i++) {
      const big = rand() < 0.8;
      const user = big ? `user-${Math.floor(rand() * 9_000)}` : rand() < 0.1 ? '' : `ops-${Math.floor(rand() * 300)}`;
      lines.push(
        `${day(1 + Math.floor(i / 1_500), i % 24)},${big ? 'HubSpot' : 'Okta'},${rand() < 0.02 ? 503 : 200},${user}`,
      );
    }
    const bytes = enc(`${lines.join('\n')}\n`);
    const plan = planIngest(bytes);
    expect(isSplittable(plan)).toBe(true);
    const whole = createAccumulator();
    parseChunk(plan, bytes.subarray(dataStart(plan)), plan.dataLine, (r) => whole.add(r));
    const a = createAccumulator();
    const b = createAccumulator();
    const workers = [a, b];
    let pos = dataStart(plan);
    let line = plan.dataLine;
    let k = 0;
    while (pos < bytes.length) {
      const window = bytes.subarray(pos, Math.min(bytes.length, pos + 20_000 + Math.floor(rand() * 40_000)));
      const cut = pos + window.length === bytes.length ? window.length : lastRecordBoundary(window, plan);
      const piece = window.subarray(0, cut);
      const acc = workers[k++ % workers.length] as ReturnType<typeof createAccumulator>;
      parseChunk(plan, piece, line, (r) => acc.add(r));
      line += countNewlines(piece);
      pos += cut;
    }
    const one = analyze(whole.state(), INPUT);
    expect(analyze(mergeStates(a.state(), b.state()), INPUT)).toEqual(one);
    const users = (name: string) => one[0]?.integrations.find((i) => i.name === name)?.activeUsers as number;
    expect(Math.abs(users('HubSpot') - 9_000) / 9_000).toBeLessThan(0.03);
    expect(users('Okta')).toBe(300);
  });
});
