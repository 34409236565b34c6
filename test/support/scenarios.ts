/**
 * Seeded, labelled fault scenarios for the scoring engine: each scenario is a list of logical calls with
 * a known fault (kind, onset) written out in several export layouts (column names, units, timestamp
 * formats, CSV and NDJSON), so tests can push the bytes through the real ingestion and analysis.
 */
import type { IssueKind } from '../../src/domain/report/types.js';
import { rng } from './random.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-01-05 00:00 UTC. */
export const START = Date.UTC(2026, 0, 5);

export { rng };

export interface Call {
  ts: number;
  integration: string;
  kind: 'api_call' | 'webhook';
  endpoint: string;
  status: number;
  latencyMs: number;
  errorCode: string | null;
  requestBytes: number;
  responseBytes: number;
}

export interface Scenario {
  name: string;
  integration: string;
  calls: Call[];
  /** Exact issue kinds expected for the integration (sorted); [] for healthy data. */
  kinds: IssueKind[];
  /** The true onset (epoch ms) and the tolerance of its dating, or null when not dated. */
  onset: { at: number; toleranceMs: number; kind: IssueKind } | null;
  /** Whether the minimal layout is the only faithful one (hour-clustered timeouts: time, integration, outcome). */
  minimalOnly?: boolean;
}

interface Base {
  integration: string;
  kind?: Call['kind'];
  days?: number;
  perDay: number;
  endpoints: string[];
  seed: number;
  /** Background failure probability (any time), as HTTP 500. */
  noise?: number;
}

/** Poisson-ish traffic with a day/night shape; `fault` may turn a call into a failure. */
function traffic(b: Base, fault: (c: Call, r: () => number) => void): Call[] {
  const r = rng(b.seed);
  const out: Call[] = [];
  const days = b.days ?? 28;
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < b.perDay; i++) {
      // Busier in the (UTC) daytime: accept a uniform time with probability 0.4–1.0 by hour.
      let ts = 0;
      for (;;) {
        ts = START + d * DAY + Math.floor(r() * DAY);
        const h = new Date(ts).getUTCHours();
        if (r() < 0.4 + 0.6 * Math.sin((Math.PI * h) / 24)) break;
      }
      const c: Call = {
        ts,
        integration: b.integration,
        kind: b.kind ?? 'api_call',
        endpoint: b.endpoints[Math.floor(r() * b.endpoints.length)] as string,
        status: 200,
        latencyMs: Math.round(80 + r() * 250),
        errorCode: null,
        requestBytes: 200 + Math.floor(r() * 4000),
        responseBytes: 300 + Math.floor(r() * 8000),
      };
      if (b.noise && r() < b.noise) {
        c.status = 500;
        c.errorCode = 'INTERNAL_ERROR';
      }
      fault(c, r);
      out.push(c);
    }
  }
  return out.sort((a, b2) => a.ts - b2.ts);
}

const fail = (c: Call, status: number, code: string | null): void => {
  c.status = status;
  c.errorCode = code;
};

/** Salesforce loses its token at day 19 14:37: every call after fails 401 invalid_grant. */
export function suddenDisconnect(seed = 1): Scenario {
  const at = START + 19 * DAY + 14 * HOUR + 37 * 60_000;
  const calls = traffic(
    { integration: 'Salesforce', perDay: 240, endpoints: ['/services/data/v59.0/query'], seed, noise: 0.002 },
    (c) => {
      if (c.ts >= at) fail(c, 401, 'invalid_grant');
    },
  );
  return {
    name: 'sudden disconnect',
    integration: 'Salesforce',
    calls,
    kinds: ['auth_failures', 'disconnected'],
    onset: { at, toleranceMs: HOUR, kind: 'disconnected' },
  };
}

/** Webhook receiver returns 503 for 70% of deliveries on day 17, 21:10–23:40 UTC. */
export function eveningWebhookBurst(seed = 2): Scenario {
  const at = START + 17 * DAY + 21 * HOUR + 10 * 60_000;
  const end = at + 2.5 * HOUR;
  const calls = traffic(
    { integration: 'Webhooks', kind: 'webhook', perDay: 600, endpoints: ['/hooks/orders'], seed, noise: 0.002 },
    (c, r) => {
      if (c.ts >= at && c.ts < end && r() < 0.7) fail(c, 503, 'SERVICE_UNAVAILABLE');
    },
  );
  return {
    name: 'evening webhook burst',
    integration: 'Webhooks',
    calls,
    kinds: ['server_errors', 'webhook_failures'],
    onset: { at, toleranceMs: 6 * HOUR, kind: 'webhook_failures' },
  };
}

/** Jira's transitions endpoint starts failing 45% with 500 from day 12 10:00; other endpoints stay fine. */
export function endpointStartsFailing(seed = 3): Scenario {
  const at = START + 12 * DAY + 10 * HOUR;
  const bad = '/rest/api/3/issue/:id/transitions';
  const calls = traffic(
    {
      integration: 'Jira',
      perDay: 400,
      endpoints: ['/rest/api/3/search', '/rest/api/3/issue/:id', bad, '/rest/api/3/project'],
      seed,
      noise: 0.002,
    },
    (c, r) => {
      if (c.endpoint === bad && c.ts >= at && r() < 0.45) fail(c, 500, 'INTERNAL_ERROR');
    },
  );
  return {
    name: 'endpoint starts failing',
    integration: 'Jira',
    calls,
    kinds: ['partial_failure', 'server_errors'],
    onset: { at, toleranceMs: 24 * HOUR, kind: 'server_errors' },
  };
}

/** HubSpot 429s ramp linearly from 0 at day 9 to 30% at the end of the file. */
export function rateLimitRamp(seed = 4): Scenario {
  const at = START + 9 * DAY;
  const end = START + 28 * DAY;
  const calls = traffic(
    { integration: 'HubSpot', perDay: 500, endpoints: ['/crm/v3/objects/contacts'], seed, noise: 0.001 },
    (c, r) => {
      if (c.ts >= at && r() < (0.3 * (c.ts - at)) / (end - at)) fail(c, 429, 'RATE_LIMIT');
    },
  );
  return {
    name: 'rate-limit ramp',
    integration: 'HubSpot',
    calls,
    kinds: ['rate_limited'],
    onset: { at, toleranceMs: 48 * HOUR, kind: 'rate_limited' },
  };
}

/** 500s on 65% of the batch endpoint's requests over 1 MB (5% of its calls); overall rate stays ~0.6%. */
export function sizeCorrelated500s(seed = 5): Scenario {
  const batch = '/crm/v3/objects/contacts/batch/upsert';
  const calls = traffic(
    {
      integration: 'HubSpot',
      perDay: 500,
      endpoints: ['/crm/v3/objects/contacts', '/crm/v3/objects/deals', batch],
      seed,
      noise: 0.003,
    },
    (c, r) => {
      if (c.endpoint !== batch) return;
      if (r() < 0.05) {
        c.requestBytes = 1_100_000 + Math.floor(r() * 3_000_000);
        if (r() < 0.65) fail(c, 500, 'INTERNAL_ERROR');
      } else c.requestBytes = 20_000 + Math.floor(r() * 200_000);
    },
  );
  return { name: 'size-correlated 500s', integration: 'HubSpot', calls, kinds: ['server_errors'], onset: null };
}

/** Webhook deliveries time out 20% of the time between 02:00 and 05:00 UTC every day (~1.5% overall). */
export function hourClusteredTimeouts(seed = 6): Scenario {
  const calls = traffic(
    { integration: 'Webhooks', kind: 'webhook', perDay: 500, endpoints: ['/hooks/events'], seed, noise: 0.001 },
    (c, r) => {
      const h = new Date(c.ts).getUTCHours();
      if (h >= 2 && h < 5 && r() < 0.2) fail(c, 504, 'timeout');
    },
  );
  return {
    name: 'hour-clustered webhook timeouts',
    integration: 'Webhooks',
    calls,
    kinds: ['timeouts', 'webhook_failures'],
    onset: null,
    minimalOnly: true,
  };
}

/**
 * Healthy but noisy: 0.6% random 500s, a 10-minute 40% burst, a few one-off failing giant requests and
 * latency outliers, on several endpoints.
 */
export function healthyNoisy(seed = 7, integration = 'Zendesk'): Scenario {
  const burst = START + 11 * DAY + 9 * HOUR;
  const calls = traffic(
    {
      integration,
      perDay: 450,
      endpoints: ['/api/v2/tickets', '/api/v2/users', '/api/v2/search', '/api/v2/tickets/:id/comments'],
      seed,
      noise: 0.006,
    },
    (c, r) => {
      if (c.ts >= burst && c.ts < burst + 10 * 60_000 && r() < 0.4) fail(c, 502, 'BAD_GATEWAY');
      if (r() < 0.0005) {
        c.requestBytes = 8_000_000;
        fail(c, 500, 'INTERNAL_ERROR');
      }
      if (r() < 0.001) c.latencyMs = 30_000;
    },
  );
  return { name: `healthy noisy (${integration}, seed ${seed})`, integration, calls, kinds: [], onset: null };
}

export type Layout = 'csv-iso-ms' | 'csv-epoch-seconds' | 'ndjson-nested-us' | 'csv-minimal';

export const LAYOUTS: Layout[] = ['csv-iso-ms', 'csv-epoch-seconds', 'ndjson-nested-us', 'csv-minimal'];

/** Writes the calls in one export layout; the file name carries the format. */
export function render(s: Scenario, layout: Layout): { fileName: string; text: string } {
  const lines: string[] = [];
  switch (layout) {
    case 'csv-iso-ms':
      lines.push('timestamp,customer,integration,endpoint,status,latency_ms,error_code,request_bytes,response_bytes');
      for (const c of s.calls)
        lines.push(
          [
            new Date(c.ts).toISOString(),
            'Acme',
            c.integration,
            c.endpoint,
            c.status,
            c.latencyMs,
            c.errorCode ?? '',
            c.requestBytes,
            c.responseBytes,
          ].join(','),
        );
      return { fileName: 'acme_export.csv', text: `${lines.join('\n')}\n` };
    case 'csv-epoch-seconds':
      lines.push('Time,Account,Service,Request Path,HTTP Status,Duration (s),Error Type,Payload Size,Bytes Sent');
      for (const c of s.calls)
        lines.push(
          [
            (c.ts / 1000).toFixed(3),
            'Acme',
            c.integration,
            c.endpoint,
            c.status,
            (c.latencyMs / 1000).toFixed(3),
            c.errorCode ?? '',
            c.requestBytes,
            c.responseBytes,
          ].join(','),
        );
      return { fileName: 'calls.csv', text: `${lines.join('\n')}\n` };
    case 'ndjson-nested-us':
      for (const c of s.calls)
        lines.push(
          JSON.stringify({
            time: new Date(c.ts).toISOString().replace('T', ' ').replace('Z', '+00:00'),
            tenant: 'Acme',
            app: c.integration,
            type: c.kind === 'webhook' ? 'webhook' : 'api',
            url: c.endpoint,
            statusCode: c.status,
            duration_us: c.latencyMs * 1000,
            ...(c.errorCode ? { errorCode: c.errorCode } : {}),
            requestSize: c.requestBytes,
            responseSize: c.responseBytes,
          }),
        );
      return { fileName: 'events.ndjson', text: `${lines.join('\n')}\n` };
    case 'csv-minimal':
      lines.push('time,integration,status');
      for (const c of s.calls) lines.push([new Date(c.ts).toISOString(), c.integration, c.status].join(','));
      return { fileName: 'minimal.csv', text: `${lines.join('\n')}\n` };
  }
}

/** Every fault scenario plus healthy noisy controls. */
export function allScenarios(): Scenario[] {
  return [
    suddenDisconnect(),
    eveningWebhookBurst(),
    endpointStartsFailing(),
    rateLimitRamp(),
    sizeCorrelated500s(),
    hourClusteredTimeouts(),
    healthyNoisy(7),
    healthyNoisy(8, 'Intercom'),
    healthyNoisy(9, 'Custom API'),
  ];
}
