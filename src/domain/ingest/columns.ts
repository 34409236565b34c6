/**
 * Column plan: which source column feeds which record field, decided once per file from the header names
 * (aliases, case/space/underscore/dash-insensitive) and, where names say nothing, from sample values.
 */
import { integrationTypeFromName, kindFromText } from './associate.js';
import { FIELD_NAMES, type FieldName } from './types.js';
import {
  hasZone,
  isNumeric,
  normalizeMethod,
  parseDurationWithUnit,
  parseStatusValue,
  parseTimestamp,
} from './values.js';

/** Normalised header: lower case, only letters and digits (`Status Code`, `status_code`, `@timestamp` → `statuscode`…). */
export function normalizeHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Aliases per field, normalised. Order of fields matters where aliases could collide. */
export const FIELD_ALIASES: Record<Exclude<FieldName, 'latency'>, string[]> = {
  timestamp: [
    'timestamp',
    'time',
    'date',
    'datetime',
    'createdat',
    'occurredat',
    'ts',
    'eventtime',
    'loggedat',
    'logtime',
    'requesttimestamp',
    'starttime',
    'startedat',
    'receivedat',
    'timegenerated',
    'timelocal',
    'timeiso8601',
    'eventtimestamp',
    'when',
    'at',
    'created',
    'timeutc',
    'timestamputc',
    'datetimeutc',
    'eventdate',
    'sentat',
    'deliveredat',
    'attemptedat',
    'requestedat',
  ],
  customer: [
    'customer',
    'account',
    'tenant',
    'org',
    'organization',
    'organisation',
    'company',
    'client',
    'customername',
    'accountname',
    'tenantname',
    'orgname',
    'companyname',
    'clientname',
    'customerid',
    'accountid',
    'tenantid',
    'orgid',
  ],
  integration: [
    'integration',
    'integrationname',
    'service',
    'servicename',
    'app',
    'appname',
    'application',
    'connector',
    'connectorname',
    'source',
    'target',
    'provider',
    'vendor',
    'system',
    'partner',
    'destination',
    'apiname',
    'integrationtype',
    'platform',
    'api',
  ],
  endpoint: [
    'endpoint',
    'url',
    'path',
    'uri',
    'requestpath',
    'route',
    'apiendpoint',
    'requesturi',
    'requesturl',
    'resource',
    'resourcepath',
    'routekey',
    'request',
    'fullurl',
    'targeturl',
    'webhookurl',
    'destinationurl',
    'apipath',
    'urlpath',
    'requestline',
    'csuristem',
  ],
  host: ['host', 'hostname', 'domain', 'domainname', 'server', 'servername', 'httphost'],
  method: ['method', 'httpmethod', 'verb', 'requestmethod', 'httpverb', 'csmethod'],
  status: [
    'status',
    'statuscode',
    'httpstatus',
    'httpstatuscode',
    'responsecode',
    'responsestatus',
    'code',
    'result',
    'outcome',
    'state',
    'success',
    'deliverystatus',
    'httpcode',
    'elbstatuscode',
    'scstatus',
    'httpresponsecode',
    'responsestatuscode',
    'statusdescription',
  ],
  errorCode: [
    'errorcode',
    'err',
    'errortype',
    'errorclass',
    'exception',
    'exceptiontype',
    'errcode',
    'errorkind',
    'failurecode',
    'errorname',
  ],
  errorMessage: [
    'errormessage',
    'errormsg',
    'errmsg',
    'failurereason',
    'reason',
    'errordetail',
    'errordetails',
    'errordescription',
    'failuremessage',
    'errortext',
    'errorreason',
  ],
  error: ['error', 'errors', 'failure', 'lasterror'],
  requestBytes: [
    'requestsize',
    'reqbytes',
    'bytesin',
    'requestbytes',
    'contentlength',
    'requestlength',
    'receivedbytes',
    'reqsize',
    'requestbodysize',
    'inbytes',
    'bytesreceived',
    'requestcontentlength',
    'payloadsize',
    'payloadbytes',
  ],
  responseBytes: [
    'responsesize',
    'respbytes',
    'bytesout',
    'bytessent',
    'responsebytes',
    'responselength',
    'sentbytes',
    'bodybytessent',
    'respsize',
    'responsebodysize',
    'outbytes',
    'responsecontentlength',
  ],
  kind: ['type', 'kind', 'eventtype', 'recordtype', 'logtype', 'calltype', 'requesttype', 'category'],
  message: ['message', 'msg', 'log', 'logmessage', 'text', 'description', 'details'],
  level: ['level', 'severity', 'loglevel', 'lvl'],
  // Last, so no existing column changes field. Ids before names and emails: the first alias found wins.
  // Never a customer/account/tenant alias: "account_id" is the customer, "account_user" a user.
  user: [
    'userid',
    'user',
    'actorid',
    'actor',
    'principalid',
    'principal',
    'memberid',
    'accountuserid',
    'accountuser',
    'enduserid',
    'enduser',
    'customeruserid',
    'useremail',
    'username',
    'userlogin',
    'actoremail',
    'actorlogin',
    'actorname',
    'principalname',
    'login',
    'performedby',
    'requestedby',
    'initiatedby',
    'triggeredby',
  ],
};

/** User aliases, for telling a user-scoped JSON key ("user.account_id") from a customer one. */
const USER_ALIASES = new Set(FIELD_ALIASES.user);

const LATENCY_BASES = new Set([
  'latency',
  'duration',
  'responsetime',
  'elapsed',
  'elapsedtime',
  'took',
  'timetaken',
  'requesttime',
  'requestduration',
  'responselatency',
  'integrationlatency',
  'rt',
  'processingtime',
  'totaltime',
  'roundtrip',
  'roundtriptime',
  'timing',
  'executiontime',
  'runtime',
  'responsetimes',
  'servertime',
  'latencies',
]);

const UNIT_SUFFIXES: [string, number, string][] = [
  ['milliseconds', 1, 'ms'],
  ['millis', 1, 'ms'],
  ['msec', 1, 'ms'],
  ['ms', 1, 'ms'],
  ['microseconds', 0.001, 'µs'],
  ['micros', 0.001, 'µs'],
  ['us', 0.001, 'µs'],
  ['seconds', 1000, 'seconds'],
  ['secs', 1000, 'seconds'],
  ['sec', 1000, 'seconds'],
  ['s', 1000, 'seconds'],
];

/** If the normalised header names a latency, its unit factor from the name (NaN: unit not named). */
export function latencyFromHeader(norm: string): { factor: number; unit: string } | null {
  if (LATENCY_BASES.has(norm)) return { factor: Number.NaN, unit: '' };
  if (norm === 'ms' || norm === 'millis') return { factor: 1, unit: 'ms' };
  for (const [suffix, factor, unit] of UNIT_SUFFIXES) {
    if (norm.endsWith(suffix) && LATENCY_BASES.has(norm.slice(0, -suffix.length))) return { factor, unit };
    if (norm.endsWith(`in${suffix}`) && LATENCY_BASES.has(norm.slice(0, -suffix.length - 2))) return { factor, unit };
  }
  return null;
}

/**
 * Status headers unmistakable enough to keep even when their values look odd: the first six status aliases
 * (status, statuscode, httpstatus, httpstatuscode, responsecode, responsestatus) and deliverystatus, not the
 * looser code/result/state.
 */
const STRONG_STATUS = new Set([...FIELD_ALIASES.status.slice(0, 6), 'deliverystatus']);

const WEBHOOK_HINTS = ['delivery', 'webhook', 'hookid', 'eventid', 'callbackurl', 'attempt', 'subscription'];

export interface ColumnPlan {
  cols: Record<FieldName, number>;
  latencyFactor: number;
  dayFirst: boolean;
  webhookHint: boolean;
  mapping: Record<string, string>;
  notes: string[];
}

function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function nonEmpty(samples: unknown[][], col: number): unknown[] {
  const out: unknown[] = [];
  for (const row of samples) {
    const v = row[col];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t === '' || t === '-' || t.toLowerCase() === 'null') continue;
    }
    out.push(v);
  }
  return out;
}

function share(values: unknown[], test: (v: unknown) => boolean): number {
  if (values.length === 0) return 0;
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n / values.length;
}

const looksStatus = (v: unknown): boolean => parseStatusValue(typeof v === 'string' ? v : v) !== null;
const looksHttpCode = (v: unknown): boolean => {
  const s = str(v);
  return s.length === 3 && isNumeric(s) && Number(s) >= 100 && Number(s) <= 599;
};
const looksTimestamp = (v: unknown): boolean => {
  const t = parseTimestamp(v, false);
  if (Number.isNaN(t)) return false;
  if (typeof v === 'number' || isNumeric(str(v))) return t > 946_684_800_000 && t < 4_102_444_800_000; // 2000–2100
  return true;
};
const looksEndpoint = (v: unknown): boolean => {
  const s = str(v);
  return s.startsWith('/') || /^(https?|wss?):\/\//i.test(s) || /^[A-Z]+ \/\S*/.test(s);
};
const looksMethod = (v: unknown): boolean => normalizeMethod(str(v)) !== null;
const looksNumber = (v: unknown): boolean => typeof v === 'number' || isNumeric(str(v));
const looksDuration = (v: unknown): boolean => looksNumber(v) || !Number.isNaN(parseDurationWithUnit(str(v)));
const looksKind = (v: unknown): boolean => kindFromText(str(v)) !== null;
const looksIntegration = (v: unknown): boolean => integrationTypeFromName(str(v)) !== null;
/** A user id is a short string or number: not a flag, not a nested object, not a paragraph. */
const looksUserId = (v: unknown): boolean =>
  (typeof v === 'string' || typeof v === 'number') && !/^(true|false)$/i.test(str(v)) && str(v).length <= 256;

/** Validation per aliased field: a column named "code" full of "invalid_grant" is not a status. */
const VALIDATE: Partial<Record<FieldName, (v: unknown) => boolean>> = {
  timestamp: looksTimestamp,
  status: looksStatus,
  latency: looksDuration,
  method: looksMethod,
  kind: looksKind,
  requestBytes: looksNumber,
  responseBytes: looksNumber,
  user: looksUserId,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function emptyCols(): Record<FieldName, number> {
  const cols = {} as Record<FieldName, number>;
  for (const f of FIELD_NAMES) cols[f] = -1;
  return cols;
}

const FIELD_LABEL: Record<FieldName, string> = {
  timestamp: 'timestamp',
  customer: 'customer',
  integration: 'integration',
  endpoint: 'endpoint',
  host: 'host',
  method: 'method',
  status: 'status',
  latency: 'latencyMs',
  errorCode: 'errorCode',
  errorMessage: 'errorMessage',
  error: 'error',
  requestBytes: 'requestBytes',
  responseBytes: 'responseBytes',
  kind: 'kind',
  message: 'message',
  level: 'level',
  user: 'user',
};

/** A "code"/"result" column that failed as a status but holds error codes becomes the error code. */
function assignErrorCodeColumn(
  norms: string[],
  cols: Record<FieldName, number>,
  used: Set<number>,
  how: Partial<Record<FieldName, string>>,
): void {
  for (const alias of ['code', 'result', 'errorcode']) {
    const c = norms.indexOf(alias);
    if (c >= 0 && !used.has(c)) {
      cols.errorCode = c;
      used.add(c);
      how.errorCode = '';
      return;
    }
  }
}

/**
 * Maps columns to fields: first by header name (aliases, then the last segment of a dotted JSON key),
 * checking that at least half of the sample values fit the field; then infers unmapped fields from values
 * (3-digit 1xx–5xx → status, ISO/epoch → timestamp, /paths or URLs → endpoint, GET/POST → method,
 * catalogue names → integration, one remaining numeric column → latency). Decides the latency unit
 * (header hint first; else median < 20 with decimals and max < 600 → seconds) and dd/mm vs mm/dd.
 * @param fixed fields already decided by a known format (API Gateway, Kong, nginx, ALB): not re-inferred.
 */
export function planColumns(
  columns: string[],
  samples: unknown[][],
  fixed?: Partial<Record<FieldName, number>>,
  fixedLatencyFactor?: number,
): ColumnPlan {
  const cols = emptyCols();
  const how: Partial<Record<FieldName, string>> = {};
  const notes: string[] = [];
  const used = new Set<number>();
  let latencyFactor = Number.NaN;
  let latencyUnitHow = '';

  if (fixed !== undefined) {
    for (const [f, c] of Object.entries(fixed) as [FieldName, number][]) {
      if (c >= 0) {
        cols[f] = c;
        used.add(c);
        how[f] = '';
      }
    }
    if (fixedLatencyFactor !== undefined) latencyFactor = fixedLatencyFactor;
  } else {
    const norms = columns.map(normalizeHeader);
    const lastSeg = columns.map((c) => normalizeHeader(c.slice(c.lastIndexOf('.') + 1)));
    const tryAssign = (f: FieldName, c: number): boolean => {
      if (cols[f] >= 0 || used.has(c)) return false;
      // An unmistakable status header is kept even with odd values: its rows are then skipped with the value.
      const check = f === 'status' && STRONG_STATUS.has(norms[c] as string) ? undefined : VALIDATE[f];
      const vals = nonEmpty(samples, c);
      if (check !== undefined && vals.length > 0 && share(vals, check) < 0.5) return false;
      cols[f] = c;
      used.add(c);
      how[f] = '';
      return true;
    };
    // "user.account_id" is the user's account, not the customer: user-scoped keys never name a customer.
    const userScoped = columns.map((c) => c.includes('.') && USER_ALIASES.has(normalizeHeader(c.split('.')[0] ?? '')));
    for (const names of [norms, lastSeg]) {
      // Latency first: "requesttime"/"responsetime" must not be taken as timestamps by a looser alias.
      for (let c = 0; c < names.length; c++) {
        const lat = latencyFromHeader(names[c] as string);
        if (lat !== null && tryAssign('latency', c) && !Number.isNaN(lat.factor)) {
          latencyFactor = lat.factor;
          latencyUnitHow = `${lat.unit}, from the header`;
        }
      }
      for (const f of Object.keys(FIELD_ALIASES) as Exclude<FieldName, 'latency'>[]) {
        const aliases = FIELD_ALIASES[f];
        for (const alias of aliases) {
          const c = names.indexOf(alias);
          if (c >= 0 && !(f === 'customer' && names === lastSeg && userScoped[c]) && tryAssign(f, c)) break;
        }
      }
    }
    if (cols.errorCode < 0) assignErrorCodeColumn(norms, cols, used, how);
    // Inference from values for what the names did not give.
    const infer = (f: FieldName, test: (v: unknown) => boolean, min: number): void => {
      if (cols[f] >= 0) return;
      for (let c = 0; c < columns.length; c++) {
        if (used.has(c)) continue;
        const vals = nonEmpty(samples, c);
        if (vals.length === 0 || share(vals, test) < min) continue;
        cols[f] = c;
        used.add(c);
        how[f] = ' (inferred from values)';
        return;
      }
    };
    infer('status', looksHttpCode, 1);
    infer('timestamp', looksTimestamp, 0.8);
    infer('endpoint', looksEndpoint, 0.8);
    infer('method', looksMethod, 0.8);
    infer('kind', looksKind, 0.9);
    infer('integration', looksIntegration, 0.5);
    if (cols.status < 0) infer('status', looksStatus, 0.9);
    if (cols.latency < 0) {
      const withUnits: number[] = [];
      const numeric: number[] = [];
      for (let c = 0; c < columns.length; c++) {
        if (used.has(c)) continue;
        const vals = nonEmpty(samples, c);
        if (vals.length === 0) continue;
        if (share(vals, (v) => !looksNumber(v) && looksDuration(v)) >= 0.8) withUnits.push(c);
        else if (share(vals, looksNumber) === 1) numeric.push(c);
      }
      const c =
        withUnits.length === 1 ? withUnits[0] : withUnits.length === 0 && numeric.length === 1 ? numeric[0] : -1;
      if (c !== undefined && c >= 0) {
        cols.latency = c;
        used.add(c);
        how.latency = ' (inferred from values)';
      } else if (numeric.length > 1) {
        notes.push(
          `No latency column recognised; several numeric columns could be one (${numeric.map((i) => columns[i]).join(', ')}). Name it "latency_ms" to use it.`,
        );
      }
    }
    const wh = norms.some((n) => WEBHOOK_HINTS.some((h) => n.includes(h)));
    if (wh) notes.push('Column names suggest webhook deliveries.');
    return finish(wh);
  }
  return finish(false);

  function finish(webhookHint: boolean): ColumnPlan {
    // Latency unit from values when the header did not say.
    if (cols.latency >= 0 && Number.isNaN(latencyFactor)) {
      const nums: number[] = [];
      let decimals = false;
      for (const v of nonEmpty(samples, cols.latency)) {
        const s = str(v);
        if (isNumeric(s)) {
          nums.push(Number(s));
          if (s.includes('.')) decimals = true;
        }
      }
      if (nums.length > 0 && decimals && median(nums) < 20 && Math.max(...nums) < 600) {
        latencyFactor = 1000;
        latencyUnitHow = 'seconds → ms, inferred from values';
        notes.push(
          `Latency column "${columns[cols.latency]}" read as seconds (values are small decimals: median ${median(nums)}); converted to ms.`,
        );
      } else {
        latencyFactor = 1;
        latencyUnitHow = nums.length > 0 ? 'ms, inferred from values' : 'ms';
      }
    } else if (latencyUnitHow === '' && !Number.isNaN(latencyFactor)) {
      latencyUnitHow = latencyFactor === 1000 ? 'seconds → ms' : latencyFactor === 1 ? 'ms' : `×${latencyFactor} → ms`;
    } else if (latencyFactor === 1000) {
      latencyUnitHow = 'seconds → ms, from the header';
    }
    if (Number.isNaN(latencyFactor)) latencyFactor = 1;

    // dd/mm vs mm/dd and zones, from the timestamp samples.
    let dayFirst = false;
    if (cols.timestamp >= 0) {
      const vals = nonEmpty(samples, cols.timestamp).map(str);
      let firstOver12 = false;
      let secondOver12 = false;
      let slashDates = 0;
      for (const s of vals) {
        const m = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(s);
        if (m === null) continue;
        slashDates++;
        if (Number(m[1]) > 12) firstOver12 = true;
        if (Number(m[2]) > 12) secondOver12 = true;
      }
      if (firstOver12 && !secondOver12) {
        dayFirst = true;
        notes.push('Dates read as day/month/year (a first part is over 12).');
      } else if (slashDates > 0 && !secondOver12 && vals.some((s) => /^\d{1,2}\/\d{1,2}\//.test(s))) {
        notes.push('Dates like 01/02/2026 are ambiguous in this file; read as month/day/year.');
      }
      const zoneless = vals.filter((s) => !hasZone(s)).length;
      if (zoneless > 0) notes.push('timestamps have no zone; assumed UTC');
      const kind =
        vals.length > 0 && isNumeric(vals[0] as string)
          ? 'epoch'
          : vals.length > 0 && /^\d{4}-\d\d-\d\d/.test(vals[0] as string)
            ? 'ISO 8601'
            : 'date text';
      how.timestamp = `${kind}${how.timestamp ? `, ${how.timestamp.trim().replace(/[()]/g, '')}` : ''}`;
    }
    const mapping: Record<string, string> = {};
    for (const f of FIELD_NAMES) {
      const c = cols[f];
      if (c < 0) continue;
      let desc = `${columns[c]}`;
      const extra =
        f === 'latency'
          ? latencyUnitHow
          : f === 'timestamp'
            ? (how.timestamp ?? '')
            : (how[f] ?? '').trim().replace(/[()]/g, '');
      if (extra) desc += ` (${extra})`;
      mapping[FIELD_LABEL[f]] = desc;
    }
    return { cols, latencyFactor, dayFirst, webhookHint, mapping, notes };
  }
}
