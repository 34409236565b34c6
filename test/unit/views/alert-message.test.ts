import { describe, expect, it } from '@jest/globals';
import type { ActionsBlock, Button, HeaderBlock, KnownBlock, SectionBlock, StaticSelect } from '@slack/types';
import {
  type AlertView,
  buildAlertMessage,
  buildAlertResolvedReply,
  buildTaskReminder,
  buildUpstreamAlert,
  type UpstreamAlertView,
} from '../../../views/alert-message.js';
import { ACTION, actionIdPattern } from '../../../views/ids.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const MIN = 60_000;
const OPENED = Date.UTC(2026, 11, 1, 13, 3); // Tue 1 Dec, 14:03 in Berlin, 08:03 in New York
const NOW = OPENED + 134 * MIN;
const BERLIN = { now: NOW, timeZone: 'Europe/Berlin' };

function alert(overrides: Partial<AlertView> = {}): AlertView {
  return {
    signalId: 'sig_1',
    customer: {
      id: 'cus_1',
      name: 'Acme Corp',
      arrUsd: 620_000,
      technicalContact: { name: 'Jane Doe', email: 'jane@acme.com', role: 'IT admin' },
    },
    integration: { label: 'Salesforce', type: 'salesforce' },
    status: 'disconnected',
    lifecycle: 'open',
    severity: 'critical',
    criticality: 'critical',
    failureClass: 'auth',
    reason: '3 authentication failures (401/403) within 10 min',
    errorCode: '401',
    errorMessage: 'Session expired or invalid',
    endpoints: [],
    openedAt: OPENED,
    lastSeenAt: NOW - 5 * MIN,
    occurrences: 3,
    resolvedAt: null,
    reopened: false,
    acknowledgedBy: null,
    snoozedUntil: null,
    impact: { summary: 'Account data stops syncing.', stops: ['CRM records no longer update'] },
    steps: ['Check the connected user.', 'Reconnect.'],
    history: { disconnects30d: 1, chronic: false, uptime30d: 0.992, mttrMs: 70 * MIN },
    email: { state: 'sent', to: 'jane@acme.com', at: OPENED + 2 * MIN, error: null },
    task: {
      title: 'Integration disconnected: Salesforce for Acme Corp',
      dueAt: OPENED + 240 * MIN,
      priority: 'critical',
      overdue: false,
      done: false,
    },
    inMaintenance: false,
    ...overrides,
  };
}

const headerOf = (blocks: KnownBlock[]) => (blocks[0] as HeaderBlock).text.text;
const allText = (blocks: KnownBlock[]) => JSON.stringify(blocks);
const controls = (blocks: KnownBlock[]) =>
  blocks.filter((b): b is ActionsBlock => b.type === 'actions').flatMap((b) => b.elements as (Button | StaticSelect)[]);
const ids = (blocks: KnownBlock[]) => controls(blocks).map((e) => e.action_id);

describe('buildAlertMessage', () => {
  it('when a critical integration disconnects, then the header names severity, integration and customer', () => {
    const { text, blocks } = buildAlertMessage(alert(), BERLIN);
    expect(headerOf(blocks)).toBe(':red_circle: Critical: Salesforce disconnected — Acme Corp');
    expect(text).toBe(
      'Critical: Salesforce disconnected for Acme Corp since Tue 1 Dec, 14:03 CET — 3 authentication failures (401/403) within 10 min',
    );
    const all = allText(blocks);
    expect(all).toContain('2 h 14 min ago');
    expect(all).toContain('critical integration × $620k ARR');
    expect(all).toContain('Fix instructions emailed to jane@acme.com at 14:05 CET');
    expect(all).toContain('due 18:03 CET');
    expect(all).toContain('1. Check the connected user.');
    expect(checkBlocks(blocks, 'message')).toBeNull();
  });

  it('when the alert is open, then the five controls carry the signal id and snooze offers 1 h, 4 h and 24 h', () => {
    const { blocks } = buildAlertMessage(
      alert({ email: { state: 'awaiting_approval', to: null, at: null, error: null } }),
      BERLIN,
    );
    expect(ids(blocks)).toEqual([
      ACTION.alertSendFix,
      ACTION.alertScheduleCall,
      ACTION.alertViewStatus,
      ACTION.alertAcknowledge,
      ACTION.alertSnooze,
    ]);
    const [send, ...rest] = controls(blocks);
    expect((send as Button).text.text).toBe('Send Fix Instructions');
    expect((send as Button).style).toBe('primary');
    for (const b of rest.slice(0, 3)) expect((b as Button).value).toBe('sig_1');
    expect((send as Button).value).toBe('sig_1');
    const snooze = rest[3] as StaticSelect;
    expect(snooze.options?.map((o) => o.value)).toEqual(['sig_1|1h', 'sig_1|4h', 'sig_1|24h']);
    expect(allText(blocks)).toContain('awaiting your approval — press *Send Fix Instructions*');
  });

  it('when the instructions were already emailed, then the button says Resend', () => {
    const [send] = controls(buildAlertMessage(alert(), BERLIN).blocks);
    expect((send as Button).text.text).toBe('Resend Fix Instructions');
  });

  it('when the customer has no technical contact, then Send Fix is hidden and the message says why', () => {
    const base = alert();
    const { blocks } = buildAlertMessage(
      alert({
        customer: { ...base.customer, technicalContact: null },
        email: { state: 'no_contact', to: null, at: null, error: null },
      }),
      BERLIN,
    );
    expect(ids(blocks)).not.toContain(ACTION.alertSendFix);
    expect(ids(blocks)).toContain(ACTION.alertScheduleCall);
    expect(allText(blocks)).toContain("No technical contact on file — fix instructions can't be emailed");
  });

  it('when the email failed, then the error is shown with a retry hint', () => {
    const { blocks } = buildAlertMessage(
      alert({ email: { state: 'failed', to: 'jane@acme.com', at: null, error: 'quota exceeded' } }),
      BERLIN,
    );
    expect(allText(blocks)).toContain('failed: quota exceeded — press *Send Fix Instructions* to retry');
  });

  it('when the incident is resolved, then only View Integration Status remains and it says "after 2 h 5 min"', () => {
    const { text, blocks } = buildAlertMessage(
      alert({ lifecycle: 'resolved', status: 'healthy', resolvedAt: OPENED + 125 * MIN }),
      BERLIN,
    );
    expect(headerOf(blocks)).toBe(':white_check_mark: Salesforce resolved after 2 h 5 min — Acme Corp');
    expect(ids(blocks)).toEqual([ACTION.alertViewStatus]);
    expect(text).toBe('Resolved: Salesforce for Acme Corp is healthy again after 2 h 5 min (3 failures)');
    expect(checkBlocks(blocks, 'message')).toBeNull();
  });

  it('when a small incident resolves, then the updated message is exactly the golden object', () => {
    const base = alert();
    const message = buildAlertMessage(
      alert({
        customer: { ...base.customer, technicalContact: null },
        status: 'healthy',
        lifecycle: 'resolved',
        failureClass: 'oauth',
        reason: 'Token refresh failed (invalid_grant)',
        errorCode: 'invalid_grant',
        errorMessage: null,
        resolvedAt: OPENED + 125 * MIN,
        history: { disconnects30d: 1, chronic: false, uptime30d: 0.997, mttrMs: 125 * MIN },
        email: { state: 'no_contact', to: null, at: null, error: null },
        task: null,
      }),
      { now: OPENED + 130 * MIN, timeZone: 'Europe/Berlin' },
    );
    expect(message).toEqual({
      text: 'Resolved: Salesforce for Acme Corp is healthy again after 2 h 5 min (3 failures)',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: ':white_check_mark: Salesforce resolved after 2 h 5 min — Acme Corp',
            emoji: true,
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '*Salesforce* for *Acme Corp* is healthy again after 2 h 5 min.\nWas: OAuth token — Token refresh failed (invalid_grant)',
          },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Opened*\nTue 1 Dec, 14:03 CET' },
            { type: 'mrkdwn', text: '*Resolved*\nTue 1 Dec, 16:08 CET\n5 min ago' },
            { type: 'mrkdwn', text: '*Occurrences*\n3' },
            { type: 'mrkdwn', text: '*Severity*\n:red_circle: Critical' },
            { type: 'mrkdwn', text: '*Error*\n`invalid_grant`' },
            { type: 'mrkdwn', text: '*Last 30 days*\n1 disconnect · uptime 99.7% · MTTR 2 h 5 min' },
          ],
        },
        {
          type: 'actions',
          block_id: 'alert.actions',
          elements: [
            {
              type: 'button',
              action_id: 'alert.view_status',
              text: { type: 'plain_text', text: 'View Integration Status' },
              value: 'sig_1',
            },
          ],
        },
      ],
    });
  });

  it('when acknowledged, then Acknowledge is gone and who acknowledged it is shown', () => {
    const { blocks } = buildAlertMessage(alert({ lifecycle: 'acknowledged', acknowledgedBy: 'U123' }), BERLIN);
    expect(ids(blocks)).not.toContain(ACTION.alertAcknowledge);
    expect(ids(blocks)).toContain(ACTION.alertSnooze);
    expect(allText(blocks)).toContain('Acknowledged by <@U123>');
  });

  it('when snoozed, then the snooze end is shown in the CSM’s zone', () => {
    const { blocks } = buildAlertMessage(alert({ lifecycle: 'snoozed', snoozedUntil: NOW + 60 * MIN }), BERLIN);
    expect(allText(blocks)).toContain('Snoozed until 17:17 CET');
  });

  it('when the same alert is shown in Berlin and New York, then the absolute times differ by the zone offset', () => {
    const berlin = allText(buildAlertMessage(alert(), BERLIN).blocks);
    const ny = allText(buildAlertMessage(alert(), { now: NOW, timeZone: 'America/New_York' }).blocks);
    expect(berlin).toContain('Tue 1 Dec, 14:03 CET');
    expect(ny).toContain('Tue 1 Dec, 08:03 EST');
    expect(ny).not.toContain('CET');
  });

  it('when the integration is chronic and reopened, then both notes are shown', () => {
    const { blocks } = buildAlertMessage(
      alert({ reopened: true, history: { disconnects30d: 3, chronic: true, uptime30d: 0.95, mttrMs: null } }),
      BERLIN,
    );
    const all = allText(blocks);
    expect(all).toContain(':warning: *Chronic:* 3 disconnects in 30 days');
    expect(all).toContain('*Reopened:* failed again within 24 h of being resolved');
  });

  it('when a partial failure is degraded, then the header says degraded and the failing endpoints are listed', () => {
    const { blocks } = buildAlertMessage(
      alert({
        status: 'degraded',
        severity: 'high',
        failureClass: 'partial',
        endpoints: ['/sobjects/Account', '/query'],
      }),
      BERLIN,
    );
    expect(headerOf(blocks)).toBe(':large_orange_circle: High: Salesforce degraded — Acme Corp');
    expect(allText(blocks)).toContain('*Failing endpoints* (2; the rest still work)');
    expect(allText(blocks)).toContain('`/query`');
  });

  it('when the task is overdue, then the task line says overdue', () => {
    const base = alert();
    const task = base.task ? { ...base.task, dueAt: NOW - 20 * MIN, overdue: true } : null;
    expect(allText(buildAlertMessage(alert({ task }), BERLIN).blocks)).toContain('Task *overdue*');
  });

  it('when an error message tries to mention @channel, then it is escaped', () => {
    const { blocks } = buildAlertMessage(alert({ errorMessage: '<!channel> boom' }), BERLIN);
    expect(allText(blocks)).toContain('&lt;!channel&gt; boom');
    expect(allText(blocks)).not.toContain('<!channel>');
  });

  it('when every input is at its worst, then the message is still within Slack’s limits', () => {
    const long = 'x'.repeat(5000);
    const { text, blocks } = buildAlertMessage(
      alert({
        customer: { id: 'c', name: long, arrUsd: null, technicalContact: { name: long, email: long, role: long } },
        integration: { label: long, type: 'custom_api', declaredType: long },
        reason: long,
        errorCode: long,
        errorMessage: long,
        endpoints: Array.from({ length: 500 }, (_, i) => `/e${i}${long}`),
        steps: Array.from({ length: 300 }, (_, i) => `step ${i} ${long}`),
        impact: { summary: long, stops: Array.from({ length: 100 }, () => long) },
        history: { disconnects30d: 99, chronic: true, uptime30d: 0, mttrMs: 1e9 },
        email: { state: 'failed', to: long, at: null, error: long },
        task: { title: long, dueAt: NOW - MIN, priority: 'high', overdue: true, done: false },
        reopened: true,
        inMaintenance: true,
        acknowledgedBy: 'U1',
        lifecycle: 'snoozed',
        snoozedUntil: NOW + MIN,
        signalId: 's'.repeat(146),
      }),
      BERLIN,
    );
    expect(checkBlocks(blocks, 'message')).toBeNull();
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(blocks)).toContain('+290 more steps');
  });

  it('when the signal id would not fit a snooze option value, then it throws RangeError', () => {
    expect(() => buildAlertMessage(alert({ signalId: 's'.repeat(147) }), BERLIN)).toThrow(RangeError);
    expect(() => buildAlertMessage(alert({ signalId: '' }), BERLIN)).toThrow(RangeError);
  });
});

describe('buildAlertResolvedReply', () => {
  it('when resolved after 125 minutes with 3 failures, then the reply says so in one sentence', () => {
    const reply = buildAlertResolvedReply(alert({ resolvedAt: OPENED + 125 * MIN, lifecycle: 'resolved' }), BERLIN);
    expect(reply.text).toBe('Resolved: Salesforce for Acme Corp is healthy again after 2 h 5 min (3 failures).');
    expect(reply.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: ':white_check_mark: *Resolved:* Salesforce for *Acme Corp* is healthy again after 2 h 5 min (3 failures).',
        },
      },
    ]);
  });
});

describe('buildTaskReminder', () => {
  it('when the task is overdue, then the DM says since when and carries the View Integration Status button', () => {
    const base = alert();
    const task = base.task ? { ...base.task, dueAt: NOW - 25 * MIN, overdue: true } : null;
    const { text, blocks } = buildTaskReminder(alert({ task }), BERLIN);
    expect(text).toBe('Task overdue: Integration disconnected: Salesforce for Acme Corp (due 15:52 CET)');
    expect(allText(blocks)).toContain('*Task overdue since 15:52 CET* (25 min ago)');
    expect(controls(blocks).map((e) => [e.action_id, (e as Button).value])).toEqual([
      [ACTION.alertViewStatus, 'sig_1'],
    ]);
    expect(checkBlocks(blocks, 'message')).toBeNull();
  });

  it('when the alert has no task, then it throws RangeError', () => {
    expect(() => buildTaskReminder(alert({ task: null }), BERLIN)).toThrow(RangeError);
  });
});

function upstream(n: number): UpstreamAlertView {
  const severities = ['low', 'critical', 'medium', 'high'] as const;
  return {
    integrationType: 'salesforce',
    integrationLabel: 'Salesforce',
    totalCustomers: n + 9,
    firstAt: OPENED,
    customers: Array.from({ length: n }, (_, i) => ({
      customerId: `c${i}`,
      customerName: `Customer ${String(i).padStart(4, '0')}`,
      signalId: `sig_${i}`,
      severity: severities[i % 4],
      arrUsd: i * 1000,
      status: 'disconnected' as const,
    })),
  };
}

const rowButtons = (blocks: KnownBlock[]) =>
  blocks.flatMap((b) =>
    b.type === 'section' && (b as SectionBlock).accessory ? [(b as SectionBlock).accessory as Button] : [],
  );

describe('buildUpstreamAlert', () => {
  it('when 5 of 14 affected customers are mine, then one message lists them by severity then ARR with a button each', () => {
    const { text, blocks } = buildUpstreamAlert(upstream(5), BERLIN);
    expect(text).toBe(
      'Upstream: Salesforce is failing for 14 customers (5 of yours) since 14:03 CET — likely a vendor outage',
    );
    expect(headerOf(blocks)).toBe(':rotating_light: Upstream: Salesforce is failing for 14 customers (5 of yours)');
    const buttons = rowButtons(blocks);
    expect(buttons.map((b) => b.value)).toEqual(['sig_1', 'sig_3', 'sig_2', 'sig_4', 'sig_0']);
    for (const b of buttons) expect(actionIdPattern(ACTION.alertViewStatus).test(b.action_id ?? '')).toBe(true);
    expect(checkBlocks(blocks, 'message')).toBeNull();
  });

  it('when one customer is affected, then the message is exactly the golden object', () => {
    const model = upstream(1);
    model.totalCustomers = 6;
    expect(buildUpstreamAlert(model, BERLIN)).toEqual({
      text: 'Upstream: Salesforce is failing for 6 customers (1 of yours) since 14:03 CET — likely a vendor outage',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: ':rotating_light: Upstream: Salesforce is failing for 6 customers (1 of yours)',
            emoji: true,
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: "Since *14:03 CET* (2 h 14 min ago) — likely a vendor outage rather than anything your customers changed. Check Salesforce's status page before contacting them.",
          },
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: ':white_circle: *Customer 0000* · Low · Disconnected · $0 ARR' },
          accessory: {
            type: 'button',
            action_id: 'alert.view_status:0',
            text: { type: 'plain_text', text: 'View status' },
            value: 'sig_0',
          },
        },
      ],
    });
  });

  it('when 1,000 customers are affected, then the message stays within limits and counts the rest', () => {
    const { blocks } = buildUpstreamAlert(upstream(1000), BERLIN);
    expect(checkBlocks(blocks, 'message')).toBeNull();
    expect(allText(blocks)).toContain('+960 more of your customers');
  });
});
