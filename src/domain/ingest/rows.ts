/**
 * The per-row hot path: one compiled processor per plan turns an array of cell values into the reused
 * LogRecord. Column indexes and options are read into locals once; each distinct endpoint, integration
 * name, method, kind and text status is converted once and cached.
 */
import {
  createBlankRecord,
  type IntegrationType,
  integrationTypeInfo,
  type LogRecord,
  type RecordKind,
} from '../records.js';
import { cacheSet, integrationTypeFromEndpoint, integrationTypeFromName, kindFromText } from './associate.js';
import type { IngestPlan, SkippedRows } from './types.js';
import {
  type NormalizedEndpoint,
  normalizeEndpoint,
  normalizeMethod,
  parseDurationWithUnit,
  parseIsoTimestamp,
  parseStatusValue,
  parseTimestamp,
  type StatusOutcome,
} from './values.js';

export const FIRST_SKIPPED_LIMIT = 20;

export function emptySkipped(): SkippedRows {
  return { total: 0, byReason: {}, first: [] };
}

export function addSkip(sk: SkippedRows, line: number, key: string, detail?: string): void {
  sk.total++;
  sk.byReason[key] = (sk.byReason[key] ?? 0) + 1;
  if (sk.first.length < FIRST_SKIPPED_LIMIT) sk.first.push({ line, reason: detail ?? key });
}

export const SKIP = {
  noStatus: 'no status or error',
  badStatus: 'unrecognised status',
  badTimestamp: 'unparsable timestamp',
  columnCount: 'wrong number of columns',
  invalidJson: 'invalid JSON',
  notObject: 'not a JSON object',
  unparsableLine: 'line not in the expected log format',
  csvError: 'malformed CSV',
} as const;

/** Cell → trimmed string, '' for empty/null/'-'. Strings without edge whitespace are returned as is. */
function text(v: unknown): string {
  if (typeof v === 'string') {
    const n = v.length;
    if (n === 0) return v;
    if (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) {
      const t = v.trim();
      return t === '-' ? '' : t;
    }
    if (n === 1 && v === '-') return '';
    return v;
  }
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.length === 0) return Number.NaN;
  const x = +v;
  if (!Number.isNaN(x) && v.charCodeAt(0) > 32) return x;
  return Number.NaN;
}

const ERROR_LEVELS = new Set([
  'error',
  'err',
  'fatal',
  'critical',
  'crit',
  'alert',
  'emerg',
  'emergency',
  'severe',
  'panic',
]);

interface Assoc {
  name: string;
  type: IntegrationType;
}

/**
 * Compiles the row processor for a plan. `process(values, line)` fills `rec` and returns null when the row
 * is usable, or a skip reason key (see {@link SKIP}) with `detail` set.
 */
export function compileRowProcessor(plan: IngestPlan): {
  rec: LogRecord;
  process: (vals: ArrayLike<unknown>, line: number) => string | null;
  detail: () => string;
} {
  const rec = createBlankRecord();
  const c = plan.cols;
  const cTs = c.timestamp;
  const cCust = c.customer;
  const cInt = c.integration;
  const cEp = c.endpoint;
  const cHost = c.host;
  const cMethod = c.method;
  const cStatus = c.status;
  const cLat = c.latency;
  const cErrCode = c.errorCode;
  const cErrMsg = c.errorMessage;
  const cErr = c.error;
  const cReq = c.requestBytes;
  const cResp = c.responseBytes;
  const cKind = c.kind;
  const cMsg = c.message;
  const cLevel = c.level;
  const cUser = c.user;
  const latFactor = plan.latencyFactor;
  const dayFirst = plan.dayFirst;
  const webhookHint = plan.webhookHint;
  const defaultCustomer = plan.defaultCustomer;
  const defaultName = plan.defaultIntegration;
  const defaultType = integrationTypeFromName(defaultName) ?? 'custom_api';

  const endpointCache = new Map<string, NormalizedEndpoint>();
  const statusCache = new Map<string, StatusOutcome | null>();
  const nameCache = new Map<string, Assoc>();
  const endpointAssocCache = new Map<string, Assoc>();
  const methodCache = new Map<string, string | null>();
  const kindCache = new Map<string, RecordKind | null>();
  let lastDetail = '';

  const assocByEndpoint = (host: string | null, path: string | null): Assoc => {
    const key = `${host ?? ''} ${path ?? ''}`;
    let a = endpointAssocCache.get(key);
    if (a === undefined) {
      const t = integrationTypeFromEndpoint(host, path);
      a = cacheSet(
        endpointAssocCache,
        key,
        t === null ? { name: defaultName, type: defaultType } : { name: integrationTypeInfo(t).displayName, type: t },
      );
    }
    return a;
  };

  const process = (vals: ArrayLike<unknown>, line: number): string | null => {
    rec.line = line;

    // Status and error information decide whether the row is usable at all.
    let status: number | null = null;
    let ok = true;
    let known = false;
    let errorCode: string | null = null;
    let statusText = '';
    if (cStatus >= 0) {
      const v = vals[cStatus];
      if (typeof v === 'string' && v.length === 3) {
        const a = v.charCodeAt(0) - 48;
        const b = v.charCodeAt(1) - 48;
        const d = v.charCodeAt(2) - 48;
        if (a >= 1 && a <= 5 && b >= 0 && b <= 9 && d >= 0 && d <= 9) {
          status = a * 100 + b * 10 + d;
          ok = status < 400;
          known = true;
        }
      }
      if (!known) {
        let o: StatusOutcome | null;
        if (typeof v === 'string') {
          statusText = text(v);
          if (statusText === '') o = null;
          else {
            const cached = statusCache.get(statusText);
            o = cached !== undefined ? cached : cacheSet(statusCache, statusText, parseStatusValue(statusText));
          }
        } else {
          o = parseStatusValue(v);
          if (o === null && v !== null && v !== undefined) statusText = String(v);
        }
        if (o !== null) {
          status = o.status;
          ok = o.ok;
          errorCode = o.errorCode;
          known = true;
        }
      }
    }
    let errorMessage: string | null = null;
    if (cErrCode >= 0) {
      const t = text(vals[cErrCode]);
      if (t !== '') errorCode = t;
    }
    if (cErrMsg >= 0) {
      const t = text(vals[cErrMsg]);
      if (t !== '') errorMessage = t;
    }
    if (cErr >= 0) {
      const t = text(vals[cErr]);
      if (t !== '' && t !== 'false' && t !== 'null' && t !== '0') {
        // One "error" column: short tokens are codes ("ETIMEDOUT"), sentences are messages.
        if (t.length <= 40 && t.indexOf(' ') < 0) {
          if (errorCode === null) errorCode = t;
        } else if (errorMessage === null) errorMessage = t;
      }
    }
    let logOnly = false;
    if (!known) {
      if (errorCode !== null || errorMessage !== null) {
        ok = false;
      } else if (statusText !== '') {
        lastDetail = `unrecognised status "${statusText.slice(0, 40)}"`;
        return SKIP.badStatus;
      } else if (cMsg >= 0 || cLevel >= 0) {
        const msg = cMsg >= 0 ? text(vals[cMsg]) : '';
        const level = cLevel >= 0 ? text(vals[cLevel]).toLowerCase() : '';
        if ((level === '' && msg !== '') || ERROR_LEVELS.has(level)) {
          ok = false;
          errorMessage = msg === '' ? null : msg;
          errorCode = level === '' ? null : level;
          logOnly = true;
        } else {
          lastDetail = level === '' ? 'no status, error or message' : `log level "${level}" without status or error`;
          return SKIP.noStatus;
        }
      } else {
        lastDetail = 'no status or error value';
        return SKIP.noStatus;
      }
    } else if (!ok && errorMessage === null && cMsg >= 0) {
      const msg = text(vals[cMsg]);
      if (msg !== '') errorMessage = msg;
    }

    let ts = Number.NaN;
    if (cTs >= 0) {
      const v = vals[cTs];
      if (typeof v === 'string') {
        ts = parseIsoTimestamp(v);
        if (Number.isNaN(ts) && v.length > 0) {
          ts = parseTimestamp(v, dayFirst);
          if (Number.isNaN(ts) && text(v) !== '') {
            lastDetail = `unparsable timestamp "${v.slice(0, 40)}"`;
            return SKIP.badTimestamp;
          }
        }
      } else if (v !== null && v !== undefined) {
        ts = parseTimestamp(v, dayFirst);
      }
    }

    let method: string | null = null;
    let host: string | null = null;
    let path: string | null = null;
    if (cEp >= 0) {
      const raw = text(vals[cEp]);
      if (raw !== '') {
        let ep = endpointCache.get(raw);
        if (ep === undefined) ep = cacheSet(endpointCache, raw, normalizeEndpoint(raw));
        host = ep.host;
        path = ep.path;
        method = ep.method;
      }
    }
    if (cHost >= 0) {
      const h = text(vals[cHost]);
      if (h !== '') host = h.length < 256 && h.indexOf('://') < 0 ? h.toLowerCase() : normalizeEndpoint(h).host;
    }
    if (cMethod >= 0) {
      const m = text(vals[cMethod]);
      if (m !== '') {
        let mm = methodCache.get(m);
        if (mm === undefined) mm = cacheSet(methodCache, m, normalizeMethod(m));
        if (mm !== null) method = mm;
      }
    }

    let assoc: Assoc | undefined;
    if (cInt >= 0) {
      const name = text(vals[cInt]);
      if (name !== '') {
        assoc = nameCache.get(name);
        if (assoc === undefined) {
          const t = integrationTypeFromName(name);
          assoc = cacheSet(nameCache, name, {
            name,
            type: t ?? integrationTypeFromEndpoint(host, path) ?? 'custom_api',
          });
        }
      }
    }
    if (assoc === undefined) assoc = assocByEndpoint(host, path);

    let kind: RecordKind | null = null;
    if (cKind >= 0) {
      const k = text(vals[cKind]);
      if (k !== '') {
        const cached = kindCache.get(k);
        kind = cached !== undefined ? cached : cacheSet(kindCache, k, kindFromText(k));
      }
    }
    if (kind === null) {
      if (assoc.type === 'webhook' || webhookHint) kind = 'webhook';
      else if (logOnly || (!known && path === null)) kind = 'error_log';
      else if (path !== null && (path.includes('/webhook') || path.includes('/hooks/'))) kind = 'webhook';
      else kind = 'api_call';
    }

    let customer: string | null = defaultCustomer;
    if (cCust >= 0) {
      const t = text(vals[cCust]);
      if (t !== '') customer = t;
    }

    let lat = Number.NaN;
    if (cLat >= 0) {
      const v = vals[cLat];
      lat = num(v);
      if (!Number.isNaN(lat)) lat = lat < 0 ? Number.NaN : lat * latFactor;
      else if (typeof v === 'string' && v.length > 0) lat = parseDurationWithUnit(v);
    }

    rec.timestamp = ts;
    rec.customer = customer;
    rec.integration = assoc.name;
    rec.integrationType = assoc.type;
    rec.kind = kind;
    rec.method = method;
    rec.endpoint = path;
    rec.host = host;
    rec.status = status;
    rec.ok = ok;
    rec.latencyMs = lat;
    rec.errorCode = errorCode;
    rec.errorMessage = errorMessage;
    rec.requestBytes = cReq >= 0 ? num(vals[cReq]) : Number.NaN;
    rec.responseBytes = cResp >= 0 ? num(vals[cResp]) : Number.NaN;
    let user: string | null = null;
    if (cUser >= 0) {
      const u = text(vals[cUser]);
      if (u !== '' && u !== 'null' && u !== 'undefined') user = u;
    }
    rec.user = user;
    return null;
  };
  return { rec, process, detail: () => lastDetail };
}
