import { describe, expect, it } from '@jest/globals';
import { riskSignalsMessage, ticketForSupportMessage } from '../../../views/action-messages.js';
import { agendaFromIssues, buildCallModal, nextBusinessDay, parseCallSubmission } from '../../../views/call-modal.js';
import { CALLBACK } from '../../../views/ids.js';
import { buildTicketModal, decodeRef, parseTicketSubmission } from '../../../views/ticket-modal.js';
import { checkBlocks } from '../../support/block-kit-rules.js';

const ref = { reportId: '65a1b2c3d4e5f60718293a4b', channel: 'C0CHAN001', threadTs: '1768000000.000001' };

describe('ticket modal', () => {
  it('when the prefill is longer than the inputs allow, then it is cut to 150/3,000 characters and the modal passes Slack’s checks', () => {
    const view = buildTicketModal({
      ref,
      customer: 'Acme',
      score: 40,
      prefill: { subject: 'S'.repeat(400), priority: 'urgent', description: 'D'.repeat(10_000) },
      existing: ['TECH-2026-0007'],
    });
    expect(view.callback_id).toBe(CALLBACK.ticketSubmit);
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('TECH-2026-0007');
    const inputs = view.blocks.filter((b) => b.type === 'input') as {
      block_id: string;
      element: { initial_value?: string };
    }[];
    expect(inputs.find((b) => b.block_id === 'subject')?.element.initial_value).toHaveLength(150);
    expect(inputs.find((b) => b.block_id === 'description')?.element.initial_value).toHaveLength(3000);
    expect(decodeRef(view.private_metadata as string)).toEqual({ ...ref, extra: {} });
  });

  it('when a submission lacks a subject and priority, then both fields get an error; a full one parses with "another" unticked', () => {
    expect(
      parseTicketSubmission({ subject: { value: { value: '' } }, description: { value: { value: 'x' } } }),
    ).toEqual({
      ok: false,
      errors: { subject: 'Give the ticket a subject.', priority: 'Pick a priority.' },
    });
    expect(
      parseTicketSubmission({
        subject: { value: { value: ' Sub ' } },
        priority: { value: { selected_option: { value: 'high' } } },
        description: { value: { value: 'Desc' } },
      }),
    ).toEqual({ ok: true, subject: 'Sub', priority: 'high', description: 'Desc', another: false });
  });
});

describe('call modal', () => {
  it('when built with many attendees and a long agenda, then it stays within Slack’s limits and says which time zone applies', () => {
    const view = buildCallModal({
      ref,
      customer: 'Acme',
      timeZone: 'Asia/Kolkata',
      date: '2026-01-21',
      attendees: Array.from({ length: 300 }, (_, i) => `person${i}@acme.example`),
      agenda: 'A'.repeat(5000),
    });
    expect(checkBlocks(view.blocks, 'view')).toBeNull();
    expect(JSON.stringify(view.blocks)).toContain('Asia/Kolkata');
    expect(decodeRef(view.private_metadata as string)?.extra).toEqual({ z: 'Asia/Kolkata' });
  });

  it('when the attendees hold a bad address and the date is past, then both are reported; valid input parses with de-duplicated attendees', () => {
    const base = {
      time: { value: { selected_time: '09:00' } },
      duration: { value: { selected_option: { value: '30' } } },
      agenda: { value: { value: 'Agenda' } },
    };
    expect(
      parseCallSubmission(
        {
          ...base,
          date: { value: { selected_date: '2026-01-19' } },
          attendees: { value: { value: 'a@x.io\nnot-an-email' } },
        },
        '2026-01-20',
      ),
    ).toEqual({
      ok: false,
      errors: { date: 'Pick today or a later date.', attendees: 'Not an e-mail address: not-an-email' },
    });
    expect(
      parseCallSubmission(
        {
          ...base,
          date: { value: { selected_date: '2026-01-20' } },
          attendees: { value: { value: 'a@x.io, b@x.io\na@x.io' } },
          conference: { value: { selected_options: [{ value: 'meet' }] } },
        },
        '2026-01-20',
      ),
    ).toEqual({
      ok: true,
      call: {
        date: '2026-01-20',
        time: '09:00',
        durationMinutes: 30,
        attendees: ['a@x.io', 'b@x.io'],
        agenda: 'Agenda',
        conference: true,
      },
    });
  });

  it('when it is Friday evening in New York (Saturday UTC), then the proposed date is Monday', () => {
    expect(nextBusinessDay(new Date('2026-01-24T02:00:00Z'), 'America/New_York')).toBe('2026-01-26');
  });

  it('when there are more than 8 issues, then the agenda lists the first 8 between the opening and closing items', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({
      integration: 'Salesforce',
      severity: 'high',
      title: `Issue ${i}`,
    }));
    const lines = agendaFromIssues(issues).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[1]).toBe('2. Salesforce: Issue 0 (high)');
    expect(lines[9]).toBe('10. Agree on fixes, owners and dates');
  });
});

describe('action messages', () => {
  it('when a ticket has a 3,000-character description, then the support-channel message stays within Block Kit limits', () => {
    const m = ticketForSupportMessage(
      {
        ticketId: 'TECH-2026-0142',
        subject: 'S',
        priority: 'urgent',
        customerName: 'Acme',
        description: 'x'.repeat(3000),
        createdBy: 'U1',
      },
      null,
    );
    expect(checkBlocks(m.blocks, 'message')).toBeNull();
    expect(m.text).toBe('New support ticket TECH-2026-0142 for Acme: S');
  });

  it('when nothing changed because the report had no issues, then the message says so', () => {
    const m = riskSignalsMessage({
      customer: 'Acme',
      created: 0,
      updated: 0,
      unchanged: 0,
      healthRecorded: 90,
      updatedBy: 'U1',
    });
    expect(m.text).toBe('Risk signals for Acme: No issues in this report, so no risk signals to raise.');
  });
});
