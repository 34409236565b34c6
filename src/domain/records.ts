/**
 * The normalised log record every input format is mapped to, and the integration catalogue that
 * ingestion (association) and analysis (SLA defaults, criticality) share.
 *
 * Performance note: parsers reuse ONE mutable `LogRecord` object per stream and hand it to the sink
 * for each row; sinks must copy what they keep and never retain the object.
 */

export type RecordKind = 'api_call' | 'webhook' | 'error_log';

export interface LogRecord {
  /** 1-based line number in the source file of the row's first line (JSON array: element index + 1). */
  line: number;
  /** Epoch milliseconds, UTC. NaN when the row has no usable timestamp. */
  timestamp: number;
  /** Customer name as written in the data, or null when the data has none. */
  customer: string | null;
  /** Display name of the integration, e.g. "Salesforce", "Webhook (Events)". Never empty. */
  integration: string;
  integrationType: IntegrationType;
  kind: RecordKind;
  /** Upper-case HTTP method, or null. */
  method: string | null;
  /** Path (no query string, no host), ids collapsed to `:id` (e.g. `/services/data/v59.0/sobjects/Account/:id`), or null. */
  endpoint: string | null;
  /** Host name, lower case, or null. */
  host: string | null;
  /** Numeric HTTP status, or null when only a textual outcome is known. */
  status: number | null;
  /** Whether the call/delivery succeeded (2xx/3xx, or textual OK/success/delivered). */
  ok: boolean;
  /** Latency in milliseconds (after unit inference), NaN if absent. */
  latencyMs: number;
  /** Error code as given (e.g. "429", "invalid_grant", "ETIMEDOUT", "timeout"), or null. */
  errorCode: string | null;
  /** Error message / failure reason text, or null. */
  errorMessage: string | null;
  /** Request and response body sizes in bytes, NaN if absent. */
  requestBytes: number;
  responseBytes: number;
  /** Id of the end user (or actor, principal) behind the record, as written in the data; null when none. */
  user: string | null;
}

/** Creates a blank record (for parsers that reuse one object). */
export function createBlankRecord(): LogRecord {
  return {
    line: 0,
    timestamp: Number.NaN,
    customer: null,
    integration: 'Unknown',
    integrationType: 'custom_api',
    kind: 'api_call',
    method: null,
    endpoint: null,
    host: null,
    status: null,
    ok: true,
    latencyMs: Number.NaN,
    errorCode: null,
    errorMessage: null,
    requestBytes: Number.NaN,
    responseBytes: Number.NaN,
    user: null,
  };
}

export type IntegrationType =
  | 'salesforce'
  | 'hubspot'
  | 'dynamics'
  | 'slack'
  | 'teams'
  | 'zendesk'
  | 'intercom'
  | 'jira'
  | 'okta'
  | 'azure_ad'
  | 'google_workspace'
  | 'sso'
  | 'stripe'
  | 'webhook'
  | 'custom_api';

export type IntegrationCategory = 'crm' | 'messaging' | 'support' | 'sso' | 'billing' | 'webhook' | 'api';

export interface IntegrationTypeInfo {
  type: IntegrationType;
  displayName: string;
  category: IntegrationCategory;
  /** Default P95 latency SLA in ms; overridable per run (`--sla TYPE=MS`). */
  slaP95Ms: number;
  /** Whether losing it usually stops a core workflow (weights the overall score, drives severity). */
  critical: boolean;
  /** Lower-case substrings matched against the host (e.g. `salesforce.com`). */
  hostPatterns: string[];
  /** Lower-case substrings matched against the path (e.g. `/services/data/`). */
  pathPatterns: string[];
  /** Lower-case words that identify it in a free-text integration/service column. */
  nameAliases: string[];
}

export const INTEGRATION_TYPES: readonly IntegrationTypeInfo[] = [
  {
    type: 'salesforce',
    displayName: 'Salesforce',
    category: 'crm',
    slaP95Ms: 1000,
    critical: true,
    hostPatterns: ['salesforce.com', 'force.com'],
    pathPatterns: ['/services/data/', '/services/oauth2/', '/services/async/'],
    nameAliases: ['salesforce', 'sfdc', 'sf'],
  },
  {
    type: 'hubspot',
    displayName: 'HubSpot',
    category: 'crm',
    slaP95Ms: 1000,
    critical: true,
    hostPatterns: ['hubapi.com', 'hubspot.com'],
    pathPatterns: ['/crm/v3/', '/crm/v4/', '/contacts/v1/'],
    nameAliases: ['hubspot'],
  },
  {
    type: 'dynamics',
    displayName: 'Microsoft Dynamics',
    category: 'crm',
    slaP95Ms: 1200,
    critical: true,
    hostPatterns: ['dynamics.com'],
    pathPatterns: ['/api/data/v9'],
    nameAliases: ['dynamics', 'dynamics 365', 'd365'],
  },
  {
    type: 'slack',
    displayName: 'Slack',
    category: 'messaging',
    slaP95Ms: 800,
    critical: false,
    hostPatterns: ['slack.com'],
    pathPatterns: ['/services/t', '/api/chat.postmessage', '/api/conversations.'],
    nameAliases: ['slack'],
  },
  {
    type: 'teams',
    displayName: 'Microsoft Teams',
    category: 'messaging',
    slaP95Ms: 1000,
    critical: false,
    hostPatterns: ['webhook.office.com', 'teams.microsoft.com', 'botframework.com'],
    pathPatterns: ['/webhookb2/', '/v3/conversations'],
    nameAliases: ['teams', 'ms teams', 'microsoft teams'],
  },
  {
    type: 'zendesk',
    displayName: 'Zendesk',
    category: 'support',
    slaP95Ms: 1000,
    critical: false,
    hostPatterns: ['zendesk.com'],
    pathPatterns: ['/api/v2/tickets', '/api/v2/users'],
    nameAliases: ['zendesk'],
  },
  {
    type: 'intercom',
    displayName: 'Intercom',
    category: 'support',
    slaP95Ms: 1000,
    critical: false,
    hostPatterns: ['intercom.io', 'intercom.com'],
    pathPatterns: ['/conversations', '/contacts/search'],
    nameAliases: ['intercom'],
  },
  {
    type: 'jira',
    displayName: 'Jira',
    category: 'support',
    slaP95Ms: 1500,
    critical: false,
    hostPatterns: ['atlassian.net', 'atlassian.com'],
    pathPatterns: ['/rest/api/2/', '/rest/api/3/'],
    nameAliases: ['jira', 'atlassian'],
  },
  {
    type: 'okta',
    displayName: 'Okta',
    category: 'sso',
    slaP95Ms: 600,
    critical: true,
    hostPatterns: ['okta.com', 'oktapreview.com'],
    pathPatterns: ['/oauth2/v1/', '/api/v1/authn', '/sso/saml'],
    nameAliases: ['okta'],
  },
  {
    type: 'azure_ad',
    displayName: 'Azure AD',
    category: 'sso',
    slaP95Ms: 600,
    critical: true,
    hostPatterns: ['login.microsoftonline.com', 'graph.microsoft.com'],
    pathPatterns: ['/oauth2/v2.0/token'],
    nameAliases: ['azure ad', 'azuread', 'entra', 'entra id', 'azure active directory'],
  },
  {
    type: 'google_workspace',
    displayName: 'Google Workspace',
    category: 'sso',
    slaP95Ms: 800,
    critical: false,
    hostPatterns: ['googleapis.com', 'accounts.google.com'],
    pathPatterns: ['/admin/directory/', '/calendar/v3/', '/gmail/v1/'],
    nameAliases: ['google', 'google workspace', 'gsuite', 'g suite'],
  },
  {
    type: 'sso',
    displayName: 'SSO',
    category: 'sso',
    slaP95Ms: 600,
    critical: true,
    hostPatterns: [],
    pathPatterns: ['/saml/', '/sso/', '/oidc/'],
    nameAliases: ['sso', 'saml', 'oidc', 'single sign-on'],
  },
  {
    type: 'stripe',
    displayName: 'Stripe',
    category: 'billing',
    slaP95Ms: 1000,
    critical: true,
    hostPatterns: ['stripe.com'],
    pathPatterns: ['/v1/charges', '/v1/payment_intents', '/v1/customers'],
    nameAliases: ['stripe'],
  },
  {
    type: 'webhook',
    displayName: 'Webhooks',
    category: 'webhook',
    slaP95Ms: 2000,
    critical: false,
    hostPatterns: [],
    pathPatterns: ['/webhook', '/webhooks', '/hooks/', '/callback'],
    nameAliases: ['webhook', 'webhooks'],
  },
  {
    type: 'custom_api',
    displayName: 'Custom API',
    category: 'api',
    slaP95Ms: 1000,
    critical: false,
    hostPatterns: [],
    pathPatterns: [],
    nameAliases: ['api', 'rest api', 'custom api', 'public api'],
  },
];

const BY_TYPE = new Map(INTEGRATION_TYPES.map((t) => [t.type, t]));

/** Catalogue entry for a type (always defined: every `IntegrationType` is listed). */
export function integrationTypeInfo(type: IntegrationType): IntegrationTypeInfo {
  return BY_TYPE.get(type) as IntegrationTypeInfo;
}

export function isIntegrationType(value: string): value is IntegrationType {
  return BY_TYPE.has(value as IntegrationType);
}
