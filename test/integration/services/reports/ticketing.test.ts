import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRepos, ensureIndexes, type Repos } from '../../../../src/db/index.js';
import {
  createTicketing,
  draftTicket,
  type Ticketing,
  ticketIdFor,
} from '../../../../src/services/reports/ticketing.js';
import { buildIntegration, buildIssue, buildReport } from '../../../support/report-builder.js';
import { createTestDb, type TestDb } from '../../../support/test-db.js';

let db: TestDb;
let repos: Repos;
let ticketing: Ticketing;
// A year of its own per run keeps the sequence assertions independent of other tests' tickets.
const YEAR = 2031;
beforeAll(async () => {
  db = await createTestDb();
  await ensureIndexes(db.conn);
  repos = createRepos(db.conn);
  ticketing = createTicketing({
    tickets: repos.supportTickets,
    counters: repos.counters,
    now: () => new Date(Date.UTC(YEAR, 4, 1)),
  });
});
afterAll(async () => {
  await db.drop();
});

const input = (key: string) => ({
  idempotencyKey: key,
  customerId: null,
  customerName: 'Acme',
  reportId: null,
  subject: 'Salesforce 429s',
  priority: 'high' as const,
  description: 'Rate limited since Jan 12.',
});

describe('createTicket', () => {
  it('when 20 tickets are created at once, then they get 20 distinct consecutive ids TECH-<year>-0001…0020', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ticketing.createTicket(input(`api:${randomUUID()}`))),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const ids = results.map((r) => r.ticket.ticketId).sort();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => ticketIdFor(YEAR, i + 1)));
    expect(ids[0]).toBe(`TECH-${YEAR}-0001`);
  });

  it('when the same idempotency key is submitted 10 times at once, then one ticket exists, every caller gets it and no number is skipped', async () => {
    const key = `report:${randomUUID()}`;
    const before = (await db.conn
      .collection<{ _id: string; seq: number }>('counters')
      .findOne({ _id: `support_ticket:${YEAR}` })) as { seq: number } | null;
    const results = await Promise.all(Array.from({ length: 10 }, () => ticketing.createTicket(input(key))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticket.ticketId)).size).toBe(1);
    expect(results[0].ticket.ticketId).toBe(ticketIdFor(YEAR, (before?.seq ?? 0) + 1));
    expect(await db.conn.collection('support_tickets').countDocuments({ idempotencyKey: key })).toBe(1);
  });

  it('when the subject is empty, then nothing is stored and no number is used', async () => {
    const key = `api:${randomUUID()}`;
    await expect(ticketing.createTicket({ ...input(key), subject: '  ' })).rejects.toThrow(
      'subject must be 1–150 characters',
    );
    expect(await repos.supportTickets.findByKey(key)).toBeNull();
  });
});

describe('draftTicket', () => {
  it('when a report has a critical issue, then the draft is urgent, names the worst integration and lists issues, evidence and recommendations within 3,000 characters', () => {
    const report = buildReport({
      customer: 'Acme',
      integrations: [
        buildIntegration({ name: 'Zendesk', issues: [buildIssue({ severity: 'medium', title: 'Slow ticket sync' })] }),
        buildIntegration({ issues: [buildIssue({ evidence: { errorRate: 0.124, count: 1234 } })] }),
      ],
    });
    const draft = draftTicket(report);
    expect(draft.priority).toBe('urgent');
    expect(draft.subject).toBe('Acme: Salesforce — 429 rate limiting since Jan 12 (8.0% of calls)');
    // The title already says since when: the line does not repeat it.
    expect(draft.description).toContain('- [critical] Salesforce: 429 rate limiting since Jan 12 (8.0% of calls)\n');
    expect(draft.description).toContain('  Evidence: errorRate=12.4%, count=1234');
    expect(draft.description).toContain('- [medium] Zendesk: Slow ticket sync');
    expect(draft.description.indexOf('[critical]')).toBeLessThan(draft.description.indexOf('[medium]'));
    expect(draft.description).toContain('Recommendations:');
  });

  it('when issues began at an hour or before the file, then the ticket says "since 14:37 UTC" or "since the start of the file", not a bare date', () => {
    const step = { fromStart: false, model: 'step' as const, before: 0, after: 1, unit: 'rate' as const };
    const draft = draftTicket(
      buildReport({
        integrations: [
          buildIntegration({
            issues: [
              buildIssue({
                kind: 'disconnected',
                title: 'Salesforce appears disconnected: traffic stopped on Jan 28 after failing calls',
                since: '2026-01-28T14:37:12.000Z',
                onset: { ...step, at: '2026-01-28T14:37:12.000Z' },
              }),
              buildIssue({
                kind: 'timeouts',
                severity: 'high',
                title: 'Timeouts (4.0% of calls)',
                since: null,
                onset: { ...step, at: null, fromStart: true, model: 'present', before: null },
              }),
            ],
          }),
        ],
      }),
    );
    expect(draft.description).toContain(
      '- [critical] Salesforce: Salesforce appears disconnected: traffic stopped on Jan 28 after failing calls (since Jan 28 2026 14:37 UTC)',
    );
    expect(draft.description).toContain('- [high] Salesforce: Timeouts (4.0% of calls) (since the start of the file)');
    expect(draft.description).not.toMatch(/since \d{4}-\d\d-\d\d/);
  });

  it('when a report has hundreds of issues, then the description is cut to 3,000 characters ending with "…"', () => {
    const issues = Array.from({ length: 300 }, (_, i) =>
      buildIssue({ title: `Problem number ${i} with a fairly long title` }),
    );
    const draft = draftTicket(buildReport({ integrations: [buildIntegration({ issues })] }));
    expect(draft.description).toHaveLength(3000);
    expect(draft.description.endsWith('…')).toBe(true);
  });
});
