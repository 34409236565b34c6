/**
 * Association of a row with an integration (catalogue type + display name) and a record kind.
 * Results are cached per distinct input string in bounded Maps, since real files repeat a handful of
 * integration names and endpoints millions of times.
 */
import { INTEGRATION_TYPES, type IntegrationType, type RecordKind } from '../records.js';

/** Upper bound of every per-value cache; a full cache is cleared rather than evicted one by one. */
export const CACHE_LIMIT = 10_000;

export function cacheSet<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= CACHE_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

const NAMED = INTEGRATION_TYPES.filter((t) => t.nameAliases.length > 0);

/**
 * Catalogue type named by a free-text integration/service value, by whole words: "Salesforce Sync" →
 * salesforce, "Webhook (Events)" → webhook, "sfdc-prod" → salesforce. Null when nothing matches.
 * @example integrationTypeFromName('Webhook (Events)') // 'webhook'
 */
export function integrationTypeFromName(name: string): IntegrationType | null {
  const lower = name.toLowerCase().trim();
  if (lower === '') return null;
  const words = ` ${lower.replace(/[^a-z0-9]+/g, ' ').trim()} `;
  for (const t of NAMED) {
    for (const alias of t.nameAliases) {
      if (lower === alias || words.includes(` ${alias} `)) return t.type;
    }
  }
  // "Salesforce.com", "HubSpotCRM": a long alias as a substring is still a safe signal.
  for (const t of NAMED) {
    for (const alias of t.nameAliases) {
      if (alias.length >= 5 && lower.includes(alias)) return t.type;
    }
  }
  return null;
}

/**
 * Catalogue type recognised from the host or path (`hooks.slack.com` → slack, `/services/data/` → salesforce).
 * Host patterns win over path patterns. Null when nothing matches.
 */
export function integrationTypeFromEndpoint(host: string | null, path: string | null): IntegrationType | null {
  if (host !== null) {
    for (const t of INTEGRATION_TYPES) for (const p of t.hostPatterns) if (host.includes(p)) return t.type;
  }
  if (path !== null) {
    const lower = path.toLowerCase();
    for (const t of INTEGRATION_TYPES) for (const p of t.pathPatterns) if (lower.includes(p)) return t.type;
  }
  return null;
}

const KIND_WORDS: Record<string, RecordKind> = {
  api: 'api_call',
  apicall: 'api_call',
  call: 'api_call',
  request: 'api_call',
  http: 'api_call',
  httprequest: 'api_call',
  sync: 'api_call',
  rest: 'api_call',
  outbound: 'api_call',
  inbound: 'api_call',
  apirequest: 'api_call',
  webhook: 'webhook',
  webhooks: 'webhook',
  webhookdelivery: 'webhook',
  delivery: 'webhook',
  callback: 'webhook',
  event: 'webhook',
  eventdelivery: 'webhook',
  hook: 'webhook',
  notification: 'webhook',
  error: 'error_log',
  errorlog: 'error_log',
  log: 'error_log',
  exception: 'error_log',
  errors: 'error_log',
  logentry: 'error_log',
  applog: 'error_log',
};

/** Record kind named by a type/kind cell (`api_call`, `request` / `webhook_delivery`, `delivery` / `error`, `log`), or null. */
export function kindFromText(v: string): RecordKind | null {
  return KIND_WORDS[v.toLowerCase().replace(/[^a-z]/g, '')] ?? null;
}
