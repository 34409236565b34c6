/**
 * Seeded, realistic demo export: one customer by default ("Acme Corp"), nine integrations, each with one planted
 * fault (or none, for the control integrations), over a few weeks of traffic with a daily/weekly shape.
 *
 * Pure and deterministic: the same options always give the same bytes. Memory is O(1) in the row count:
 * rows are produced in time order by stratified sampling of the traffic curve, never buffered.
 */
import type { IssueKind } from '../report/types.js';

export interface DemoOptions {
  /** PRNG seed (mulberry32). Default 42. */
  seed?: number;
  /** Number of data rows (header excluded). Default 60,000. */
  rows?: number;
  /** ISO date-time of the first hour. Default '2026-01-05T00:00:00Z' (a Monday). */
  start?: string;
  /** Length of the period in weeks. Default 4. */
  weeks?: number;
  /**
   * Customer names written in the `customer` column. Default ['Acme Corp']. With several, each row
   * goes to one of them uniformly at random (every customer gets the same planted faults).
   */
  customers?: string[];
}

export const DEMO_HEADER: string[] = [
  'timestamp',
  'customer',
  'integration',
  'type',
  'method',
  'endpoint',
  'status',
  'latency_ms',
  'error_code',
  'error_message',
  'request_bytes',
  'response_bytes',
];

export const DEMO_CUSTOMER = 'Acme Corp';

/** The planted faults: what a correct analysis should (and should not) find. */
export const DEMO_FAULTS: { integration: string; kinds: IssueKind[]; description: string }[] = [
  {
    integration: 'Salesforce',
    kinds: ['rate_limited'],
    description:
      'Rate-limit storm: from start + 15/28 of the period (day 15 of 4 weeks) ~15% of calls get 429 REQUEST_LIMIT_EXCEEDED; ~0 before.',
  },
  {
    integration: 'HubSpot',
    // Large requests all go to the batch endpoint, so the fault also shows as that endpoint failing.
    kinds: ['server_errors', 'partial_failure'],
    description:
      'HTTP 500 on large requests: request_bytes > 1 MB fail 30% of the time; small requests are fine. Requests over 100 KB use POST /crm/v3/objects/contacts/batch/upsert.',
  },
  {
    integration: 'Okta SSO',
    kinds: ['auth_failures'],
    description: '401 invalid_token ("token expired") on ~25% of Sunday calls; ~0 on other days.',
  },
  {
    integration: 'Webhook (Events)',
    kinds: ['webhook_failures', 'timeouts'],
    description: 'Webhook deliveries time out (504, error_code timeout) ~20% of the time between 13:00 and 17:59 UTC.',
  },
  {
    integration: 'Zendesk',
    kinds: ['latency_degradation', 'latency_breach'],
    description: 'p95 latency creeps from ~400 ms (first week) to ~1,800 ms (last week) against a 1,000 ms SLA.',
  },
  {
    integration: 'Slack',
    kinds: ['disconnected', 'auth_failures'],
    description:
      'Healthy until 4 days before the end, then every call fails 401 invalid_auth ("token_revoked") at a third of the traffic.',
  },
  {
    integration: 'Jira',
    kinds: ['partial_failure', 'server_errors'],
    description:
      'One failing endpoint: POST /rest/api/3/issue/{n}/transitions returns 500 40% of the time; others fine.',
  },
  {
    integration: 'Intercom',
    kinds: [],
    description: 'Noisy but healthy: ~0.4% random 500/502/timeouts. Must NOT be flagged.',
  },
  { integration: 'Stripe', kinds: [], description: 'Clean. Must NOT be flagged.' },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Traffic share per integration (before Slack disconnects), in DEMO_FAULTS order. */
const SHARES = [0.2, 0.14, 0.12, 0.12, 0.1, 0.1, 0.08, 0.07, 0.07];
const SLACK = 5;

/** mulberry32: tiny, fast, good enough for synthetic data. Returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Relative traffic in one UTC hour: busy weekday business hours, quiet nights and weekends. */
function hourWeight(epochMs: number): number {
  const d = new Date(epochMs);
  const dow = d.getUTCDay();
  const h = d.getUTCHours();
  if (dow === 0 || dow === 6) return 0.3;
  if (h >= 8 && h < 18) return 1.4;
  if (h >= 18 && h < 22) return 0.8;
  return 0.3;
}

function cumulative(shares: number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  let acc = 0;
  return shares.map((s) => {
    acc += s / total;
    return acc;
  });
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Generates the demo rows (string cells in DEMO_HEADER order), in time order.
 *
 * Deterministic for given options; O(1) memory; well over 1M rows/s.
 * @throws RangeError when rows < 0, weeks < 1, start is not a date or customers is empty.
 * @example [...generateDemoRows({ seed: 1, rows: 10 })].length // 10
 */
export function* generateDemoRows(opts: DemoOptions = {}): Generator<string[]> {
  const rows = opts.rows ?? 60_000;
  const weeks = opts.weeks ?? 4;
  const start = Date.parse(opts.start ?? '2026-01-05T00:00:00Z');
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a whole number ≥ 0 (got ${rows})`);
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a whole number ≥ 1 (got ${weeks})`);
  if (Number.isNaN(start)) throw new RangeError(`start is not a date: ${opts.start}`);
  const customers = opts.customers ?? [DEMO_CUSTOMER];
  if (customers.length === 0 || customers.some((c) => c.trim() === '')) {
    throw new RangeError('customers must list at least one non-empty name');
  }
  const rand = mulberry32(opts.seed ?? 42);

  const totalDays = weeks * 7;
  const hours = totalDays * 24;
  const periodMs = hours * HOUR_MS;
  const rateLimitFrom = start + Math.round((totalDays * 15) / 28) * DAY_MS;
  const slackCutoff = start + Math.max(0, totalDays - 4) * DAY_MS;
  const cumBefore = cumulative(SHARES);
  const cumAfter = cumulative(SHARES.map((s, i) => (i === SLACK ? s / 3 : s)));

  let totalWeight = 0;
  for (let h = 0; h < hours; h++) totalWeight += hourWeight(start + h * HOUR_MS);

  // Standard normal via Box–Muller, caching the second value.
  let spare = Number.NaN;
  const gauss = (): number => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = Number.NaN;
      return s;
    }
    const u = 1 - rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  /** Lognormal latency with the given p95 (ms) and shape sigma. */
  const lognormal = (p95: number, sigma: number) =>
    Math.max(5, Math.round((p95 / Math.exp(1.645 * sigma)) * Math.exp(sigma * gauss())));
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const sfId = (prefix: string) => {
    let s = `${prefix}5e00000`;
    for (let i = 0; i < 8; i++) s += B62[Math.floor(rand() * 62)];
    return `${s}AAG`;
  };
  const stripeId = (prefix: string) => {
    let s = prefix;
    for (let i = 0; i < 14; i++) s += B62[Math.floor(rand() * 62)];
    return s;
  };

  // Inverse-CDF walk over the hours: row i sits at quantile (i + u) / rows, so timestamps never go back.
  let hour = 0;
  let hourStartW = 0;
  let hourW = hours > 0 ? hourWeight(start) : 0;
  let hourPrefix = '';
  let prefixHour = -1;

  for (let i = 0; i < rows; i++) {
    const target = ((i + rand()) / rows) * totalWeight;
    while (target >= hourStartW + hourW && hour < hours - 1) {
      hourStartW += hourW;
      hour++;
      hourW = hourWeight(start + hour * HOUR_MS);
    }
    const within = Math.min(HOUR_MS - 1, Math.floor(((target - hourStartW) / hourW) * HOUR_MS));
    const t = start + hour * HOUR_MS + within;
    if (prefixHour !== hour) {
      hourPrefix = new Date(start + hour * HOUR_MS).toISOString().slice(0, 14);
      prefixHour = hour;
    }
    const mm = Math.floor(within / 60_000);
    const ss = Math.floor((within % 60_000) / 1000);
    const timestamp = `${hourPrefix}${pad2(mm)}:${pad2(ss)}.${pad3(within % 1000)}Z`;
    const frac = (t - start) / periodMs;
    const utcHour = Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    const sunday = new Date(t).getUTCDay() === 0;

    const cum = t >= slackCutoff ? cumAfter : cumBefore;
    const r = rand();
    let k = 0;
    while (k < cum.length - 1 && r >= cum[k]) k++;

    let integration = '';
    let type = 'api_call';
    let method = 'GET';
    let endpoint = '';
    let status = 200;
    let latency = 0;
    let errorCode = '';
    let errorMessage = '';
    let reqBytes = 0;
    let respBytes = 0;
    const x = rand();

    switch (k) {
      case 0: {
        integration = 'Salesforce';
        if (x < 0.45) {
          method = 'GET';
          endpoint = `/services/data/v59.0/sobjects/Account/${sfId('001')}`;
        } else if (x < 0.65) {
          method = 'PATCH';
          endpoint = `/services/data/v59.0/sobjects/Opportunity/${sfId('006')}`;
        } else if (x < 0.85) {
          method = 'GET';
          endpoint = '/services/data/v59.0/query?q=SELECT+Id,Name,Industry+FROM+Account+WHERE+LastModifiedDate=TODAY';
        } else {
          method = 'POST';
          endpoint = '/services/data/v59.0/composite/sobjects';
        }
        reqBytes = method === 'GET' ? int(300, 900) : int(800, 24_000);
        latency = lognormal(650, 0.45);
        respBytes = int(600, 40_000);
        const limited = t >= rateLimitFrom ? rand() < 0.15 : rand() < 0.0005;
        if (limited) {
          status = 429;
          latency = int(20, 80);
          errorCode = 'REQUEST_LIMIT_EXCEEDED';
          errorMessage = '[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}]';
          respBytes = 96;
        }
        break;
      }
      case 1: {
        integration = 'HubSpot';
        reqBytes = Math.round(Math.exp(Math.log(200) + rand() * (Math.log(4_000_000) - Math.log(200))));
        if (reqBytes > 100_000) {
          method = 'POST';
          endpoint = '/crm/v3/objects/contacts/batch/upsert';
        } else if (x < 0.6) {
          method = 'GET';
          endpoint = `/crm/v3/objects/contacts/${int(1000, 999_999)}`;
        } else {
          method = 'PATCH';
          endpoint = `/crm/v3/objects/deals/${int(1000, 999_999)}`;
        }
        latency = lognormal(550, 0.4) + Math.round(reqBytes / 20_000);
        respBytes = int(400, 12_000);
        if (reqBytes > 1_000_000 && rand() < 0.3) {
          status = 500;
          errorCode = 'INTERNAL_ERROR';
          errorMessage = 'Internal Server Error, "batch upsert failed" (correlationId 7f3c)';
          respBytes = 180;
        }
        break;
      }
      case 2: {
        integration = 'Okta SSO';
        if (x < 0.55) {
          method = 'POST';
          endpoint = '/oauth2/v1/token';
        } else if (x < 0.85) {
          method = 'GET';
          endpoint = '/oauth2/v1/userinfo';
        } else {
          method = 'POST';
          endpoint = '/api/v1/authn';
        }
        reqBytes = int(200, 1200);
        respBytes = int(800, 2500);
        latency = lognormal(350, 0.35);
        if (sunday ? rand() < 0.25 : rand() < 0.001) {
          status = 401;
          errorCode = 'invalid_token';
          errorMessage = 'token expired';
          respBytes = 120;
          latency = int(30, 120);
        }
        break;
      }
      case 3: {
        integration = 'Webhook (Events)';
        type = 'webhook';
        method = 'POST';
        endpoint = '/webhooks/events';
        reqBytes = int(500, 6000);
        respBytes = int(2, 60);
        latency = lognormal(900, 0.5);
        if (utcHour >= 13 && utcHour < 18 && rand() < 0.2) {
          status = 504;
          errorCode = 'timeout';
          errorMessage = 'Delivery timed out after 10000 ms, receiver did not respond';
          // No response, so no latency recorded (keeps the planted fault to failures, not a latency breach).
          latency = -1;
          respBytes = 0;
        }
        break;
      }
      case 4: {
        integration = 'Zendesk';
        if (x < 0.5) {
          method = 'GET';
          endpoint = `/api/v2/tickets/${int(100, 99_999)}.json`;
        } else if (x < 0.75) {
          method = 'PUT';
          endpoint = `/api/v2/tickets/${int(100, 99_999)}.json`;
        } else if (x < 0.9) {
          method = 'POST';
          endpoint = '/api/v2/tickets.json';
        } else {
          method = 'GET';
          endpoint = `/api/v2/users/${int(100, 99_999)}.json`;
        }
        reqBytes = method === 'GET' ? int(200, 600) : int(600, 8000);
        respBytes = int(1000, 20_000);
        // p95 grows geometrically from ~400 ms mid-first-week to ~1,800 ms mid-last-week.
        latency = lognormal(400 * 4.5 ** ((frac - 0.5 / weeks) / Math.max(1e-9, 1 - 1 / weeks)), 0.5);
        if (rand() < 0.001) {
          status = 503;
          errorCode = 'ServiceUnavailable';
          errorMessage = 'Service Unavailable';
        }
        break;
      }
      case 5: {
        integration = 'Slack';
        method = 'POST';
        endpoint = x < 0.8 ? '/api/chat.postMessage' : '/api/conversations.history';
        reqBytes = int(200, 3000);
        respBytes = int(300, 4000);
        latency = lognormal(450, 0.4);
        if (t >= slackCutoff) {
          status = 401;
          errorCode = 'invalid_auth';
          errorMessage = 'token_revoked';
          respBytes = 60;
          latency = int(40, 150);
        }
        break;
      }
      case 6: {
        integration = 'Jira';
        const n = int(10_000, 10_999);
        if (x < 0.25) {
          method = 'POST';
          endpoint = `/rest/api/3/issue/${n}/transitions`;
        } else if (x < 0.6) {
          method = 'GET';
          endpoint = `/rest/api/3/issue/${n}`;
        } else if (x < 0.85) {
          method = 'GET';
          endpoint = '/rest/api/3/search';
        } else {
          method = 'POST';
          endpoint = '/rest/api/3/issue';
        }
        // A transition body is tiny ({"transition":{"id":"31"}}), so failures don't correlate with size.
        reqBytes = method === 'GET' || x < 0.25 ? int(150, 700) : int(500, 6000);
        respBytes = int(800, 30_000);
        latency = lognormal(900, 0.4);
        if (x < 0.25 && rand() < 0.4) {
          status = 500;
          errorCode = 'INTERNAL_SERVER_ERROR';
          errorMessage = '{"errorMessages":["Transition failed, workflow validator threw an exception"],"errors":{}}';
          respBytes = 140;
        }
        break;
      }
      case 7: {
        integration = 'Intercom';
        if (x < 0.4) {
          method = 'GET';
          endpoint = `/conversations/${int(1000, 99_999)}`;
        } else if (x < 0.7) {
          method = 'POST';
          endpoint = '/contacts/search';
        } else {
          method = 'POST';
          endpoint = '/conversations';
        }
        reqBytes = int(200, 2500);
        respBytes = int(500, 15_000);
        latency = lognormal(500, 0.4);
        const noise = rand();
        if (noise < 0.0015) {
          status = 500;
          errorCode = 'server_error';
          errorMessage = 'Internal server error';
        } else if (noise < 0.003) {
          status = 502;
          errorCode = 'bad_gateway';
          errorMessage = 'Bad Gateway';
        } else if (noise < 0.004) {
          status = 504;
          errorCode = 'timeout';
          errorMessage = 'Gateway timeout, "upstream" did not answer';
          latency = -1;
        }
        break;
      }
      default: {
        integration = 'Stripe';
        if (x < 0.5) {
          method = 'POST';
          endpoint = '/v1/payment_intents';
        } else if (x < 0.8) {
          method = 'GET';
          endpoint = `/v1/customers/${stripeId('cus_')}`;
        } else {
          method = 'GET';
          endpoint = `/v1/invoices/${stripeId('in_')}`;
        }
        reqBytes = int(200, 1500);
        respBytes = int(800, 6000);
        latency = lognormal(420, 0.35);
      }
    }

    yield [
      timestamp,
      // A single customer draws no random number, so the default output is unchanged by this option.
      customers.length === 1 ? (customers[0] as string) : (customers[Math.floor(rand() * customers.length)] as string),
      integration,
      type,
      method,
      endpoint,
      String(status),
      latency < 0 ? '' : String(latency),
      errorCode,
      errorMessage,
      String(reqBytes),
      String(respBytes),
    ];
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

type DemoRow = [string, string, string, string, string, string, string, string, string, string, string, string];

function csvCell(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * The demo export as CSV text (RFC 4180: comma-separated, CRLF-free `\n` line ends, fields with
 * commas/quotes/newlines quoted and quotes doubled), in chunks of about 64 KiB, header first.
 *
 * @example for (const chunk of generateDemoCsv({ seed: 7 })) file.write(chunk);
 */
export function* generateDemoCsv(opts: DemoOptions = {}): Generator<string> {
  const CHUNK = 64 * 1024;
  let buf = `${DEMO_HEADER.join(',')}\n`;
  for (const row of generateDemoRows(opts)) {
    // Timestamp, type, method, status and the numbers are generated without commas or quotes; only the
    // free-text cells (customer, integration, endpoint, error code and message) may need quoting.
    const r = row as DemoRow;
    buf += `${r[0]},${csvCell(r[1])},${csvCell(r[2])},${r[3]},${r[4]},${csvCell(r[5])},${r[6]},${r[7]},${csvCell(r[8])},${csvCell(r[9])},${r[10]},${r[11]}\n`;
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}
