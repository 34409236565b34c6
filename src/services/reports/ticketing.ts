import { type CounterRepo, isDuplicateKey } from '../../db/counters.js';
import {
  isPendingTicketId,
  type NewTicket,
  type SupportTicketRepo,
  type TicketPriority,
  type TicketRecord,
} from '../../db/support-tickets.js';
import { sinceNote } from '../../domain/report/format.js';
import type { HealthReport, Issue } from '../../domain/report/types.js';
import { SEVERITY_RANK } from '../../domain/severity.js';

/**
 * Support tickets: prefilled from a health report, stored with ids `TECH-<year>-<4-digit sequence>`.
 *
 * Numbering is sequential per UTC year through the counters collection ($inc with upsert, atomic), so
 * concurrent creations get distinct consecutive numbers. Each ticket has an idempotency key (one ticket
 * per report by default): the key is claimed first under a unique index and only the winner takes a
 * number, so a double submission neither creates a second ticket nor burns a number.
 */

export const TICKET_LIMITS = { subject: 150, description: 3000 } as const;

export interface TicketDraft {
  subject: string;
  priority: TicketPriority;
  description: string;
}

export interface CreateTicketInput {
  /** Same key → same ticket. `report:<reportId>` for "one per report"; `view:<id>` or `api:<key>` otherwise. */
  idempotencyKey: string;
  customerId: string | null;
  customerName: string;
  reportId?: string | null;
  subject: string;
  priority: TicketPriority;
  description: string;
  createdBy?: string | null;
  source?: 'slack' | 'api';
  slackThread?: { channel: string; ts: string } | null;
}

export interface Ticketing {
  /**
   * Stores the ticket unless one with the same idempotency key exists; returns it either way with
   * `created` telling which. Throws when the subject or description is empty or too long.
   */
  createTicket(input: CreateTicketInput): Promise<{ ticket: TicketRecord; created: boolean }>;
  /** Tickets already raised from this report, oldest first. */
  ticketsForReport(reportId: string): Promise<TicketRecord[]>;
  recordSupportMessage(ticket: TicketRecord, ref: { channel: string; ts: string }): Promise<void>;
}

const MAX_NUMBERING_ATTEMPTS = 50;

export const ticketIdFor = (year: number, seq: number) => `TECH-${year}-${String(seq).padStart(4, '0')}`;
export const reportTicketKey = (reportId: string) => `report:${reportId}`;

export function createTicketing(deps: {
  tickets: SupportTicketRepo;
  counters: CounterRepo;
  now?: () => Date;
}): Ticketing {
  const now = deps.now ?? (() => new Date());

  /** A concurrent twin holds the key but has not been numbered yet: wait briefly for its number. */
  const awaitNumber = async (ticket: TicketRecord): Promise<TicketRecord> => {
    let current = ticket;
    for (let i = 0; i < 50 && isPendingTicketId(current.ticketId); i++) {
      await new Promise((r) => setTimeout(r, 50));
      current = (await deps.tickets.findByKey(ticket.idempotencyKey)) ?? current;
    }
    return current;
  };

  return {
    async createTicket(input) {
      const subject = input.subject.trim();
      const description = input.description.trim();
      if (!subject || subject.length > TICKET_LIMITS.subject) {
        throw new RangeError(`subject must be 1–${TICKET_LIMITS.subject} characters`);
      }
      if (!description || description.length > TICKET_LIMITS.description) {
        throw new RangeError(`description must be 1–${TICKET_LIMITS.description} characters`);
      }
      const fresh: NewTicket = {
        idempotencyKey: input.idempotencyKey,
        customerId: input.customerId,
        customerName: input.customerName,
        reportId: input.reportId ?? null,
        subject,
        priority: input.priority,
        description,
        createdBy: input.createdBy ?? null,
        source: input.source ?? 'slack',
        slackThread: input.slackThread ?? null,
      };
      const { ticket, created } = await deps.tickets.claim(fresh);
      if (!created) return { ticket: await awaitNumber(ticket), created: false };
      try {
        const year = now().getUTCFullYear();
        // $inc is atomic on MongoDB; FerretDB v1 can hand two concurrent callers the same value. The unique
        // ticketId index catches that and the loser takes the next number (still no gaps: the counter only
        // lagged behind).
        for (let attempt = 1; ; attempt++) {
          const seq = await deps.counters.next(`support_ticket:${year}`);
          try {
            return {
              ticket: await deps.tickets.assignNumber(ticket.id, ticketIdFor(year, seq), year, seq),
              created: true,
            };
          } catch (err) {
            if (!isDuplicateKey(err) || attempt >= MAX_NUMBERING_ATTEMPTS) throw err;
          }
        }
      } catch (err) {
        await deps.tickets.removePending(ticket.id);
        throw err;
      }
    },
    ticketsForReport: (reportId) => deps.tickets.listForReport(reportId),
    recordSupportMessage: (ticket, ref) => deps.tickets.setSupportMessage(ticket.id, ref),
  };
}

/**
 * The ticket a CSM would write from this report: the worst integration in the subject, priority from the
 * worst issue (critical → urgent, high → high, medium → normal, else low; a critical report is at least
 * high), and a description listing issues with their evidence, then recommendations, within 3,000
 * characters (a plain-text input's limit).
 */
export function draftTicket(report: HealthReport): TicketDraft {
  const customer = report.customer ?? 'Unknown customer';
  const issues = report.integrations
    .flatMap((integration) => integration.issues.map((issue) => ({ integration: integration.name, issue })))
    .sort((a, b) => SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity]);
  const worst = issues[0];
  const worstRank = worst ? SEVERITY_RANK[worst.issue.severity] : 3;
  let priority: TicketPriority = (['urgent', 'high', 'normal', 'low'] as const)[worstRank] ?? 'low';
  if (report.status === 'critical' && (priority === 'normal' || priority === 'low')) priority = 'high';
  const subject = worst
    ? `${customer}: ${worst.integration} — ${worst.issue.title}`
    : `${customer}: technical health ${report.score}/100`;

  const lines: string[] = [
    `Technical health ${report.score}/100 (${report.status.replace('_', ' ')}), overall risk ${report.overallRisk}.`,
    report.summary,
    '',
  ];
  if (issues.length > 0) {
    lines.push('Issues:');
    for (const { integration, issue } of issues) {
      const since = sinceNote(issue);
      lines.push(`- [${issue.severity}] ${integration}: ${issue.title}${since ? ` (${since})` : ''}`);
      const evidence = evidenceText(issue);
      if (evidence) lines.push(`  Evidence: ${evidence}`);
    }
    lines.push('');
  }
  if (report.recommendations.length > 0) {
    lines.push('Recommendations:');
    for (const r of report.recommendations) {
      lines.push(`- ${r.integration ? `${r.integration}: ` : ''}${r.title} — ${r.detail}`);
    }
  }
  return {
    subject: cut(subject, TICKET_LIMITS.subject),
    priority,
    description: cut(lines.join('\n').trim(), TICKET_LIMITS.description),
  };
}

function evidenceText(issue: Issue): string {
  return Object.entries(issue.evidence)
    .filter(([, v]) => v !== null && v !== undefined)
    .slice(0, 6)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(k, v) : JSON.stringify(v)}`)
    .join(', ')
    .slice(0, 300);
}

function formatNumber(key: string, v: number): string {
  return /rate/i.test(key) && v <= 1 ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 100) / 100);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
