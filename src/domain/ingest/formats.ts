/**
 * Record extraction per container: access-log lines (nginx combined, AWS ALB) → value arrays, JSON objects
 * → value arrays by key path, and a streaming splitter of top-level JSON array elements.
 */
import type { FieldName } from './types.js';

export const NGINX_COLUMNS = [
  'time_local',
  'request',
  'status',
  'body_bytes_sent',
  'request_time',
  'remote_addr',
  'http_referer',
  'http_user_agent',
  'remote_user',
];
const Q = String.raw`"((?:[^"\\]|\\.)*)"`;
const NGINX = new RegExp(String.raw`^(\S+) \S+ (\S+) \[([^\]]+)\] ${Q} (\d{3}|-) (\d+|-)(?: ${Q} ${Q})?(.*)$`);
const EXTRA_TIME = /(?:^|\s)(?:rt=|request_time=)?(\d+\.\d+)(?=\s|$)/;

/** nginx "combined" (optionally followed by `$request_time` in seconds) → values in {@link NGINX_COLUMNS} order, or null. */
export function parseNginxLine(line: string, out: unknown[]): boolean {
  const m = NGINX.exec(line);
  if (m === null) return false;
  out[0] = m[3];
  out[1] = m[4];
  out[2] = m[5];
  out[3] = m[6];
  const extra = m[9] ?? '';
  const t = extra === '' ? null : EXTRA_TIME.exec(extra);
  out[4] = t === null ? '' : t[1];
  out[5] = m[1];
  out[6] = m[7] ?? '';
  out[7] = m[8] ?? '';
  out[8] = m[2]; // $remote_user: "-" without HTTP authentication
  return true;
}

export const NGINX_FIELDS: Partial<Record<FieldName, number>> = {
  timestamp: 0,
  endpoint: 1,
  status: 2,
  responseBytes: 3,
  latency: 4,
  user: 8,
};

export function looksNginx(line: string): boolean {
  return NGINX.test(line);
}

/** Field order of an ALB access log entry (AWS documentation), plus our computed total latency. */
export const ALB_COLUMNS = [
  'type',
  'time',
  'elb',
  'client:port',
  'target:port',
  'request_processing_time',
  'target_processing_time',
  'response_processing_time',
  'elb_status_code',
  'target_status_code',
  'received_bytes',
  'sent_bytes',
  'request',
  'user_agent',
  'ssl_cipher',
  'ssl_protocol',
  'target_group_arn',
  'trace_id',
  'domain_name',
  'chosen_cert_arn',
  'matched_rule_priority',
  'request_creation_time',
  'actions_executed',
  'redirect_url',
  'error_reason',
  'target:port_list',
  'target_status_code_list',
  'classification',
  'classification_reason',
  'conn_trace_id',
  'request_processing_time+target_processing_time+response_processing_time',
];
const ALB_LATENCY = ALB_COLUMNS.length - 1;
export const ALB_FIELDS: Partial<Record<FieldName, number>> = {
  timestamp: 1,
  latency: ALB_LATENCY,
  status: 8,
  requestBytes: 10,
  responseBytes: 11,
  endpoint: 12,
  errorCode: 24,
};

const ALB_START = /^(https?|h2|grpcs|wss?) \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

export function looksAlb(line: string): boolean {
  return ALB_START.test(line);
}

/** Splits on spaces, keeping "quoted strings" (quotes removed) whole. */
function tokenize(line: string, out: unknown[]): number {
  let n = 0;
  let i = 0;
  const len = line.length;
  while (i < len) {
    while (i < len && line.charCodeAt(i) === 32) i++;
    if (i >= len) break;
    if (line.charCodeAt(i) === 34) {
      let j = i + 1;
      let s = '';
      let from = j;
      for (; j < len; j++) {
        const c = line.charCodeAt(j);
        if (c === 92) {
          s += line.slice(from, j);
          j++;
          from = j;
        } else if (c === 34) break;
      }
      s += line.slice(from, j);
      out[n++] = s;
      i = j + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j < 0) j = len;
      out[n++] = line.slice(i, j);
      i = j;
    }
  }
  return n;
}

/** One ALB access log entry → values in {@link ALB_COLUMNS} order (total latency in ms appended). */
export function parseAlbLine(line: string, out: unknown[]): boolean {
  if (!ALB_START.test(line)) return false;
  for (let i = 0; i < out.length; i++) out[i] = '';
  const n = tokenize(line, out);
  if (n < 13) return false;
  const a = Number(out[5]);
  const b = Number(out[6]);
  const c = Number(out[7]);
  // -1 means the ALB could not dispatch the request or the target closed the connection.
  out[ALB_LATENCY] = a >= 0 && b >= 0 && c >= 0 ? (a + b + c) * 1000 : Number.NaN;
  return true;
}

/** API Gateway access log keys, in order of preference per field. */
const APIGW_KEYS: Partial<Record<FieldName, string[]>> = {
  timestamp: ['requestTimeEpoch', 'requestTime'],
  method: ['httpMethod'],
  endpoint: ['resourcePath', 'routeKey', 'path'],
  status: ['status'],
  latency: ['responseLatency', 'integrationLatency', 'latency'],
  responseBytes: ['responseLength'],
  host: ['domainName'],
  errorMessage: ['errorMessage', 'error.message', 'integrationErrorMessage'],
  errorCode: ['errorResponseType', 'error.responseType'],
  // $context.authorizer.principalId / $context.identity.user, under the names AWS's examples give them.
  user: ['principalId', 'authorizer.principalId', 'user', 'identity.user', 'userId'],
};

const KONG_KEYS: Partial<Record<FieldName, string[]>> = {
  timestamp: ['started_at'],
  method: ['request.method'],
  endpoint: ['request.uri', 'request.url'],
  host: ['service.host'],
  status: ['response.status'],
  latency: ['latencies.request'],
  requestBytes: ['request.size'],
  responseBytes: ['response.size'],
  integration: ['service.name'],
  customer: ['consumer.username', 'consumer.custom_id'],
};

export function looksApiGateway(keys: Set<string>): boolean {
  return keys.has('requestId') && (keys.has('httpMethod') || keys.has('routeKey')) && keys.has('status');
}

export function looksKong(keys: Set<string>): boolean {
  return (
    keys.has('request.method') &&
    keys.has('response.status') &&
    (keys.has('latencies.request') || keys.has('started_at'))
  );
}

/** Every key path a known JSON log format may carry for our fields. */
export function knownJsonKeys(format: 'apigateway' | 'kong'): string[] {
  return Object.values(format === 'kong' ? KONG_KEYS : APIGW_KEYS).flat();
}

export function fixedJsonFields(format: 'apigateway' | 'kong', columns: string[]): Partial<Record<FieldName, number>> {
  const table = format === 'kong' ? KONG_KEYS : APIGW_KEYS;
  const out: Partial<Record<FieldName, number>> = {};
  for (const [f, keys] of Object.entries(table) as [FieldName, string[]][]) {
    for (const k of keys) {
      const i = columns.indexOf(k);
      if (i >= 0) {
        out[f] = i;
        break;
      }
    }
  }
  return out;
}

/** Adds the dotted key paths of an object's leaves (depth ≤ 3; arrays are leaves) to `out`, in first-seen order. */
export function collectKeys(obj: Record<string, unknown>, prefix: string, out: Set<string>, depth = 0): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    const key = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 3) {
      collectKeys(v as Record<string, unknown>, `${key}.`, out, depth + 1);
    } else out.add(key);
  }
}

export type Getter = (o: Record<string, unknown>) => unknown;

/** Value readers per column key path (a literal key containing dots is tried first). */
export function compileGetters(columns: string[]): Getter[] {
  return columns.map((col) => {
    const segs = col.split('.');
    if (segs.length === 1) return (o) => o[col];
    return (o) => {
      if (col in o) return o[col];
      let cur: unknown = o;
      for (const s of segs) {
        if (cur === null || typeof cur !== 'object') return undefined;
        cur = (cur as Record<string, unknown>)[s];
      }
      return cur;
    };
  });
}

/**
 * Streaming splitter of JSON array elements: either a top-level array, or the array under `key` of a
 * top-level object. Feed text chunks; it calls `emit(elementText)` for each complete element, tracking
 * strings, escapes and nesting depth, so a 500 MB array is never held as one string.
 */
export class JsonArraySplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  private carry = '';
  private active = false;
  private done = false;
  private elemDepth: number;
  private keyStart = -1;
  private keyText = '';
  private pendingKey: string | null = null;
  private currentKey: string | null = null;
  private sawContent = false;
  /** Elements seen so far. */
  count = 0;

  constructor(private readonly key: string | null) {
    this.elemDepth = key === null ? 1 : 2;
  }

  push(text: string, emit: (element: string) => void): void {
    let s = this.carry + text;
    let i = this.carry.length;
    let start = this.active ? 0 : -1;
    if (this.inString && this.keyStart >= 0) this.keyStart = 0;
    const n = s.length;
    let nextBs = -2;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        // Jump to the next quote or backslash.
        const q = s.indexOf('"', i);
        if (nextBs !== -1 && nextBs < i) nextBs = s.indexOf('\\', i);
        const bs = nextBs;
        if (bs >= 0 && (q < 0 || bs < q)) {
          this.escape = true;
          i = bs + 1;
          continue;
        }
        if (q < 0) {
          if (this.keyStart >= 0) this.keyText += s.slice(this.keyStart, n);
          this.keyStart = this.keyStart >= 0 ? 0 : -1;
          i = n;
          break;
        }
        if (this.keyStart >= 0) {
          this.pendingKey = this.keyText + s.slice(this.keyStart, q);
          this.keyText = '';
          this.keyStart = -1;
        }
        this.inString = false;
        i = q + 1;
        continue;
      }
      if (c === 34) {
        this.inString = true;
        if (this.key !== null && this.depth === 1) {
          this.keyStart = i + 1;
          this.keyText = '';
        }
      } else if (c === 123 || c === 91) {
        if (this.key !== null && this.depth === 1 && c === 91 && this.currentKey === this.key && !this.done) {
          this.active = true;
          start = i + 1;
        } else if (this.key === null && this.depth === 0) {
          if (c !== 91) throw new SyntaxError('expected a JSON array');
          this.active = true;
          start = i + 1;
        }
        this.depth++;
      } else if (c === 125 || c === 93) {
        this.depth--;
        if (this.active && this.depth === this.elemDepth - 1) {
          this.flush(s, start, i, emit);
          this.active = false;
          this.done = true;
          start = -1;
        }
      } else if (c === 44) {
        if (this.active && this.depth === this.elemDepth) {
          this.flush(s, start, i, emit);
          start = i + 1;
        }
      } else if (c === 58) {
        if (this.key !== null && this.depth === 1) this.currentKey = this.pendingKey;
      }
      i++;
    }
    this.carry = this.active && start >= 0 ? s.slice(start) : '';
    s = '';
  }

  private flush(s: string, start: number, end: number, emit: (element: string) => void): void {
    const text = s.slice(start, end);
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
        this.count++;
        this.sawContent = true;
        emit(text);
        return;
      }
    }
  }

  /** Whether the target array was found (at any point). */
  get found(): boolean {
    return this.done || this.active || this.sawContent;
  }
}
