/**
 * The per-row hot path: one compiled processor per plan turns the cells of a row (cells.ts: an array of
 * values, or byte spans of a CSV chunk) into the reused LogRecord. Column indexes and options are read
 * into locals once; each distinct endpoint, integration name, method, host, kind and text status is
 * converted once and cached.
 */
import {
  createBlankRecord,
  type IntegrationType,
  integrationTypeInfo,
  type LogRecord,
  type RecordKind,
} from '../records.js';
import { cacheSet, integrationTypeFromEndpoint, integrationTypeFromName, kindFromText } from './associate.js';
import { type Cells, text } from './cells.js';
import type { IngestPlan, SkippedRows } from './types.js';
import {
  normalizeEndpoint,
  normalizeMethod,
  parseDurationWithUnit,
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
 * Compiles the row processor for a plan. `process(cells, line)` fills `rec` and returns null when the row
 * is usable, or a skip reason key (see {@link SKIP}) with `detail` set.
 */
export function compileRowProcessor(plan: IngestPlan): {
  rec: LogRecord;
  process: (cells: Cells, line: number) => string | null;
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

  const hostCache = new Map<string, string | null>();
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

  const process = (cells: Cells, line: number): string | null => {
    rec.line = line;

    // Status and error information decide whether the row is usable at all.
    let status: number | null = null;
    let ok = true;
    let known = false;
    let errorCode: string | null = null;
    let statusText = '';
    if (cStatus >= 0) {
      const s3 = cells.status3(cStatus);
      if (s3 > 0) {
        status = s3;
        ok = s3 < 400;
        known = true;
      } else {
        let o: StatusOutcome | null;
        if (cells.isString(cStatus)) {
          statusText = cells.text(cStatus);
          if (statusText === '') o = null;
          else {
            const cached = statusCache.get(statusText);
            o = cached !== undefined ? cached : cacheSet(statusCache, statusText, parseStatusValue(statusText));
          }
        } else {
          const v = cells.raw(cStatus);
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
      const t = cells.text(cErrCode);
      if (t !== '') errorCode = t;
    }
    if (cErrMsg >= 0) {
      const t = cells.text(cErrMsg);
      if (t !== '') errorMessage = t;
    }
    if (cErr >= 0) {
      const t = cells.text(cErr);
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
        const msg = cMsg >= 0 ? cells.text(cMsg) : '';
        const level = cLevel >= 0 ? cells.text(cLevel).toLowerCase() : '';
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
      const msg = cells.text(cMsg);
      if (msg !== '') errorMessage = msg;
    }

    let ts = Number.NaN;
    if (cTs >= 0) {
      if (cells.isString(cTs)) {
        ts = cells.iso(cTs);
        if (Number.isNaN(ts) && !cells.isEmpty(cTs)) {
          const v = cells.raw(cTs) as string;
          ts = parseTimestamp(v, dayFirst);
          if (Number.isNaN(ts) && text(v) !== '') {
            lastDetail = `unparsable timestamp "${v.slice(0, 40)}"`;
            return SKIP.badTimestamp;
          }
        }
      } else {
        const v = cells.raw(cTs);
        if (v !== null && v !== undefined) ts = parseTimestamp(v, dayFirst);
      }
    }

    let method: string | null = null;
    let host: string | null = null;
    let path: string | null = null;
    if (cEp >= 0) {
      const ep = cells.endpoint(cEp);
      if (ep !== null) {
        host = ep.host;
        path = ep.path;
        method = ep.method;
      }
    }
    if (cHost >= 0) {
      const h = cells.text(cHost);
      if (h !== '') {
        let hh = hostCache.get(h);
        if (hh === undefined)
          hh = cacheSet(
            hostCache,
            h,
            h.length < 256 && h.indexOf('://') < 0 ? h.toLowerCase() : normalizeEndpoint(h).host,
          );
        host = hh;
      }
    }
    if (cMethod >= 0) {
      const m = cells.text(cMethod);
      if (m !== '') {
        let mm = methodCache.get(m);
        if (mm === undefined) mm = cacheSet(methodCache, m, normalizeMethod(m));
        if (mm !== null) method = mm;
      }
    }

    let assoc: Assoc | undefined;
    if (cInt >= 0) {
      const name = cells.text(cInt);
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
      const k = cells.text(cKind);
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
      const t = cells.text(cCust);
      if (t !== '') customer = t;
    }

    let lat = Number.NaN;
    if (cLat >= 0) {
      lat = cells.num(cLat);
      if (!Number.isNaN(lat)) lat = lat < 0 ? Number.NaN : lat * latFactor;
      else if (cells.isString(cLat) && !cells.isEmpty(cLat)) lat = parseDurationWithUnit(cells.raw(cLat) as string);
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
    rec.requestBytes = cReq >= 0 ? cells.num(cReq) : Number.NaN;
    rec.responseBytes = cResp >= 0 ? cells.num(cResp) : Number.NaN;
    let user: string | null = null;
    if (cUser >= 0) {
      const u = cells.text(cUser);
      if (u !== '' && u !== 'null' && u !== 'undefined') user = u;
    }
    rec.user = user;
    return null;
  };
  return { rec, process, detail: () => lastDetail };
}
