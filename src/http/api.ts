import type { Repos } from '../db/index.js';
import type { HealthReport } from '../domain/report/types.js';
import type { Logger } from '../logger.js';
import { type CustomerImport, customerRowSchema } from '../services/customers/import.js';
import type { ReportStore } from '../services/reports/store.js';
import type { Ticketing } from '../services/reports/ticketing.js';
import { draftTicket } from '../services/reports/ticketing.js';
import { scoreStream } from '../services/scoring/score-files.js';
import { type StatusReport, toHealthJson } from '../services/status.js';
import { guard, HttpError, param, type Route, readBody, send } from './common.js';

/**
 * The REST API on the Bolt receiver's custom routes. Every route needs `Authorization: Bearer
 * <TECHHEALTH_API_TOKEN>` (401 otherwise, and always 401 while the token is unset).
 *
 *   POST /api/integrations/usage/upload        raw file body (or multipart/form-data) → score + store
 *        ?filename=acme_logs.csv&customer=Acme (customer optional when the file names it)
 *   GET  /api/integrations/status              the bot's dependencies (application/health+json on request)
 *   GET  /api/integrations/:customerId/health  latest score of a customer (id, external id or name)
 *   GET  /api/integrations/:customerId/issues  open issues of the latest report
 *   POST /api/integrations/:customerId/ticket  a support ticket from the latest report (idempotent per report)
 *   POST /api/customers/import                 CSV or JSON customers (see services/customer-import.ts)
 *   PUT  /api/customers/:externalId            upsert one customer (JSON object)
 *
 * Imports answer 200 with { created, updated, problems: [{ line, field, message }], customers }; 422 when
 * no row loaded and some were bad.
 */

export interface ApiDeps {
  apiToken: string | null;
  repos: Repos;
  reportStore: ReportStore;
  ticketing: Ticketing | null;
  customerImport: CustomerImport;
  status(): Promise<StatusReport>;
  maxBytes: number;
  logger: Logger;
}

export function apiRoutes(deps: ApiDeps): Route[] {
  const guarded = guard(deps.apiToken, deps.logger);

  const customerOf = async (key: string) => {
    const doc = await deps.repos.customers.findByRef({ id: key, name: key });
    if (!doc) throw new HttpError(404, 'customer.not_found', `No customer with id, external id or name "${key}".`);
    return { id: doc.id, name: doc.name };
  };
  const latestOf = async (key: string) => {
    const customer = await customerOf(key);
    const latest = await deps.repos.reports.findLatest(customer.id);
    if (!latest) throw new HttpError(404, 'report.not_found', `${customer.name} has no technical health report yet.`);
    return { customer, latest };
  };

  return [
    {
      path: '/api/customers/import',
      method: ['POST'],
      doc: {
        summary: 'Import customers (CSV or JSON; created, updated and every problem by line)',
        rawBody: ['text/csv', 'application/json'],
      },
      handler: guarded(async (req, res) => {
        const text = (await readBody(req, deps.maxBytes)).toString('utf8');
        let result: Awaited<ReturnType<CustomerImport['importText']>>;
        try {
          result = await deps.customerImport.importText(text);
        } catch (err) {
          throw new HttpError(
            400,
            'import.unreadable',
            `The body is neither a customers CSV nor JSON: ${(err as Error).message}`,
          );
        }
        send(res, result.customers.length === 0 && result.problems.length > 0 ? 422 : 200, result);
      }),
    },
    {
      path: '/api/customers/:externalId',
      method: ['PUT'],
      doc: { summary: 'Create or update one customer by external id', body: customerRowSchema },
      handler: guarded(async (req, res) => {
        let raw: unknown;
        try {
          raw = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8'));
        } catch {
          throw new HttpError(400, 'import.unreadable', 'The body must be a JSON object describing the customer.');
        }
        if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
          throw new HttpError(400, 'import.unreadable', 'The body must be a JSON object describing the customer.');
        }
        const result = await deps.customerImport.upsertOne(param(req, 'externalId'), raw as Record<string, unknown>);
        send(res, result.problems.length > 0 ? 422 : result.created > 0 ? 201 : 200, result);
      }),
    },
    {
      path: '/api/integrations/status',
      method: ['GET'],
      doc: { summary: "The bot's dependencies and their health (application/health+json on request)" },
      handler: guarded(async (req, res) => {
        const report = await deps.status();
        const code = report.overall_status === 'partial' ? 503 : 200;
        if ((req.headers.accept ?? '').includes('application/health+json')) {
          send(res, code, toHealthJson(report), 'application/health+json');
        } else send(res, code, report);
      }),
    },
    {
      path: '/api/integrations/usage/upload',
      method: ['POST'],
      doc: {
        summary: 'Score an API/webhook log export and store the report',
        rawBody: ['text/csv', 'application/json', 'application/x-ndjson', 'multipart/form-data'],
        query: {
          filename: 'the file name (its extension picks the format)',
          customer: 'the customer, when the file does not name it',
        },
      },
      handler: guarded(async (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const raw = await readBody(req, deps.maxBytes);
        let name = url.searchParams.get('filename') ?? String(req.headers['x-filename'] ?? 'upload');
        let bytes: Uint8Array = raw;
        const type = req.headers['content-type'] ?? '';
        if (type.startsWith('multipart/form-data')) {
          const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
          const part = [...form.values()].find((v) => typeof v !== 'string') as (Blob & { name?: string }) | undefined;
          if (!part) throw new HttpError(400, 'upload.no_file', 'The multipart body has no file part.');
          name = part.name || name;
          bytes = new Uint8Array(await part.arrayBuffer());
        }
        if (bytes.length === 0)
          throw new HttpError(400, 'upload.empty', 'The request body is empty: send the file as the body.');
        const customer = url.searchParams.get('customer');
        const result = await scoreStream(
          {
            name,
            chunks: (async function* () {
              yield bytes;
            })(),
          },
          { customer },
        );
        const unnamed = result.reports.filter((r) => !r.customer);
        if (unnamed.length > 0) {
          throw new HttpError(422, 'upload.no_customer', 'The file does not name a customer: pass ?customer=<name>.');
        }
        const stored = [];
        for (const r of result.reports) {
          const s = await deps.reportStore.storeReport(r, { fileHash: result.fileHash, fileNames: result.fileNames });
          stored.push({
            customer: r.customer,
            customerId: s.customerId,
            reportId: s.reportId,
            created: s.created,
            score: r.score,
            status: r.status,
          });
        }
        send(res, stored.some((s) => s.created) ? 201 : 200, { fileHash: result.fileHash, reports: stored });
      }),
    },
    {
      path: '/api/integrations/:customerId/health',
      method: ['GET'],
      doc: { summary: "A customer's latest technical health score" },
      handler: guarded(async (req, res) => {
        const { customer, latest } = await latestOf(param(req, 'customerId'));
        send(res, 200, healthSummary(customer, latest.id, latest.report));
      }),
    },
    {
      path: '/api/integrations/:customerId/issues',
      method: ['GET'],
      doc: { summary: "The open issues of a customer's latest report" },
      handler: guarded(async (req, res) => {
        const { customer, latest } = await latestOf(param(req, 'customerId'));
        const issues = latest.report.integrations.flatMap((i) =>
          i.issues.map((issue) => ({ integration: i.name, type: i.type, ...issue })),
        );
        send(res, 200, { customer, reportId: latest.id, generatedAt: latest.report.generatedAt, issues });
      }),
    },
    {
      path: '/api/integrations/:customerId/ticket',
      method: ['POST'],
      doc: { summary: 'Open a support ticket from the latest report (once per report)' },
      handler: guarded(async (req, res) => {
        if (!deps.ticketing) throw new HttpError(503, 'ticketing.unavailable', 'Ticketing is not available.');
        const { customer, latest } = await latestOf(param(req, 'customerId'));
        const draft = draftTicket(latest.report);
        const { ticket, created } = await deps.ticketing.createTicket({
          idempotencyKey: `report:${latest.id}`,
          customerId: customer.id,
          customerName: customer.name,
          reportId: latest.id,
          ...draft,
          source: 'api',
        });
        send(res, created ? 201 : 200, {
          ticketId: ticket.ticketId,
          created,
          subject: ticket.subject,
          priority: ticket.priority,
        });
      }),
    },
  ];
}

function healthSummary(customer: { id: string; name: string }, reportId: string, r: HealthReport) {
  return {
    customer,
    reportId,
    generatedAt: r.generatedAt,
    score: r.score,
    status: r.status,
    trend: r.trend,
    period: r.period,
    integrations: r.integrations.map((i) => ({
      name: i.name,
      type: i.type,
      critical: i.critical,
      score: i.score,
      status: i.status,
      successRate: i.successRate,
      p95Ms: i.latency.p95,
      slaMs: i.latency.slaMs,
      issues: i.issues.length,
    })),
  };
}
