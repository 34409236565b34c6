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
  port: number;
  logLevel: (typeof LOG_LEVELS)[number];
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
    if (!problems.some((p) => p.variable === name)) problems.push({ variable: name, problem: 'is required but not set' });
  };
  if (require.includes('mongodb') && !set('MONGODB_URI')) missing('MONGODB_URI');
  if (require.includes('slack')) {
    if (!set('SLACK_BOT_TOKEN')) missing('SLACK_BOT_TOKEN');
    // Socket Mode authenticates with the app token; HTTP mode must verify request signatures.
    if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) missing('SLACK_SIGNING_SECRET');
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
    port: config.port,
    logLevel: config.logLevel,
  };
}
