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
  /**
   * Distinct end users per integration: adds a `user_id` column (empty on webhook deliveries), drawn from
   * a separate PRNG so every other cell is the same as without it. Default 0: no user column.
   */
  users?: number;
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

/** Seeded draws the demo rows use: integers, lognormal latencies, Salesforce and Stripe style ids. */
function randomSources(rand: () => number) {
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
  return { int, lognormal, sfId, stripeId };
}

/** The options with their defaults, checked: RangeError for a bad count, date or customer list. */
function demoSettings(opts: DemoOptions) {
  const rows = opts.rows ?? 60_000;
  const weeks = opts.weeks ?? 4;
  const start = Date.parse(opts.start ?? '2026-01-05T00:00:00Z');
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a whole number ≥ 0 (got ${rows})`);
  if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`weeks must be a whole number ≥ 1 (got ${weeks})`);
  if (Number.isNaN(start)) throw new RangeError(`start is not a date: ${opts.start}`);
  const users = opts.users ?? 0;
  if (!Number.isInteger(users) || users < 0) throw new RangeError(`users must be a whole number ≥ 0 (got ${users})`);
  const customers = opts.customers ?? [DEMO_CUSTOMER];
  if (customers.length === 0 || customers.some((c) => c.trim() === '')) {
    throw new RangeError('customers must list at least one non-empty name');
  }
  return { rows, weeks, start, customers, users };
}

/**
 * Generates the demo rows (string cells in DEMO_HEADER order), in time order.
 *
 * Deterministic for given options; O(1) memory; well over 1M rows/s.
 * @throws RangeError when rows < 0, weeks < 1, start is not a date or customers is empty.
 * @example [...generateDemoRows({ seed: 1, rows: 10 })].length // 10
 */
export function* generateDemoRows(opts: DemoOptions = {}): Generator<string[]> {
  const { rows, weeks, start, customers, users } = demoSettings(opts);
  const rand = mulberry32(opts.seed ?? 42);
  const userRand = mulberry32(((opts.seed ?? 42) ^ 0x5eed5eed) >>> 0);

  const totalDays = weeks * 7;
  const hours = totalDays * 24;
  const periodMs = hours * HOUR_MS;
  const rateLimitFrom = start + Math.round((totalDays * 15) / 28) * DAY_MS;
  const slackCutoff = start + Math.max(0, totalDays - 4) * DAY_MS;
  const cumBefore = cumulative(SHARES);
  const cumAfter = cumulative(SHARES.map((s, i) => (i === SLACK ? s / 3 : s)));

  let totalWeight = 0;
  for (let h = 0; h < hours; h++) totalWeight += hourWeight(start + h * HOUR_MS);

  const { int, lognormal, sfId, stripeId } = randomSources(rand);
  const draw = { rand, int, lognormal, sfId, stripeId, weeks, rateLimitFrom, slackCutoff };

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

    const call = DEMO_CALLS[Math.min(k, DEMO_CALLS.length - 1)]({
      ...draw,
      t,
      x: rand(),
      sunday,
      utcHour,
      frac,
    });
    const { integration, type, method, endpoint, status, latency, errorCode, errorMessage, reqBytes, respBytes } = call;
    const row = [
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
    if (users > 0) row.push(type === 'webhook' ? '' : demoUser(integration, users, userRand()));
    yield row;
  }
}

/** A user of an integration's pool of `users`, skewed so a few users make most calls (u² puts ~30% on the first 10%). */
function demoUser(integration: string, users: number, u: number): string {
  return `${integration.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-user-${Math.floor(users * u * u)}`;
}

/** The random sources and the period's planted-fault times one generated call draws on. */
interface Draw {
  rand: () => number;
  int: (lo: number, hi: number) => number;
  lognormal: (p95: number, sigma: number) => number;
  sfId: (prefix: string) => string;
  stripeId: (prefix: string) => string;
  weeks: number;
  rateLimitFrom: number;
  slackCutoff: number;
  /** The row's time (epoch ms), its UTC hour, whether it is a Sunday, and its fraction of the period. */
  t: number;
  utcHour: number;
  sunday: boolean;
  frac: number;
  /** One uniform draw the integration uses to pick its endpoint. */
  x: number;
}

/** One generated API call or webhook delivery; latency -1 means none recorded. */
interface DemoCall {
  integration: string;
  type: string;
  method: string;
  endpoint: string;
  status: number;
  latency: number;
  errorCode: string;
  errorMessage: string;
  reqBytes: number;
  respBytes: number;
}

const blankCall = (): DemoCall => ({
  integration: '',
  type: 'api_call',
  method: 'GET',
  endpoint: '',
  status: 200,
  latency: 0,
  errorCode: '',
  errorMessage: '',
  reqBytes: 0,
  respBytes: 0,
});

function salesforceCall(d: Draw): DemoCall {
  const { rand, int, lognormal, sfId, rateLimitFrom, t, x } = d;
  const c = blankCall();
  c.integration = 'Salesforce';
  if (x < 0.45) {
    c.method = 'GET';
    c.endpoint = `/services/data/v59.0/sobjects/Account/${sfId('001')}`;
  } else if (x < 0.65) {
    c.method = 'PATCH';
    c.endpoint = `/services/data/v59.0/sobjects/Opportunity/${sfId('006')}`;
  } else if (x < 0.85) {
    c.method = 'GET';
    c.endpoint = '/services/data/v59.0/query?q=SELECT+Id,Name,Industry+FROM+Account+WHERE+LastModifiedDate=TODAY';
  } else {
    c.method = 'POST';
    c.endpoint = '/services/data/v59.0/composite/sobjects';
  }
  c.reqBytes = c.method === 'GET' ? int(300, 900) : int(800, 24_000);
  c.latency = lognormal(650, 0.45);
  c.respBytes = int(600, 40_000);
  const limited = t >= rateLimitFrom ? rand() < 0.15 : rand() < 0.0005;
  if (limited) {
    c.status = 429;
    c.latency = int(20, 80);
    c.errorCode = 'REQUEST_LIMIT_EXCEEDED';
    c.errorMessage = '[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":"TotalRequests Limit exceeded."}]';
    c.respBytes = 96;
  }
  return c;
}

function hubspotCall(d: Draw): DemoCall {
  const { rand, int, lognormal, x } = d;
  const c = blankCall();
  c.integration = 'HubSpot';
  c.reqBytes = Math.round(Math.exp(Math.log(200) + rand() * (Math.log(4_000_000) - Math.log(200))));
  if (c.reqBytes > 100_000) {
    c.method = 'POST';
    c.endpoint = '/crm/v3/objects/contacts/batch/upsert';
  } else if (x < 0.6) {
    c.method = 'GET';
    c.endpoint = `/crm/v3/objects/contacts/${int(1000, 999_999)}`;
  } else {
    c.method = 'PATCH';
    c.endpoint = `/crm/v3/objects/deals/${int(1000, 999_999)}`;
  }
  c.latency = lognormal(550, 0.4) + Math.round(c.reqBytes / 20_000);
  c.respBytes = int(400, 12_000);
  if (c.reqBytes > 1_000_000 && rand() < 0.3) {
    c.status = 500;
    c.errorCode = 'INTERNAL_ERROR';
    c.errorMessage = 'Internal Server Error, "batch upsert failed" (correlationId 7f3c)';
    c.respBytes = 180;
  }
  return c;
}

function oktaCall(d: Draw): DemoCall {
  const { rand, int, lognormal, sunday, x } = d;
  const c = blankCall();
  c.integration = 'Okta SSO';
  if (x < 0.55) {
    c.method = 'POST';
    c.endpoint = '/oauth2/v1/token';
  } else if (x < 0.85) {
    c.method = 'GET';
    c.endpoint = '/oauth2/v1/userinfo';
  } else {
    c.method = 'POST';
    c.endpoint = '/api/v1/authn';
  }
  c.reqBytes = int(200, 1200);
  c.respBytes = int(800, 2500);
  c.latency = lognormal(350, 0.35);
  if (sunday ? rand() < 0.25 : rand() < 0.001) {
    c.status = 401;
    c.errorCode = 'invalid_token';
    c.errorMessage = 'token expired';
    c.respBytes = 120;
    c.latency = int(30, 120);
  }
  return c;
}

function webhookCall(d: Draw): DemoCall {
  const { rand, int, lognormal, utcHour } = d;
  const c = blankCall();
  c.integration = 'Webhook (Events)';
  c.type = 'webhook';
  c.method = 'POST';
  c.endpoint = '/webhooks/events';
  c.reqBytes = int(500, 6000);
  c.respBytes = int(2, 60);
  c.latency = lognormal(900, 0.5);
  if (utcHour >= 13 && utcHour < 18 && rand() < 0.2) {
    c.status = 504;
    c.errorCode = 'timeout';
    c.errorMessage = 'Delivery timed out after 10000 ms, receiver did not respond';
    // No response, so no c.latency recorded (keeps the planted fault to failures, not a c.latency breach).
    c.latency = -1;
    c.respBytes = 0;
  }
  return c;
}

function zendeskCall(d: Draw): DemoCall {
  const { rand, int, lognormal, weeks, frac, x } = d;
  const c = blankCall();
  c.integration = 'Zendesk';
  if (x < 0.5) {
    c.method = 'GET';
    c.endpoint = `/api/v2/tickets/${int(100, 99_999)}.json`;
  } else if (x < 0.75) {
    c.method = 'PUT';
    c.endpoint = `/api/v2/tickets/${int(100, 99_999)}.json`;
  } else if (x < 0.9) {
    c.method = 'POST';
    c.endpoint = '/api/v2/tickets.json';
  } else {
    c.method = 'GET';
    c.endpoint = `/api/v2/users/${int(100, 99_999)}.json`;
  }
  c.reqBytes = c.method === 'GET' ? int(200, 600) : int(600, 8000);
  c.respBytes = int(1000, 20_000);
  // p95 grows geometrically from ~400 ms mid-first-week to ~1,800 ms mid-last-week.
  c.latency = lognormal(400 * 4.5 ** ((frac - 0.5 / weeks) / Math.max(1e-9, 1 - 1 / weeks)), 0.5);
  if (rand() < 0.001) {
    c.status = 503;
    c.errorCode = 'ServiceUnavailable';
    c.errorMessage = 'Service Unavailable';
  }
  return c;
}

function slackCall(d: Draw): DemoCall {
  const { int, lognormal, slackCutoff, t, x } = d;
  const c = blankCall();
  c.integration = 'Slack';
  c.method = 'POST';
  c.endpoint = x < 0.8 ? '/api/chat.postMessage' : '/api/conversations.history';
  c.reqBytes = int(200, 3000);
  c.respBytes = int(300, 4000);
  c.latency = lognormal(450, 0.4);
  if (t >= slackCutoff) {
    c.status = 401;
    c.errorCode = 'invalid_auth';
    c.errorMessage = 'token_revoked';
    c.respBytes = 60;
    c.latency = int(40, 150);
  }
  return c;
}

function jiraCall(d: Draw): DemoCall {
  const { rand, int, lognormal, x } = d;
  const c = blankCall();
  c.integration = 'Jira';
  const n = int(10_000, 10_999);
  if (x < 0.25) {
    c.method = 'POST';
    c.endpoint = `/rest/api/3/issue/${n}/transitions`;
  } else if (x < 0.6) {
    c.method = 'GET';
    c.endpoint = `/rest/api/3/issue/${n}`;
  } else if (x < 0.85) {
    c.method = 'GET';
    c.endpoint = '/rest/api/3/search';
  } else {
    c.method = 'POST';
    c.endpoint = '/rest/api/3/issue';
  }
  // A transition body is tiny ({"transition":{"id":"31"}}), so failures don't correlate with size.
  c.reqBytes = c.method === 'GET' || x < 0.25 ? int(150, 700) : int(500, 6000);
  c.respBytes = int(800, 30_000);
  c.latency = lognormal(900, 0.4);
  if (x < 0.25 && rand() < 0.4) {
    c.status = 500;
    c.errorCode = 'INTERNAL_SERVER_ERROR';
    c.errorMessage = '{"errorMessages":["Transition failed, workflow validator threw an exception"],"errors":{}}';
    c.respBytes = 140;
  }
  return c;
}

function intercomCall(d: Draw): DemoCall {
  const { rand, int, lognormal, x } = d;
  const c = blankCall();
  c.integration = 'Intercom';
  if (x < 0.4) {
    c.method = 'GET';
    c.endpoint = `/conversations/${int(1000, 99_999)}`;
  } else if (x < 0.7) {
    c.method = 'POST';
    c.endpoint = '/contacts/search';
  } else {
    c.method = 'POST';
    c.endpoint = '/conversations';
  }
  c.reqBytes = int(200, 2500);
  c.respBytes = int(500, 15_000);
  c.latency = lognormal(500, 0.4);
  const noise = rand();
  if (noise < 0.0015) {
    c.status = 500;
    c.errorCode = 'server_error';
    c.errorMessage = 'Internal server error';
  } else if (noise < 0.003) {
    c.status = 502;
    c.errorCode = 'bad_gateway';
    c.errorMessage = 'Bad Gateway';
  } else if (noise < 0.004) {
    c.status = 504;
    c.errorCode = 'timeout';
    c.errorMessage = 'Gateway timeout, "upstream" did not answer';
    c.latency = -1;
  }
  return c;
}

function stripeCall(d: Draw): DemoCall {
  const { int, lognormal, stripeId, x } = d;
  const c = blankCall();
  c.integration = 'Stripe';
  if (x < 0.5) {
    c.method = 'POST';
    c.endpoint = '/v1/payment_intents';
  } else if (x < 0.8) {
    c.method = 'GET';
    c.endpoint = `/v1/customers/${stripeId('cus_')}`;
  } else {
    c.method = 'GET';
    c.endpoint = `/v1/invoices/${stripeId('in_')}`;
  }
  c.reqBytes = int(200, 1500);
  c.respBytes = int(800, 6000);
  c.latency = lognormal(420, 0.35);
  return c;
}

/** One generator per demo integration, in the order of SHARES (the last takes any overflow). */
const DEMO_CALLS: ((d: Draw) => DemoCall)[] = [
  salesforceCall,
  hubspotCall,
  oktaCall,
  webhookCall,
  zendeskCall,
  slackCall,
  jiraCall,
  intercomCall,
  stripeCall,
];

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
  const withUsers = (opts.users ?? 0) > 0;
  let buf = `${[...DEMO_HEADER, ...(withUsers ? ['user_id'] : [])].join(',')}\n`;
  for (const row of generateDemoRows(opts)) {
    // Timestamp, type, method, status and the numbers are generated without commas or quotes; only the
    // free-text cells (customer, integration, endpoint, error code and message) may need quoting.
    const r = row as DemoRow;
    buf += `${r[0]},${csvCell(r[1])},${csvCell(r[2])},${r[3]},${r[4]},${csvCell(r[5])},${r[6]},${r[7]},${csvCell(r[8])},${csvCell(r[9])},${r[10]},${r[11]}${withUsers ? `,${row[12]}` : ''}\n`;
    if (buf.length >= CHUNK) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}
