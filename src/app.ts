import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { App, type Logger as BoltLogger, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Agenda } from 'agenda';
import { registerHandlers } from '../handlers/index.js';
import {
  createAgenda,
  defineJobs,
  scheduleCheckup,
  scheduleCheckupOutreach,
  scheduleOutreachSend,
  scheduleRecurring,
  scheduleUploadScore,
} from '../jobs/index.js';
import { createGmailSender, type GmailSender } from './adapters/gmail.js';
import { createGoogleAuth } from './adapters/google-auth.js';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/database.js';
import { shardOf } from './db/integration-events.js';
import type { IntegrationEvent } from './domain/detection/events.js';
import { apiRoutes } from './http/api.js';
import { environmentRoutes } from './http/environment.js';
import { eventRoutes } from './http/events.js';
import { healthRoutes } from './http/health.js';
import { onboardingRoutes, toApiRecord } from './http/onboarding.js';
import { openApiRoute } from './http/openapi.js';
import { createLogger, type Logger } from './logger.js';
import { createAlertActions } from './services/alerts/actions.js';
import { createDetectionRunner } from './services/alerts/detection-runner.js';
import { createEventProcessor } from './services/alerts/event-processor.js';
import { createFixEmailSender } from './services/alerts/fix-email.js';
import { createAlerting } from './services/alerts/index.js';
import { createEventIntake } from './services/alerts/intake.js';
import { loadAlertTemplates } from './services/alerts/templates.js';
import { type CustomerDirectory, createCustomerDirectory } from './services/customers/directory.js';
import { createHomeTab } from './services/customers/home.js';
import { createCustomerImport } from './services/customers/import.js';
import { createEnvironmentServices } from './services/environment/index.js';
import { createOnboardingActions } from './services/onboarding/actions.js';
import { loadIntegrationCatalog } from './services/onboarding/catalog.js';
import { createOnboarding, type Onboarding } from './services/onboarding/index.js';
import { loadCheckupTemplates } from './services/onboarding/templates.js';
import { createReportServices } from './services/reports/index.js';
import { createReportStore } from './services/reports/store.js';
import { checkStatus } from './services/status.js';
import { createStatusChecks } from './services/status-checks.js';
import { createUploadScoring } from './services/uploads/index.js';
import { createSlackGateway, type SlackGateway, unconfiguredSlack } from './slack/gateway.js';

/**
 * The composition root, and the only one: `createServices` builds MongoDB, Agenda, the Slack port, the
 * Google adapters and every use case; the Slack app server (`createApp`), the worker (src/worker.ts) and
 * every CLI command start from it. Nothing here runs at import time.
 *
 * Order matters for a clean shutdown: stop taking requests (receiver), then drain background work
 * (Agenda), then close MongoDB.
 */

/** The app's version, from the nearest package.json above this file (src/ under jest, dist/src/ built). */
function appVersion(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) return '0.0.0';
  }
}

export interface ServiceOverrides {
  logger?: Logger;
  /** Agenda's poll interval (ms); tests that simulate a crashed run shorten it. */
  agendaProcessEvery?: number;
  /** The clock of the check-ups (tests run an integration's 30 days in seconds). */
  now?: () => number;
}

export type Services = Awaited<ReturnType<typeof createServices>>;

export async function createServices(config: Config, overrides: ServiceOverrides = {}) {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  if (!config.mongodbUri)
    throw new Error('createServices needs config.mongodbUri (loadConfig(env, ["mongodb"]) checks it)');
  const db = await openDatabase(config.mongodbUri, logger);
  try {
    const child = (component: string) => logger.child({ component });
    const agenda = createAgenda(
      { mongodbUri: config.mongodbUri, processEvery: overrides.agendaProcessEvery },
      child('agenda'),
    );
    const slackGateway: SlackGateway | null = config.slack.botToken
      ? createSlackGateway({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger: child('slack') })
      : null;
    // Without a bot token (e.g. `techhealth customers import`) any Slack effect fails with a clear reason.
    const slack = slackGateway ?? unconfiguredSlack();
    const { templates, checkupTemplates, catalog, gmail } = await loadAssets(config, child);
    const reportStore = createReportStore(db.repos);
    const reports = await createReportServices({ repos: db.repos, config, slack, logger });
    const uploads = createUploadScoring({
      repos: db.repos,
      slack,
      reportStore,
      listCustomers: () => db.repos.customers.list(),
      schedule: (fileId) => scheduleUploadScore(agenda, fileId),
      maxBytes: config.uploadMaxBytes,
      logger: child('uploads'),
    });
    const techEnv = createEnvironmentServices({ db, slack, catalog, config, gmail, reports, child });
    const onboarding = createOnboardingServices(
      { db, agenda, slack, catalog, gmail, templates: checkupTemplates, config, now: overrides.now },
      child,
    );
    const customerImport = createCustomerImport({
      repos: db.repos,
      catalog,
      lookupUserByEmail: async (email) => (slackGateway ? slackGateway.userIdByEmail(email) : null),
      onIntegration: (id) => onboarding.checkups.start(id),
    });
    const { alerting, detection, processor, fixEmail, intake } = createAlertServices(
      { db, agenda, slack, templates, gmail, config, onboarding, ...techEnv.hooks },
      child,
    );
    let schedulerRunning = false;
    const statusChecks = createStatusChecks({
      slack: slackGateway,
      db,
      google: config.google,
      agenda,
      schedulerRunning: () => schedulerRunning,
    });
    const jobDeps = { uploads, detection, alerting, fixEmail, ...onboarding, environment: techEnv };
    defineJobs(agenda, jobDeps, child('jobs'));

    const customers = createCustomerDirectory(db.repos);
    const { home, onboardingActions } = createHome({ customers, onboarding, slack }, child);
    let closed = false;
    return {
      config,
      logger,
      db,
      agenda,
      slack: slackGateway,
      customers,
      home,
      onboardingActions,
      customerImport,
      environment: techEnv,
      reportStore,
      reports,
      alertActions: createAlertActions({ alerting, slack, calls: reports.calls, logger: child('alert-actions') }),
      uploads,
      alerting,
      detection,
      intake,
      checkups: onboarding.checkups,
      onboarding,
      fixEmail,
      status: () => checkStatus(statusChecks),
      /** Runs background jobs in this process (inline mode, or `techhealth worker`). */
      async startJobs() {
        await agenda.start();
        await scheduleRecurring(agenda);
        processor.start();
        schedulerRunning = true;
      },
      /** Drains running jobs (bounded), then closes MongoDB. Safe to call twice. */
      async close() {
        if (closed) return;
        closed = true;
        schedulerRunning = false;
        await processor.stop();
        try {
          const drained = await agenda.drain(30_000);
          if (drained.timedOut)
            logger.warn({ running: drained.running }, 'jobs still running at shutdown; they resume on restart');
        } catch (err) {
          logger.debug({ err }, 'Agenda was not running');
        }
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** New-integration check-ups over the catalog, scheduled as Agenda jobs. */
/** The Home tab (customers, then the integration dashboard) and the clicks on onboarding messages. */
function createHome(
  d: { customers: CustomerDirectory; onboarding: Onboarding; slack: SlackGateway },
  child: (component: string) => Logger,
) {
  const home = createHomeTab({ customers: d.customers, dashboard: d.onboarding.dashboard, slack: d.slack });
  const onboardingActions = createOnboardingActions({
    onboarding: d.onboarding,
    slack: d.slack,
    publishHome: (userId, state) => home.publish(userId, state),
    logger: child('onboarding-actions'),
  });
  return { home, onboardingActions };
}

/** Templates and the catalog from templates/, and the Gmail sender on the Google credentials. */
async function loadAssets(config: Config, child: (component: string) => Logger) {
  const [templates, checkupTemplates, googleAuth, catalog] = await Promise.all([
    loadAlertTemplates(),
    loadCheckupTemplates(),
    createGoogleAuth(config.google),
    loadIntegrationCatalog(),
  ]);
  const gmail = createGmailSender({
    auth: googleAuth,
    rootUrl: config.google.apiRootUrl,
    from: config.alerts.emailFrom,
    logger: child('gmail'),
  });
  return { templates, checkupTemplates, catalog, gmail };
}

/** Integration added → check-ups, outreach, the dashboard (issue 12). */
function createOnboardingServices(
  d: {
    db: Database;
    agenda: Agenda;
    slack: SlackGateway;
    catalog: Awaited<ReturnType<typeof loadIntegrationCatalog>>;
    gmail: GmailSender;
    templates: Awaited<ReturnType<typeof loadCheckupTemplates>>;
    config: Config;
    now?: () => number;
  },
  child: (component: string) => Logger,
) {
  return createOnboarding({
    repos: d.db.repos,
    slack: d.slack,
    catalog: d.catalog,
    templates: d.templates,
    gmail: d.gmail,
    outreachMode: d.config.onboarding.outreachMode,
    fallbackChannelId: d.config.alerts.fallbackChannelId,
    scheduleCheck: (integrationId, stage, at) => scheduleCheckup(d.agenda, integrationId, stage, at),
    scheduleOutreach: (id) => scheduleCheckupOutreach(d.agenda, id),
    logger: child('checkups'),
    now: d.now,
  });
}

/** Integration alerts: events in, detection, incidents and their DMs, the fix-instructions email. */
function createAlertServices(
  d: {
    db: Database;
    agenda: Agenda;
    slack: SlackGateway;
    templates: Awaited<ReturnType<typeof loadAlertTemplates>>;
    gmail: GmailSender;
    config: Config;
    /** Check-ups: start on connection events, keep usage snapshots, and the digest's portfolio metrics. */
    onboarding: Onboarding;
    /** Usage snapshots and security changes, for the technical environment. */
    onInformational(customerId: string, events: IntegrationEvent[]): Promise<unknown>;
  },
  child: (component: string) => Logger,
) {
  const { db, agenda, config } = d;
  const alerting = createAlerting({
    repos: db.repos,
    slack: d.slack,
    config: config.alerts,
    templates: d.templates,
    scheduleEmail: (key) => scheduleOutreachSend(agenda, key),
    onboardingMetricsFor: (csm) => d.onboarding.metricsFor(csm),
    logger: child('alerts'),
  });
  const { gmail } = d;
  const detection = createDetectionRunner({
    repos: db.repos,
    alerting,
    logger: child('detection'),
    onInformational: d.onInformational,
    wakeShardOf: (id) => processor.wake(shardOf(id)),
  });
  // Works the inbox only once started (startJobs): an app with JOBS=off stores events for the workers.
  const processor = createEventProcessor({ detection, leases: db.repos.shardLeases, logger: child('detection') });
  return {
    alerting,
    detection,
    processor,
    fixEmail: createFixEmailSender({
      repos: db.repos,
      gmail,
      templates: d.templates,
      alerting,
      reconnectUrlPattern: config.alerts.reconnectUrlPattern,
      logger: child('fix-email'),
    }),
    intake: createEventIntake({
      repos: db.repos,
      wake: (id) => processor.wake(shardOf(id)),
      onStored: (stored) => d.onboarding.onEventsStored(stored),
      logger: child('events'),
    }),
  };
}

export interface AppOverrides extends ServiceOverrides {
  /** Listen on this port instead of `config.port` (tests pass 0 for an ephemeral port). */
  port?: number;
}

export interface TechHealthApp {
  bolt: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  services: Services;
  db: Database;
  /** The job scheduler (Agenda on the same MongoDB), started by start() and drained by stop(). */
  agenda: Agenda;
  logger: Logger;
  /** Starts the receiver; resolves with the HTTP port it listens on (null in Socket Mode without routes). */
  start(): Promise<{ port: number | null }>;
  /** Stops the receiver, drains jobs and closes MongoDB. Safe to call twice. */
  stop(): Promise<void>;
}

/** The Slack app server: the services, their REST routes on the Bolt receiver, and the Slack listeners. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<TechHealthApp> {
  const botToken = config.slack.botToken;
  if (!botToken) throw new Error('createApp needs config.slack.botToken (loadConfig(env, ["slack"]) checks it)');
  const services = await createServices(config, overrides);
  const { logger, db, agenda } = services;
  const port = overrides.port ?? config.port;
  try {
    const boltLogger = toBoltLogger(logger.child({ component: 'bolt' }));
    const routes = [
      ...healthRoutes([{ name: 'mongodb', check: () => db.ping() }]),
      ...apiRoutes({
        apiToken: config.apiToken,
        repos: db.repos,
        reportStore: services.reportStore,
        ticketing: services.reports.ticketing,
        customerImport: services.customerImport,
        status: services.status,
        maxBytes: config.uploadMaxBytes,
        logger: logger.child({ component: 'api' }),
      }),
      ...onboardingRoutes({
        apiToken: config.apiToken,
        repos: db.repos,
        onboarding: services.onboarding,
        logger: logger.child({ component: 'api' }),
        now: overrides.now,
      }),
      ...environmentRoutes({ ...services.environment, apiToken: config.apiToken }),
      ...eventRoutes({
        eventsSecret: config.alerts.eventsSecret,
        apiToken: config.apiToken,
        intake: services.intake,
        alerting: services.alerting,
        repos: db.repos,
        healthCheckOf: async (id) => {
          const record = await services.onboarding.records.forIntegration(id);
          return record ? toApiRecord(record) : null;
        },
        databaseConnected: () => db.connected(),
        logger: logger.child({ component: 'events' }),
      }),
    ];
    routes.push(openApiRoute(routes, { apiToken: config.apiToken, version: appVersion(), logger }));
    const receiver: HTTPReceiver | SocketModeReceiver = config.slack.appToken
      ? new SocketModeReceiver({
          appToken: config.slack.appToken,
          logger: boltLogger,
          customRoutes: routes,
          // The health routes need an HTTP listener even though Slack traffic arrives over the WebSocket.
          installerOptions: { port },
        })
      : new HTTPReceiver({
          signingSecret: requireSigningSecret(config),
          logger: boltLogger,
          customRoutes: routes,
          port,
          // Slack waits 3 s for the ack; answer 404 for requests no listener claims well before that.
          unhandledRequestTimeoutMillis: 2500,
        });

    const bolt = new App({
      token: botToken,
      receiver,
      logger: boltLogger,
      clientOptions: { slackApiUrl: config.slack.apiUrl },
      extendedErrorHandler: true,
    });
    bolt.use(skipRetries(logger, (key) => db.repos.counters.claim(key, SLACK_EVENT_DEDUP_MS)));
    // With extendedErrorHandler Bolt passes { error, context, body, logger }; its types don't export that shape.
    const onError = async ({
      error,
      context,
      body,
    }: {
      error: Error;
      context: { teamId?: string; userId?: string };
      body: unknown;
    }) => {
      logger.error({ err: error, ...describeRequest(context, body) }, 'Slack listener failed');
    };
    bolt.error(onError as unknown as Parameters<App['error']>[0]);
    registerHandlers(bolt, services);

    let stopped = false;
    return {
      bolt,
      receiver,
      services,
      db,
      agenda,
      logger,
      async start() {
        // Jobs first: a request acked by the receiver may schedule one at once. With JOBS=off this process
        // only queues jobs; `techhealth worker` processes run them.
        if (config.jobs === 'inline') await services.startJobs();
        else await agenda.ready;
        const started = await bolt.start(port);
        const server =
          receiver instanceof HTTPReceiver
            ? (started as unknown as Server)
            : (receiver as unknown as { httpServer?: Server }).httpServer;
        const address = server?.address() as AddressInfo | null | undefined;
        const boundPort = address && typeof address === 'object' ? address.port : null;
        logger.info({ mode: config.slack.mode, port: boundPort }, 'TechHealth Slack app started');
        return { port: boundPort };
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await bolt.stop();
        } catch (err) {
          // Stopping a receiver that never started throws; shutting down must still close MongoDB.
          logger.debug({ err }, 'receiver was not running');
        }
        // Running jobs finish (bounded) before MongoDB closes; an unfinished one resumes on next start.
        await services.close();
        logger.info('TechHealth Slack app stopped');
      },
    };
  } catch (err) {
    await services.close();
    throw err;
  }
}

function requireSigningSecret(config: Config): string {
  if (!config.slack.signingSecret) {
    throw new Error('HTTP mode needs config.slack.signingSecret (loadConfig(env, ["slack"]) checks it)');
  }
  return config.slack.signingSecret;
}

/** How long an Events API `event_id` is remembered: Slack retries within minutes. */
const SLACK_EVENT_DEDUP_MS = 60 * 60_000;

/**
 * Slack retries a delivery (x-slack-retry-num) when it did not see our ack in time. We ack first and
 * hand long work to services with stored idempotency keys, so a retry is never new work: acknowledge it
 * and stop. Cost: if the first delivery died before its listener ran, its work is lost; the upload flow
 * covers that with its own stored job state. An Events API delivery seen before (same `event_id`, e.g.
 * replayed without the retry header) is acknowledged and stopped the same way; the claim is stored, so
 * several instances agree.
 */
function skipRetries(logger: Logger, claim: (key: string) => Promise<boolean>) {
  return async (args: {
    context: { retryNum?: number; retryReason?: string };
    body: unknown;
    ack?: (response?: never) => Promise<void>;
    next: () => Promise<void>;
  }) => {
    const skip = async (msg: string, extra: Record<string, unknown>) => {
      logger.info({ ...extra, ...describeRequest({}, args.body) }, msg);
      if (args.ack) await args.ack();
    };
    if (args.context.retryNum && args.context.retryNum > 0) {
      return skip('Slack retry skipped', { retryNum: args.context.retryNum, retryReason: args.context.retryReason });
    }
    const eventId = (args.body as { type?: string; event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && eventId && !(await claim(`slack-event:${eventId}`))) {
      return skip('Slack event seen before skipped', { eventId });
    }
    await args.next();
  };
}

/** team/user/what for log lines; never the tokens that live in the same context object. */
function describeRequest(context: { teamId?: string; userId?: string }, body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  const event = b.event as { type?: string; user?: string } | undefined;
  const actions = b.actions as { action_id?: string }[] | undefined;
  const view = b.view as { callback_id?: string } | undefined;
  const user = b.user as { id?: string } | string | undefined;
  return {
    team: context.teamId ?? b.team_id ?? (b.team as { id?: string } | undefined)?.id,
    user: context.userId ?? (typeof user === 'string' ? user : user?.id) ?? b.user_id ?? event?.user,
    kind: b.type ?? (b.command ? 'slash_command' : undefined),
    action: b.command ?? event?.type ?? actions?.[0]?.action_id ?? view?.callback_id,
    eventId: b.event_id,
  };
}

const PINO_TO_BOLT: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Bolt's Logger interface over pino, so Bolt's own lines and listener `logger` args land in one JSON stream. */
export function toBoltLogger(base: Logger): BoltLogger {
  let log = base;
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const err = msg.find((m): m is Error => m instanceof Error);
      const text = msg
        .filter((m) => m !== err)
        .map((m) => (typeof m === 'string' ? m : inspect(m, { depth: 4, breakLength: Number.POSITIVE_INFINITY })))
        .join(' ');
      if (err) log[level]({ err }, text);
      else log[level](text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    // The configured LOG_LEVEL wins: Bolt calls setLevel with its own default during construction.
    setLevel: () => {},
    getLevel: () => PINO_TO_BOLT[log.level] ?? LogLevel.INFO,
    setName: (name: string) => {
      log = base.child({ name });
    },
  };
}
