import { z } from 'zod';

/**
 * Environment → typed config. `loadConfig` is pure (takes the env as a parameter) so tests can call it.
 * Empty strings count as unset. On failure one `ConfigError` lists every bad variable and how to fix it;
 * values are never echoed (they may be secrets).
 */

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = (fallback: string) =>
  z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).default(fallback));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  MONGODB_URI: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  SLACK_BOT_TOKEN: z.preprocess(emptyAsUndefined, z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z.preprocess(emptyAsUndefined, z.string().startsWith('xapp-', 'must start with xapp-').optional()),
  SLACK_API_URL: optionalUrl('https://slack.com/api/'),
  GOOGLE_API_ROOT_URL: optionalUrl('https://www.googleapis.com/'),
  GOOGLE_OAUTH_TOKEN_URL: optionalUrl('https://oauth2.googleapis.com/token'),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_REFRESH_TOKEN: optionalString,
  GOOGLE_APPLICATION_CREDENTIALS: optionalString,
  GOOGLE_IMPERSONATE: z.preprocess(emptyAsUndefined, z.email().optional()),
  SUPPORT_CHANNEL_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id like C0123ABCD')
      .optional(),
  ),
  TECHHEALTH_API_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  UPLOAD_MAX_BYTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024),
  ),
  TECHHEALTH_EVENTS_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  ALERT_FALLBACK_CHANNEL_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id like C0123ABCD')
      .optional(),
  ),
  SE_CHANNEL_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id like C0123ABCD')
      .optional(),
  ),
  TECH_ALERT_CHANNEL_ID: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id like C0123ABCD')
      .optional(),
  ),
  ALERT_EMAIL_MODE: z.preprocess(emptyAsUndefined, z.enum(['auto', 'approval', 'off']).default('auto')),
  OUTREACH_MODE: z.preprocess(emptyAsUndefined, z.enum(['approval', 'auto', 'off']).default('approval')),
  RECONNECT_URL_PATTERN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .default('https://app.example.com/settings/integrations/{integrationType}'),
  ),
  EMAIL_FROM: z.preprocess(emptyAsUndefined, z.email().optional()),
  DIGEST_TIME: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24 h)')
      .default('09:00'),
  ),
  OUTAGE_MIN_CUSTOMERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(2).default(5)),
  JOBS: z.preprocess(emptyAsUndefined, z.enum(['inline', 'off']).default('inline')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(LOG_LEVELS).default('info')),
});

/** How to fix each variable, shown next to its problem. */
const HINTS: Record<string, string> = {
  MONGODB_URI: 'a MongoDB connection string, e.g. mongodb://127.0.0.1:27017/techhealth',
  SLACK_BOT_TOKEN: 'Slack app → OAuth & Permissions → Bot User OAuth Token (xoxb-…)',
  SLACK_SIGNING_SECRET: 'Slack app → Basic Information → App Credentials → Signing Secret',
  SLACK_APP_TOKEN: 'Slack app → Basic Information → App-Level Tokens, scope connections:write (xapp-…)',
  SLACK_API_URL: 'leave unset in production (https://slack.com/api/)',
  GOOGLE_API_ROOT_URL: 'leave unset in production (https://www.googleapis.com/)',
  GOOGLE_OAUTH_TOKEN_URL: 'leave unset in production (https://oauth2.googleapis.com/token)',
  GOOGLE_CLIENT_ID: 'Google Cloud console → APIs & Services → Credentials → OAuth client ID',
  GOOGLE_CLIENT_SECRET: 'the OAuth client secret of GOOGLE_CLIENT_ID',
  GOOGLE_REFRESH_TOKEN: "a refresh token from the sender mailbox's OAuth grant (Calendar and Gmail scopes)",
  GOOGLE_APPLICATION_CREDENTIALS: 'the path of a service-account JSON key with domain-wide delegation',
  GOOGLE_IMPERSONATE: 'the e-mail address of the Workspace user the service account acts as',
  SUPPORT_CHANNEL_ID: 'the id of the channel where new support tickets are announced (channel details → About)',
  TECHHEALTH_API_TOKEN:
    'a random secret (e.g. `openssl rand -hex 32`) that REST clients send as `Authorization: Bearer …`; unset disables /api',
  UPLOAD_MAX_BYTES: 'the largest upload to score, in bytes (default 209715200 = 200 MB)',
  TECHHEALTH_EVENTS_SECRET:
    'a random secret shared with the product backend, which signs POST /api/integrations/events with it; unset disables the endpoint',
  ALERT_FALLBACK_CHANNEL_ID: 'the channel that gets alerts for customers without a CSM (channel details → About)',
  SE_CHANNEL_ID:
    'the solutions-engineering channel that gets Request SE Support and Request Limit Increase (channel details → About)',
  TECH_ALERT_CHANNEL_ID:
    'the technical channel that gets integration-down and webhook-error alerts of the environment monitor (channel details → About)',
  ALERT_EMAIL_MODE: 'auto (email fix instructions at once), approval (the CSM presses Send first) or off',
  OUTREACH_MODE:
    'check-up emails to customers: approval (the CSM gets a preview with Send / Edit / Skip, default), auto (sent at once, the CSM is told) or off',
  RECONNECT_URL_PATTERN:
    'the URL customers reconnect at, with {customerId} {customerExternalId} {integrationType} {integrationId} placeholders',
  EMAIL_FROM: 'the mailbox fix instructions are sent from (the Google grant must be for it)',
  DIGEST_TIME: "the CSMs' daily digest time in their own Slack time zone, HH:mm (default 09:00)",
  OUTAGE_MIN_CUSTOMERS:
    'customers failing on one integration type within 15 min that count as an upstream outage (default 5)',
  JOBS: 'inline (this process runs background jobs, default) or off (run `techhealth worker` processes instead)',
  PORT: 'a TCP port, e.g. 3000',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
};

export interface Config {
  mongodbUri: string | null;
  slack: {
    botToken: string | null;
    signingSecret: string | null;
    appToken: string | null;
    apiUrl: string;
    /** Socket Mode when an app-level token is set, otherwise the HTTP receiver on `port`. */
    mode: 'socket' | 'http';
  };
  googleApiRootUrl: string;
  google: GoogleConfig;
  /** Channel where new support tickets are announced, or null. */
  supportChannelId: string | null;
  /** Bearer token for the REST API (/api/…); null disables it (every call answers 401). */
  apiToken: string | null;
  /** Largest upload the bot downloads and scores, bytes. */
  uploadMaxBytes: number;
  alerts: AlertConfig;
  /** New-integration check-ups (issue 12): how the customer outreach emails go out. */
  onboarding: { outreachMode: 'approval' | 'auto' | 'off' };
  /** Technical environment (issue 15): where SE requests and technical alerts go (null: not configured). */
  environment: { seChannelId: string | null; techAlertChannelId: string | null };
  /** Whether this process runs Agenda jobs (`inline`) or leaves them to `techhealth worker` processes. */
  jobs: 'inline' | 'off';
  port: number;
  logLevel: (typeof LOG_LEVELS)[number];
}

/**
 * Google API access for Calendar (and Gmail later). `mode` says which credentials are complete:
 * an OAuth grant (client id + secret + refresh token) wins over a service account key file.
 */
export interface GoogleConfig {
  mode: 'oauth' | 'service_account' | null;
  clientId: string | null;
  clientSecret: string | null;
  refreshToken: string | null;
  /** Path of a service-account JSON key; used with `impersonate` (domain-wide delegation). */
  credentialsFile: string | null;
  impersonate: string | null;
  apiRootUrl: string;
  tokenUrl: string;
}

/** Integration-disconnect alerting (issue 4). */
export interface AlertConfig {
  /** HMAC key of POST /api/integrations/events; null disables the endpoint. */
  eventsSecret: string | null;
  fallbackChannelId: string | null;
  emailMode: 'auto' | 'approval' | 'off';
  reconnectUrlPattern: string;
  emailFrom: string | null;
  digestTime: string;
  outageMinCustomers: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'config.invalid';
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      `Configuration is incomplete or invalid:\n${problems
        .map((p) => `  - ${p.variable}: ${p.problem}${HINTS[p.variable] ? ` (set it to ${HINTS[p.variable]})` : ''}`)
        .join('\n')}`,
    );
  }
}

export type Requirement = 'mongodb' | 'slack';

/**
 * Validates the environment. `require` names what the entry point cannot run without: the CLI needs
 * nothing, the Slack app needs `slack` and `mongodb`.
 * @throws ConfigError listing every missing or invalid variable.
 * @example loadConfig(process.env, ['mongodb']).mongodbUri // 'mongodb://…'
 */
export function loadConfig(env: Record<string, string | undefined>, require: Requirement[] = []): Config {
  const parsed = schema.safeParse(env);
  const problems: { variable: string; problem: string }[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0]), problem: issue.message });
    }
  }
  const v = parsed.success ? parsed.data : undefined;
  const set = (name: keyof typeof HINTS) => emptyAsUndefined(env[name]) !== undefined;
  const missing = (name: string) => {
    if (!problems.some((p) => p.variable === name))
      problems.push({ variable: name, problem: 'is required but not set' });
  };
  if (require.includes('mongodb') && !set('MONGODB_URI')) missing('MONGODB_URI');
  if (require.includes('slack')) {
    if (!set('SLACK_BOT_TOKEN')) missing('SLACK_BOT_TOKEN');
    // Socket Mode authenticates with the app token; HTTP mode must verify request signatures.
    if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) missing('SLACK_SIGNING_SECRET');
  }
  const oauthVars = ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REFRESH_TOKEN'] as const;
  const oauthSet = oauthVars.filter((name) => set(name));
  // Half an OAuth grant is a mistake worth stopping for; no Google variables at all just disables Calendar.
  if (oauthSet.length > 0 && oauthSet.length < oauthVars.length) {
    for (const name of oauthVars) {
      if (!set(name)) {
        problems.push({ variable: name, problem: `is required with ${oauthSet.join(' and ')}` });
      }
    }
  }
  if (problems.length > 0 || !v) throw new ConfigError(problems);
  return {
    mongodbUri: v.MONGODB_URI ?? null,
    slack: {
      botToken: v.SLACK_BOT_TOKEN ?? null,
      signingSecret: v.SLACK_SIGNING_SECRET ?? null,
      appToken: v.SLACK_APP_TOKEN ?? null,
      apiUrl: v.SLACK_API_URL,
      mode: v.SLACK_APP_TOKEN ? 'socket' : 'http',
    },
    googleApiRootUrl: v.GOOGLE_API_ROOT_URL,
    google: {
      mode:
        v.GOOGLE_CLIENT_ID && v.GOOGLE_CLIENT_SECRET && v.GOOGLE_REFRESH_TOKEN
          ? 'oauth'
          : v.GOOGLE_APPLICATION_CREDENTIALS
            ? 'service_account'
            : null,
      clientId: v.GOOGLE_CLIENT_ID ?? null,
      clientSecret: v.GOOGLE_CLIENT_SECRET ?? null,
      refreshToken: v.GOOGLE_REFRESH_TOKEN ?? null,
      credentialsFile: v.GOOGLE_APPLICATION_CREDENTIALS ?? null,
      impersonate: v.GOOGLE_IMPERSONATE ?? null,
      apiRootUrl: v.GOOGLE_API_ROOT_URL,
      tokenUrl: v.GOOGLE_OAUTH_TOKEN_URL,
    },
    supportChannelId: v.SUPPORT_CHANNEL_ID ?? null,
    apiToken: v.TECHHEALTH_API_TOKEN ?? null,
    uploadMaxBytes: v.UPLOAD_MAX_BYTES,
    alerts: {
      eventsSecret: v.TECHHEALTH_EVENTS_SECRET ?? null,
      fallbackChannelId: v.ALERT_FALLBACK_CHANNEL_ID ?? null,
      emailMode: v.ALERT_EMAIL_MODE,
      reconnectUrlPattern: v.RECONNECT_URL_PATTERN,
      emailFrom: v.EMAIL_FROM ?? v.GOOGLE_IMPERSONATE ?? null,
      digestTime: v.DIGEST_TIME,
      outageMinCustomers: v.OUTAGE_MIN_CUSTOMERS,
    },
    onboarding: { outreachMode: v.OUTREACH_MODE },
    environment: { seChannelId: v.SE_CHANNEL_ID ?? null, techAlertChannelId: v.TECH_ALERT_CHANNEL_ID ?? null },
    jobs: v.JOBS,
    port: v.PORT,
    logLevel: v.LOG_LEVEL,
  };
}

/** The config with secrets replaced by `set`/`missing`, for the start-up log line. */
export function redactConfig(config: Config): Record<string, unknown> {
  const flag = (s: string | null) => (s ? 'set' : 'missing');
  return {
    mongodbUri: config.mongodbUri ? config.mongodbUri.replace(/\/\/[^@/]*@/, '//***@') : 'missing',
    slack: {
      mode: config.slack.mode,
      botToken: flag(config.slack.botToken),
      signingSecret: flag(config.slack.signingSecret),
      appToken: flag(config.slack.appToken),
      apiUrl: config.slack.apiUrl,
    },
    googleApiRootUrl: config.googleApiRootUrl,
    google: {
      mode: config.google.mode ?? 'not_configured',
      clientId: config.google.clientId ?? 'missing',
      clientSecret: flag(config.google.clientSecret),
      refreshToken: flag(config.google.refreshToken),
      credentialsFile: config.google.credentialsFile ?? 'missing',
      impersonate: config.google.impersonate ?? 'missing',
      apiRootUrl: config.google.apiRootUrl,
      tokenUrl: config.google.tokenUrl,
    },
    supportChannelId: config.supportChannelId ?? 'missing',
    apiToken: flag(config.apiToken),
    uploadMaxBytes: config.uploadMaxBytes,
    alerts: { ...config.alerts, eventsSecret: flag(config.alerts.eventsSecret) },
    jobs: config.jobs,
    port: config.port,
    logLevel: config.logLevel,
  };
}
